// GPU availability dates and effective-dated export rules (db/0100-availability-export-rules.sql):
// the one place their SQL lives, and their seed from db/seed (gpu_availability.csv, export_rules.csv).
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../shared/csv.js';
import type { ReadableDB, WritableDB } from './handles.js';
import type { ExportLicence, ExportRule, ExportStatus } from '../engine/procure/rules.js';

export interface ExportRuleRow {
  id: number; seed_key: string | null; country: string; gpu: string; from_month: string; to_month: string | null;
  status: ExportStatus; source: string; note: string; user_edited: boolean;
}
export interface ExportRuleWrite { country: string; gpu: string; from_month: string; to_month: string | null; status: ExportStatus; source: string; note: string }
export interface ExportLicenceRow { id: number; site: string; gpu: string; from_month: string; to_month: string | null; note: string }
export interface GpuAvailability { gpu_id: string; available_from: string; source: string }

const hasTable = (db: ReadableDB, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/** Every GPU type's first-shipment month ({} before migration 0100). */
export function listAvailability(db: ReadableDB): GpuAvailability[] {
  if (!hasTable(db, 'gpu_availability')) return [];
  return db.prepare('SELECT gpu_id, available_from, source FROM gpu_availability ORDER BY gpu_id').all() as GpuAvailability[];
}

const RULE_SELECT = 'SELECT id, seed_key, country, gpu, from_month, to_month, status, source, note, user_edited FROM export_rules WHERE active = 1';
const toRule = (r: Omit<ExportRuleRow, 'user_edited'> & { user_edited: number }): ExportRuleRow => ({ ...r, user_edited: r.user_edited === 1 });

/** Rules in force, optionally for one country and/or in force in one month. */
export function listExportRules(db: ReadableDB, filter: { country?: string; as_of?: string } = {}): ExportRuleRow[] {
  if (!hasTable(db, 'export_rules')) return [];
  const where: string[] = [];
  const args: string[] = [];
  if (filter.country) { where.push('country = ?'); args.push(filter.country.toUpperCase()); }
  if (filter.as_of) { where.push('from_month <= ? AND (to_month IS NULL OR to_month >= ?)'); args.push(filter.as_of, filter.as_of); }
  const sql = `${RULE_SELECT}${where.length ? ' AND ' + where.join(' AND ') : ''} ORDER BY country, from_month, gpu, id`;
  return (db.prepare(sql).all(...args) as (Omit<ExportRuleRow, 'user_edited'> & { user_edited: number })[]).map(toRule);
}
export function getExportRule(db: ReadableDB, id: number): ExportRuleRow | undefined {
  const r = db.prepare(`${RULE_SELECT} AND id = ?`).get(id) as (Omit<ExportRuleRow, 'user_edited'> & { user_edited: number }) | undefined;
  return r ? toRule(r) : undefined;
}
export function insertExportRule(db: WritableDB, r: ExportRuleWrite): number {
  return Number(db.prepare(`INSERT INTO export_rules (country, gpu, from_month, to_month, status, source, note, user_edited)
    VALUES (@country, @gpu, @from_month, @to_month, @status, @source, @note, 1)`).run({ ...r, country: r.country.toUpperCase() }).lastInsertRowid);
}
export function updateExportRule(db: WritableDB, id: number, r: ExportRuleWrite): boolean {
  return db.prepare(`UPDATE export_rules SET country=@country, gpu=@gpu, from_month=@from_month, to_month=@to_month, status=@status,
    source=@source, note=@note, user_edited=1 WHERE id=@id AND active = 1`).run({ ...r, country: r.country.toUpperCase(), id }).changes > 0;
}
/** A seeded rule is kept inactive (so the next seed does not bring it back); a user's rule is deleted. */
export function deleteExportRule(db: WritableDB, id: number): boolean {
  const r = db.prepare('SELECT seed_key FROM export_rules WHERE id = ? AND active = 1').get(id) as { seed_key: string | null } | undefined;
  if (!r) return false;
  if (r.seed_key) return db.prepare('UPDATE export_rules SET active = 0, user_edited = 1 WHERE id = ?').run(id).changes > 0;
  return db.prepare('DELETE FROM export_rules WHERE id = ?').run(id).changes > 0;
}

export function listExportLicences(db: ReadableDB): ExportLicenceRow[] {
  if (!hasTable(db, 'export_licences')) return [];
  return db.prepare('SELECT id, site, gpu, from_month, to_month, note FROM export_licences ORDER BY site, from_month, id').all() as ExportLicenceRow[];
}
export function insertExportLicence(db: WritableDB, l: Omit<ExportLicenceRow, 'id'>): number {
  return Number(db.prepare('INSERT INTO export_licences (site, gpu, from_month, to_month, note) VALUES (@site, @gpu, @from_month, @to_month, @note)').run(l).lastInsertRowid);
}
export function deleteExportLicence(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM export_licences WHERE id = ?').run(id).changes > 0;
}

/** The rules and licences as the engine's plain rows. */
export function engineRules(db: ReadableDB): { rules: ExportRule[]; licences: ExportLicence[] } | null {
  if (!hasTable(db, 'export_rules')) return null;
  return {
    rules: listExportRules(db).map((r) => ({ id: r.id, country: r.country, gpu: r.gpu, from: r.from_month, to: r.to_month, status: r.status, source: r.source })),
    licences: listExportLicences(db).map((l) => ({ site: l.site, gpu: l.gpu, from: l.from_month, to: l.to_month })),
  };
}

/**
 * Seed: availability dates are upserted on every open (a corrected date reaches old files);
 * export rules from public records are upserted by seed_key unless the user edited that row.
 */
export function seedAvailabilityAndRules(db: WritableDB, seedDir: string): void {
  if (!hasTable(db, 'gpu_availability') || !hasTable(db, 'export_rules')) return;
  const read = (f: string) => { const p = path.join(seedDir, f); return fs.existsSync(p) ? parseCsvObjects(fs.readFileSync(p, 'utf8')) : []; };
  const known = new Set((db.prepare('SELECT id FROM gpu_types').all() as { id: string }[]).map((r) => r.id));
  const upAvail = db.prepare(`INSERT INTO gpu_availability (gpu_id, available_from, source) VALUES (?, ?, ?)
    ON CONFLICT(gpu_id) DO UPDATE SET available_from = excluded.available_from, source = excluded.source`);
  const upRule = db.prepare(`INSERT INTO export_rules (seed_key, country, gpu, from_month, to_month, status, source, note)
    VALUES (@key, @country, @gpu, @from, @to, @status, @source, @note)
    ON CONFLICT(seed_key) DO UPDATE SET country = excluded.country, gpu = excluded.gpu, from_month = excluded.from_month,
      to_month = excluded.to_month, status = excluded.status, source = excluded.source, note = excluded.note
    WHERE export_rules.user_edited = 0`);
  db.transaction(() => {
    for (const r of read('gpu_availability.csv')) if (r.gpu_id && known.has(r.gpu_id) && /^\d{4}-\d{2}$/.test(r.available_from)) upAvail.run(r.gpu_id, r.available_from, r.source ?? '');
    for (const r of read('export_rules.csv')) {
      if (!r.seed_key) continue;
      for (const country of r.countries.split(';').map((x) => x.trim()).filter(Boolean)) {
        for (const gpu of r.gpus.split(';').map((x) => x.trim()).filter(Boolean)) {
          upRule.run({ key: `${r.seed_key}/${country}/${gpu}`, country, gpu, from: r.from_month, to: r.to_month || null, status: r.status, source: r.source ?? '', note: r.note ?? '' });
        }
      }
    }
  })();
}
