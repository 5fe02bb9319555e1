// Undo/redo as recorded inverse row changes (Actual Budget's src/server/undo.ts, without its
// module-level cursor): one step per mutating API call, kept in the database (db/0070-undo.sql).
//
// Recording: per connection, TEMP triggers on each tracked table append the changed row's
// rowid and (for updates/deletes) its old values as JSON to `undo_log`, but only while
// `temp.headroom_undo_cur` names a step — i.e. inside a mutating API call (`invoke` calls
// beginStep/endStep around it, inside its transaction). Writes outside the API are not recorded.
//
// Applying a step writes the old rows back in reverse order through ordinary SQL, with the
// triggers recording into a step on the other stack, so undo produces its own redo and redo its
// own undo. Foreign keys are deferred while a step is applied (children may come back before
// their parents) and checked before the transaction commits.
//
// Why in the file rather than in memory: the history survives a restart, the CLI and the app
// share one consistent stack for one file, and a crash rolls the log back with the data.
import type { WritableDB, ReadableDB } from './handles.js';

/**
 * Tables whose rows the user edits: inventory, sites, scenarios, price lists and their entries,
 * money settings (FX, tariffs, site and cluster costs, fixed items), procurement settings and
 * calibration data. Catalog and reference tables (seeded from db/seed) are not. A table missing
 * from the file is skipped.
 */
export const UNDO_TABLES = [
  'sites', 'clusters', 'scenarios', 'price_lists', 'price_items', 'gpu_aliases', 'vendor_mappings', 'vendor_currencies',
  'fx_rates', 'site_costs', 'tariffs', 'cluster_costs', 'fixed_costs', 'procure_settings',
  'calibration_measurements', 'calibration_fits', 'export_rules', 'export_licences',
  'actuals_imports', 'actuals_usage', 'actuals_spend',
] as const;

/**
 * Children whose inserts need no log row when their parent was inserted in the same step:
 * undoing the parent's insert deletes them by ON DELETE CASCADE (and those deletes are
 * recorded for redo). A 100,000-row import is then one log row, not 100,001.
 */
const CASCADED_INSERTS: Record<string, { parent: string; fk: string }> = {
  price_items: { parent: 'price_lists', fk: 'price_list_id' },
  actuals_usage: { parent: 'actuals_imports', fk: 'import_id' },
  actuals_spend: { parent: 'actuals_imports', fk: 'import_id' },
};

/** How many undo steps are kept (older ones are dropped). */
export const UNDO_LIMIT = 50;

/** API methods that drive undo themselves and so never open a step of their own. */
export const UNDO_CONTROL_METHODS = new Set(['undo.undo', 'undo.redo']);

export interface UndoStepInfo { id: number; method: string; created_at: string; changes: number }
/** An applied step with the tables it wrote (the page in view re-reads only what they hold). */
export interface AppliedStep extends UndoStepInfo { tables: string[] }
export interface UndoStatus { can_undo: boolean; can_redo: boolean; limit: number; undo: UndoStepInfo[]; redo: UndoStepInfo[] }

const installed = new WeakMap<object, string[]>();

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

function hasUndoSchema(db: ReadableDB): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'undo_log'").get();
}

function columns(db: ReadableDB, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name);
}

function isRowidTable(db: ReadableDB, table: string): boolean {
  const r = db.prepare('SELECT wr FROM pragma_table_list WHERE schema = ? AND name = ?').get('main', table) as { wr: number } | undefined;
  return !!r && r.wr === 0;
}

/**
 * Creates the TEMP recording triggers on this connection (once). Must run outside a
 * transaction. Returns the tracked tables present in this file (none before 0070).
 */
export function installUndo(db: WritableDB): string[] {
  const done = installed.get(db);
  if (done) return done;
  if (!hasUndoSchema(db)) { installed.set(db, []); return []; }
  const tables = UNDO_TABLES.filter((t) => isRowidTable(db, t));
  // REPLACE deletes conflicting rows; its delete triggers fire only with recursive_triggers on
  // (https://www.sqlite.org/lang_conflict.html). Our triggers only write undo_log, which has none.
  db.pragma('recursive_triggers = ON');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS headroom_undo_cur (one INTEGER PRIMARY KEY CHECK (one = 1), step INTEGER, kind TEXT, clear_redo INTEGER)');
  db.exec('INSERT OR IGNORE INTO headroom_undo_cur (one, step) VALUES (1, NULL)');
  const cur = '(SELECT step FROM headroom_undo_cur WHERE one = 1)';
  for (const t of tables) {
    const cols = columns(db, t);
    const old = `json_object('rowid', OLD.rowid, ${cols.map((c) => `'${c.replace(/'/g, "''")}', OLD.${q(c)}`).join(', ')})`;
    const lit = `'${t}'`;
    const cascade = CASCADED_INSERTS[t];
    const skipInsert = cascade && tables.includes(cascade.parent as (typeof UNDO_TABLES)[number])
      ? ` AND NOT EXISTS (SELECT 1 FROM undo_log WHERE step = ${cur} AND tbl = '${cascade.parent}' AND op = 'i' AND row_id = NEW.${q(cascade.fk)})`
      : '';
    db.exec(`
      DROP TRIGGER IF EXISTS temp.${q(`headroom_undo_${t}_i`)};
      DROP TRIGGER IF EXISTS temp.${q(`headroom_undo_${t}_u`)};
      DROP TRIGGER IF EXISTS temp.${q(`headroom_undo_${t}_d`)};
      CREATE TEMP TRIGGER ${q(`headroom_undo_${t}_i`)} AFTER INSERT ON ${q(t)} WHEN ${cur} IS NOT NULL${skipInsert} BEGIN
        INSERT INTO undo_log (step, tbl, op, row_id, old) VALUES (${cur}, ${lit}, 'i', NEW.rowid, NULL);
      END;
      CREATE TEMP TRIGGER ${q(`headroom_undo_${t}_u`)} AFTER UPDATE ON ${q(t)} WHEN ${cur} IS NOT NULL BEGIN
        INSERT INTO undo_log (step, tbl, op, row_id, old) VALUES (${cur}, ${lit}, 'u', OLD.rowid, ${old});
      END;
      CREATE TEMP TRIGGER ${q(`headroom_undo_${t}_d`)} AFTER DELETE ON ${q(t)} WHEN ${cur} IS NOT NULL BEGIN
        INSERT INTO undo_log (step, tbl, op, row_id, old) VALUES (${cur}, ${lit}, 'd', OLD.rowid, ${old});
      END;`);
  }
  installed.set(db, tables);
  return tables;
}

function openStep(db: WritableDB, kind: 'undo' | 'redo', method: string, now: Date, clearRedo: boolean): number {
  const id = Number(db.prepare('INSERT INTO undo_steps (kind, method, created_at) VALUES (?, ?, ?)').run(kind, method, now.toISOString()).lastInsertRowid);
  db.prepare('UPDATE headroom_undo_cur SET step = ?, kind = ?, clear_redo = ? WHERE one = 1').run(id, kind, clearRedo ? 1 : 0);
  return id;
}

/** Inside a mutating call's transaction: starts recording a new undo step (not for undo/redo themselves). */
export function beginStep(db: WritableDB, method: string, now: Date): void {
  if (!installed.get(db)?.length) return;
  db.prepare('UPDATE headroom_undo_cur SET step = NULL WHERE one = 1').run();
  if (UNDO_CONTROL_METHODS.has(method)) return;
  openStep(db, 'undo', method, now, true);
}

/** Before the call's COMMIT: keeps the step if it changed anything, trims the history, stops recording. */
export function endStep(db: WritableDB): void {
  if (!installed.get(db)?.length) return;
  const cur = db.prepare('SELECT step, kind, clear_redo FROM headroom_undo_cur WHERE one = 1').get() as { step: number | null; kind: string | null; clear_redo: number | null };
  db.prepare('UPDATE headroom_undo_cur SET step = NULL WHERE one = 1').run();
  if (cur.step === null) return;
  const n = (db.prepare('SELECT count(*) AS n FROM undo_log WHERE step = ?').get(cur.step) as { n: number }).n;
  if (n === 0) { db.prepare('DELETE FROM undo_steps WHERE id = ?').run(cur.step); return; }
  // A new edit forks history: what was undone can no longer be redone.
  if (cur.clear_redo) db.prepare("DELETE FROM undo_steps WHERE kind = 'redo'").run();
  trim(db);
}

/** Stops recording without keeping anything (the call failed; its transaction rolls back). */
export function abortStep(db: WritableDB): void {
  if (!installed.get(db)?.length) return;
  try { db.prepare('UPDATE headroom_undo_cur SET step = NULL WHERE one = 1').run(); } catch { /* temp table gone with the connection */ }
}

function trim(db: WritableDB): void {
  for (const kind of ['undo', 'redo']) {
    db.prepare(`DELETE FROM undo_steps WHERE kind = ? AND id NOT IN (SELECT id FROM undo_steps WHERE kind = ? ORDER BY id DESC LIMIT ?)`).run(kind, kind, UNDO_LIMIT);
  }
}

export class UndoConflictError extends Error {}

interface LogRow { tbl: string; op: 'i' | 'u' | 'd'; row_id: number; old: string | null }

/**
 * Pops the newest step of `from` ('undo' for undo, 'redo' for redo) and writes its inverse,
 * recording that as a step on the other stack. Must run inside a transaction (invoke's).
 * Returns the step applied, or null when the stack is empty.
 */
export function applyTop(db: WritableDB, from: 'undo' | 'redo', now: Date): AppliedStep | null {
  const tables = installed.get(db) ?? [];
  if (!tables.length) return null;
  if (!db.inTransaction) throw new Error('applyTop must run inside a transaction');
  const step = db.prepare('SELECT s.id, s.method, s.created_at, (SELECT count(*) FROM undo_log l WHERE l.step = s.id) AS changes FROM undo_steps s WHERE kind = ? ORDER BY id DESC LIMIT 1').get(from) as UndoStepInfo | undefined;
  if (!step) return null;
  const log = db.prepare('SELECT tbl, op, row_id, old FROM undo_log WHERE step = ? ORDER BY id DESC').all(step.id) as LogRow[];
  openStep(db, from === 'undo' ? 'redo' : 'undo', step.method, now, false);
  db.pragma('defer_foreign_keys = ON');
  for (const r of log) {
    if (!tables.includes(r.tbl)) throw new UndoConflictError(`cannot undo: table ${r.tbl} is not tracked`);
    const t = q(r.tbl);
    if (r.op === 'i') {
      db.prepare(`DELETE FROM ${t} WHERE rowid = ?`).run(r.row_id);
      continue;
    }
    const old = JSON.parse(r.old ?? '{}') as Record<string, unknown>;
    const known = new Set(columns(db, r.tbl));
    const cols = Object.keys(old).filter((c) => c !== 'rowid' && known.has(c));
    const vals = cols.map((c) => old[c] as string | number | null);
    if (r.op === 'u') {
      const res = db.prepare(`UPDATE ${t} SET ${cols.map((c) => `${q(c)} = ?`).join(', ')} WHERE rowid = ?`).run(...vals, r.row_id);
      if (res.changes !== 1) throw new UndoConflictError(`cannot ${from}: a ${r.tbl} row changed outside the undo history`);
    } else {
      try {
        db.prepare(`INSERT INTO ${t} (rowid, ${cols.map(q).join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`).run(r.row_id, ...vals);
      } catch (e) {
        throw new UndoConflictError(`cannot ${from}: ${r.tbl} row could not be restored (${(e as Error).message})`);
      }
    }
  }
  const fk = db.pragma('foreign_key_check') as unknown[];
  if (fk.length) throw new UndoConflictError(`cannot ${from}: it would leave ${fk.length} broken reference(s)`);
  db.prepare('DELETE FROM undo_steps WHERE id = ?').run(step.id);
  // Rows deleted by ON DELETE CASCADE are not in this step's log (their parent's row is): they belong to the parent's domain.
  return { ...step, tables: [...new Set(log.map((r) => r.tbl))].sort() };
}

export function undoStatus(db: ReadableDB): UndoStatus {
  if (!hasUndoSchema(db)) return { can_undo: false, can_redo: false, limit: UNDO_LIMIT, undo: [], redo: [] };
  const list = (kind: string) => db.prepare(`SELECT s.id, s.method, s.created_at, (SELECT count(*) FROM undo_log l WHERE l.step = s.id) AS changes
    FROM undo_steps s WHERE kind = ? ORDER BY id DESC LIMIT ?`).all(kind, UNDO_LIMIT) as UndoStepInfo[];
  const undo = list('undo'), redo = list('redo');
  return { can_undo: undo.length > 0, can_redo: redo.length > 0, limit: UNDO_LIMIT, undo, redo };
}
