// Procurement settings per scenario (procure_settings, db/0060-procurement.sql): the one place their SQL lives.
import type { ReadableDB, WritableDB } from './handles.js';
import { procureSettingsSchema, type ProcureSettings, type ProcureSettingsInput } from '../engine/procure/settings.js';

export function getProcureSettings(db: ReadableDB, scenario: string): ProcureSettings {
  let row: { body: string } | undefined;
  try {
    row = db.prepare('SELECT body FROM procure_settings WHERE scenario = ?').get(scenario) as { body: string } | undefined;
  } catch { row = undefined; /* database from before migration 0060 */ }
  return procureSettingsSchema.parse(row ? JSON.parse(row.body) : {});
}

export function saveProcureSettings(db: WritableDB, scenario: string, s: ProcureSettingsInput, now: Date): ProcureSettings {
  const parsed = procureSettingsSchema.parse(s);
  db.prepare(`INSERT INTO procure_settings (scenario, body, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(scenario) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`).run(scenario, JSON.stringify(parsed), now.toISOString());
  return parsed;
}

