// Actuals (db/0120-actuals.sql): the one place their SQL lives. A file is written whole, in
// one transaction (a savepoint inside the API's), or not at all; a period/pool (usage) or a
// month/category (spend) given again replaces the earlier figure, keeping the new provenance.
import type { ReadableDB, WritableDB } from './handles.js';
import type { ActualsPreview, UsageRow, SpendRow } from '../shared/actuals.js';

export interface StoredUsage extends Omit<UsageRow, 'row' | 'sheet' | 'overloaded'> { overloaded: boolean | null; file_name: string; source_row: number; source_sheet: string | null }
export interface StoredSpend extends Omit<SpendRow, 'row' | 'sheet'> { file_name: string; source_row: number; source_sheet: string | null }
export interface ActualsImportRow { id: number; file_name: string; sha256: string; imported_at: string; usage_rows: number; spend_rows: number }

export function hasActualsTables(db: ReadableDB): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'actuals_usage'").get();
}

export function writeActuals(db: WritableDB, scenario: string, p: ActualsPreview, now: Date): number {
  return db.transaction((): number => {
    const id = Number(db.prepare('INSERT INTO actuals_imports (scenario, file_name, sha256, imported_at, usage_rows, spend_rows) VALUES (?, ?, ?, ?, ?, ?)')
      .run(scenario, p.file_name, p.sha256, now.toISOString(), p.usage.length, p.spend.length).lastInsertRowid);
    const u = db.prepare(`INSERT INTO actuals_usage (import_id, scenario, pool, period, users, daily_active_users, requests, input_tokens, output_tokens,
        peak_requests_per_s, peak_tokens_per_s, overloaded, overload_minutes, source_row, source_sheet)
      VALUES (@import_id, @scenario, @pool, @period, @users, @daily_active_users, @requests, @input_tokens, @output_tokens,
        @peak_requests_per_s, @peak_tokens_per_s, @overloaded, @overload_minutes, @source_row, @source_sheet)
      ON CONFLICT (scenario, pool, period) DO UPDATE SET import_id = excluded.import_id, users = excluded.users,
        daily_active_users = excluded.daily_active_users, requests = excluded.requests, input_tokens = excluded.input_tokens,
        output_tokens = excluded.output_tokens, peak_requests_per_s = excluded.peak_requests_per_s, peak_tokens_per_s = excluded.peak_tokens_per_s,
        overloaded = excluded.overloaded, overload_minutes = excluded.overload_minutes, source_row = excluded.source_row, source_sheet = excluded.source_sheet`);
    for (const r of p.usage) {
      u.run({
        import_id: id, scenario, pool: r.pool, period: r.period, users: r.users, daily_active_users: r.daily_active_users, requests: r.requests,
        input_tokens: r.input_tokens, output_tokens: r.output_tokens, peak_requests_per_s: r.peak_requests_per_s, peak_tokens_per_s: r.peak_tokens_per_s,
        overloaded: r.overloaded === null ? null : r.overloaded ? 1 : 0, overload_minutes: r.overload_minutes, source_row: r.row, source_sheet: r.sheet ?? null,
      });
    }
    const s = db.prepare(`INSERT INTO actuals_spend (import_id, scenario, month, category, amount, currency, source_row, source_sheet)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (scenario, month, category) DO UPDATE SET import_id = excluded.import_id, amount = excluded.amount,
        currency = excluded.currency, source_row = excluded.source_row, source_sheet = excluded.source_sheet`);
    for (const r of p.spend) s.run(id, scenario, r.month, r.category, r.amount, r.currency, r.row, r.sheet ?? null);
    return id;
  })();
}

export function listUsage(db: ReadableDB, scenario: string): StoredUsage[] {
  if (!hasActualsTables(db)) return [];
  const rows = db.prepare(`SELECT u.pool, u.period, u.users, u.daily_active_users, u.requests, u.input_tokens, u.output_tokens, u.peak_requests_per_s,
      u.peak_tokens_per_s, u.overloaded, u.overload_minutes, u.source_row, u.source_sheet, i.file_name
    FROM actuals_usage u JOIN actuals_imports i ON i.id = u.import_id WHERE u.scenario = ? ORDER BY u.period, u.pool`).all(scenario) as (Omit<StoredUsage, 'overloaded'> & { overloaded: number | null })[];
  return rows.map((r) => ({ ...r, overloaded: r.overloaded === null ? null : r.overloaded === 1 }));
}

export function listSpend(db: ReadableDB, scenario: string): StoredSpend[] {
  if (!hasActualsTables(db)) return [];
  return db.prepare(`SELECT s.month, s.category, s.amount, s.currency, s.source_row, s.source_sheet, i.file_name
    FROM actuals_spend s JOIN actuals_imports i ON i.id = s.import_id WHERE s.scenario = ? ORDER BY s.month, s.category`).all(scenario) as StoredSpend[];
}

export function listImports(db: ReadableDB, scenario: string): ActualsImportRow[] {
  if (!hasActualsTables(db)) return [];
  return db.prepare('SELECT id, file_name, sha256, imported_at, usage_rows, spend_rows FROM actuals_imports WHERE scenario = ? ORDER BY id').all(scenario) as ActualsImportRow[];
}
