// Calibration data: the shipped fit (db/seed/calibration.json), the user's measurements and
// fits stored in the database, and which factor table a perf call uses.
import fs from 'node:fs';
import path from 'node:path';
import { calibrationFileSchema, factorTableFromJson, type CalibrationFile } from '../engine/calibration/index.js';
import { DEFAULT_TABLE, type FactorTable } from '../engine/capacity/factors.js';
import { gpuFromRow, modelFromRow, type GpuSpec, type ModelSpec } from '../engine/catalog.js';
import type { ReadableDB, WritableDB } from './handles.js';
import type { LocalPath } from '../shared/local-path.js';
import { readLocalFile } from './local-file.js';

/** Most a calibration JSON file named on the command line may weigh (the shipped fit is ~40 KB). */
export const MAX_CALIBRATION_FILE_BYTES = 16 * 1024 * 1024;

export const SEED_CALIBRATION = path.join('db', 'seed', 'calibration.json');
export const SEED_BENCHMARKS = path.join('db', 'seed', 'benchmarks_public.csv');

const seedCache = new Map<string, { mtimeMs: number; file: CalibrationFile | null }>();

/** The shipped fit, or null when the file is missing (then the datasheet priors apply). */
export function readSeedCalibration(appRoot: string): CalibrationFile | null {
  const p = path.join(appRoot, SEED_CALIBRATION);
  let st: fs.Stats;
  try { st = fs.statSync(p); } catch { return null; }
  const hit = seedCache.get(p);
  if (hit && hit.mtimeMs === st.mtimeMs) return hit.file;
  const parsed = calibrationFileSchema.safeParse(JSON.parse(fs.readFileSync(p, 'utf8')));
  const file = parsed.success ? (parsed.data as CalibrationFile) : null;
  seedCache.set(p, { mtimeMs: st.mtimeMs, file });
  return file;
}

export interface ActiveCalibration {
  kind: 'stored' | 'shipped' | 'none';
  factors: FactorTable;
  file: CalibrationFile | null;
  created_at?: string;
}

/** The fit stored in this database (active), if the user has added measurements. */
export function storedFit(db: ReadableDB): { file: CalibrationFile; created_at: string } | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calibration_fits'").get();
  if (!hasTable) return null;
  const row = db.prepare('SELECT file_json, created_at FROM calibration_fits WHERE active = 1').get() as { file_json: string; created_at: string } | undefined;
  if (!row) return null;
  const parsed = calibrationFileSchema.safeParse(JSON.parse(row.file_json));
  return parsed.success ? { file: parsed.data as CalibrationFile, created_at: row.created_at } : null;
}

/**
 * The factors a perf call uses: 'default' = the database's stored fit if any, else the
 * shipped fit, else the priors; 'none' = the datasheet priors; a LocalPath (only the CLI makes
 * one) is a JSON file (a calibration file or a bare factor table), read bounded (regular file, size cap).
 */
export function resolveCalibration(choice: 'default' | 'none' | LocalPath, appRoot: string, db: ReadableDB | null): ActiveCalibration {
  if (choice === 'none') return { kind: 'none', factors: DEFAULT_TABLE, file: null };
  if (choice === 'default') {
    const s = db ? storedFit(db) : null;
    if (s) return { kind: 'stored', factors: s.file.factors, file: s.file, created_at: s.created_at };
    const seed = readSeedCalibration(appRoot);
    return seed ? { kind: 'shipped', factors: seed.factors, file: seed } : { kind: 'none', factors: DEFAULT_TABLE, file: null };
  }
  let raw: unknown;
  try {
    const f = readLocalFile(choice, { field: 'calibration', extensions: [], maxBytes: MAX_CALIBRATION_FILE_BYTES });
    raw = JSON.parse(f.bytes.toString('utf8'));
  } catch (e) {
    // readLocalFile's refusals name the field; a JSON syntax error is its own message.
    const why = (e as Error).message.replace(/^calibration: /, '');
    throw new CalibrationFileError(`--calibration ${choice.path}: cannot read it as JSON (${why})`);
  }
  try {
    return { kind: 'stored', factors: factorTableFromJson(raw), file: null };
  } catch (e) {
    throw new CalibrationFileError(`--calibration ${choice}: ${(e as Error).message}`);
  }
}

export class CalibrationFileError extends Error {}

/** False for a database migrated past 0020's number before 0020 existed (development builds). */
export function hasCalibrationTables(db: ReadableDB): boolean {
  return !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calibration_measurements'").get()
    && !!db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calibration_fits'").get();
}

const asStrings = (row: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]));

/** The catalog as engine specs (from the database, seeded from db/seed CSVs). */
export function catalogSpecs(db: ReadableDB): { gpus: GpuSpec[]; models: ModelSpec[] } {
  const gpus = (db.prepare('SELECT * FROM gpu_types ORDER BY id').all() as Record<string, unknown>[]).map((r) => gpuFromRow(asStrings(r)));
  const models = (db.prepare('SELECT * FROM llm_models ORDER BY id').all() as Record<string, unknown>[]).map((r) => modelFromRow(asStrings(r)));
  return { gpus, models };
}

export const MEASUREMENT_COLUMNS = [
  'source', 'source_url', 'version', 'gpu_id', 'gpus', 'tp', 'model_id', 'precision', 'engine', 'scenario', 'input_tokens',
  'output_tokens', 'concurrency', 'metric', 'value', 'ttft_ms', 'tpot_ms', 'notes',
] as const;

/** The user's stored measurements as CSV-like rows (same shape as benchmarks_public.csv). */
export function listMeasurements(db: ReadableDB): Record<string, string>[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calibration_measurements'").get();
  if (!hasTable) return [];
  return (db.prepare(`SELECT ${MEASUREMENT_COLUMNS.join(',')} FROM calibration_measurements ORDER BY id`).all() as Record<string, unknown>[]).map(asStrings);
}

export function countMeasurements(db: ReadableDB): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='calibration_measurements'").get();
  if (!hasTable) return 0;
  return (db.prepare('SELECT count(*) AS n FROM calibration_measurements').get() as { n: number }).n;
}

/** Count and last id of the stored measurements ('' without the table): changes with every add. */
export function measurementsStamp(db: ReadableDB): string {
  if (!hasCalibrationTables(db)) return '';
  const r = db.prepare('SELECT count(*) AS n, max(id) AS last FROM calibration_measurements').get() as { n: number; last: number | null };
  return `${r.n}:${r.last ?? 0}`;
}

const numOrNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

/** Stores accepted measurement rows (already validated by the engine's observation parser). */
export function insertMeasurements(db: WritableDB, rows: { row: number; cells: Record<string, string> }[], fileName: string, now: Date): number {
  const ins = db.prepare(`INSERT INTO calibration_measurements (${MEASUREMENT_COLUMNS.join(',')}, file_name, file_row, added_at)
    VALUES (${MEASUREMENT_COLUMNS.map((c) => '@' + c).join(',')}, @file_name, @file_row, @added_at)`);
  for (const { row, cells: r } of rows) {
    ins.run({
      source: r.source || fileName, source_url: r.source_url ?? '', version: r.version ?? '', gpu_id: r.gpu_id,
      gpus: Math.round(Number(r.gpus || r.tp)), tp: numOrNull(r.tp), model_id: r.model_id, precision: r.precision.toLowerCase(),
      engine: r.engine ?? '', scenario: r.scenario === 'server' ? 'server' : 'offline', input_tokens: numOrNull(r.input_tokens),
      output_tokens: numOrNull(r.output_tokens), concurrency: numOrNull(r.concurrency), metric: r.metric, value: Number(r.value),
      ttft_ms: numOrNull(r.ttft_ms), tpot_ms: numOrNull(r.tpot_ms), notes: r.notes ?? '', file_name: fileName, file_row: row,
      added_at: now.toISOString(),
    });
  }
  return rows.length;
}

export function saveFit(db: WritableDB, file: CalibrationFile, now: Date): void {
  db.prepare('UPDATE calibration_fits SET active = 0 WHERE active = 1').run();
  db.prepare('INSERT INTO calibration_fits (created_at, file_json, active) VALUES (?, ?, 1)').run(now.toISOString(), JSON.stringify(file));
}
