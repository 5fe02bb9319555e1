// Scenarios: the one place their SQL lives. Bodies are validated JSON documents.
import type { ReadableDB, WritableDB } from './handles.js';
import { scenarioSchema, type Scenario } from '../engine/demand/scenario.js';

export interface ScenarioRow { id: number; name: string; title: string; body: string; created_at: string; updated_at: string }
export interface ScenarioSummary { id: number; name: string; title: string; start_month: string; horizon_months: number; updated_at: string }

export function listScenarios(db: ReadableDB): ScenarioSummary[] {
  return db.prepare(`SELECT id, name, title, json_extract(body, '$.start_month') AS start_month,
    json_extract(body, '$.horizon_months') AS horizon_months, updated_at FROM scenarios ORDER BY name`).all() as ScenarioSummary[];
}

export function getScenarioRow(db: ReadableDB, name: string): ScenarioRow | undefined {
  return db.prepare('SELECT * FROM scenarios WHERE name = ?').get(name) as ScenarioRow | undefined;
}

/** The stored document, parsed and re-validated (a hand-edited file cannot smuggle bad input). */
export function getScenario(db: ReadableDB, name: string): Scenario | undefined {
  const row = getScenarioRow(db, name);
  return row ? scenarioSchema.parse(JSON.parse(row.body)) : undefined;
}

export function scenarioNames(db: ReadableDB): string[] {
  return (db.prepare('SELECT name FROM scenarios ORDER BY name').all() as { name: string }[]).map((r) => r.name);
}

/** Insert or replace by name; returns the row id. */
export function saveScenario(db: WritableDB, s: Scenario, now: Date): number {
  const body = JSON.stringify(scenarioSchema.parse(s));
  const ts = now.toISOString();
  db.prepare(`INSERT INTO scenarios (name, title, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET title = excluded.title, body = excluded.body, updated_at = excluded.updated_at`).run(s.name, s.title, body, ts, ts);
  return (db.prepare('SELECT id FROM scenarios WHERE name = ?').get(s.name) as { id: number }).id;
}

export function deleteScenario(db: WritableDB, name: string): boolean {
  return db.prepare('DELETE FROM scenarios WHERE name = ?').run(name).changes > 0;
}
