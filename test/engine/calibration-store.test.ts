// Pins migration 0020 (calibration tables: fixture at 0010 → 0020, rows kept, malformed rows refused, one active fit) and the store's choice of calibration (stored > shipped > priors, FILE, none).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, tmpDir } from '../helpers/tmp.js';
import { loadMigrations, migrate } from '../../src-main/store/migrate.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import {
  CalibrationFileError, insertMeasurements, listMeasurements, resolveCalibration, saveFit, storedFit, catalogSpecs,
} from '../../src-main/store/calibration.js';
import { runCalibration } from '../../src-main/engine/calibration/index.js';
import { DEFAULT_FACTORS } from '../../src-main/engine/capacity/index.js';
import { mintLocalPath } from '../../src-main/shared/local-path.js';

const migrations = loadMigrations(path.join(ROOT, 'db'));

describe('migration 0020-calibration', () => {
  it('applies on a 0010 database with catalog rows, keeping them, and checks its columns', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, 10);
    db.prepare(`INSERT INTO gpu_types (id,name,vendor,memory_gb,memory_bw_tbs,bf16_dense_tflops,release_year,cn_export_status,source_url)
      VALUES ('g1','G','V',80,3,1000,2024,'allowed','x')`).run();
    db.prepare(`INSERT INTO llm_models (id,name,family,params_total_b,params_active_b,layers,hidden_size,attention_heads,kv_heads,head_dim,vocab_size,max_context,attention,source_url)
      VALUES ('m1','M','F',7,7,32,4096,32,8,128,32000,8192,'gqa','x')`).run();
    migrate(db, migrations, 20);
    expect((db.prepare('SELECT count(*) AS n FROM gpu_types').get() as { n: number }).n).toBe(1);
    const ins = (over: Record<string, unknown>) => db.prepare(`INSERT INTO calibration_measurements
      (source,gpu_id,gpus,model_id,precision,metric,value,added_at) VALUES (@source,@gpu_id,@gpus,@model_id,@precision,@metric,@value,'2026-01-01')`)
      .run({ source: 's', gpu_id: 'g1', gpus: 1, model_id: 'm1', precision: 'fp8', metric: 'output_tokens_per_s', value: 100, ...over });
    ins({});
    expect(() => ins({ precision: 'fp9' })).toThrow(/CHECK/);
    expect(() => ins({ value: 0 })).toThrow(/CHECK/);
    expect(() => ins({ gpus: 0 })).toThrow(/CHECK/);
    expect(() => ins({ gpu_id: 'nope' })).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO calibration_fits (created_at,file_json,active) VALUES ('t','{}',1)").run();
    expect(() => db.prepare("INSERT INTO calibration_fits (created_at,file_json,active) VALUES ('t','{}',1)").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO calibration_fits (created_at,file_json,active) VALUES ('t','{}',0)").run();
  });

  it('an empty database migrates through 0020 to the latest version', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['calibration_measurements', 'calibration_fits']));
  });
});

describe('which calibration perf uses', () => {
  it('priors → shipped → stored, and FILE / none on request', () => {
    const file = path.join(tmpDir(), 'h.db');
    const db = openDatabase(file, { appRoot: ROOT, create: true });
    try {
      expect(resolveCalibration('none', ROOT, db).factors.global).toEqual(DEFAULT_FACTORS);
      expect(resolveCalibration('default', ROOT, db).kind).toBe('shipped');
      expect(resolveCalibration('default', tmpDir(), null).kind).toBe('none');

      const { gpus, models } = catalogSpecs(db);
      const cells = { source: 'lab', gpu_id: 'h20', gpus: '8', tp: '8', model_id: 'qwen2.5-72b', precision: 'fp8', metric: 'output_tokens_per_s', value: '3000', input_tokens: '1000', output_tokens: '500' };
      insertMeasurements(db, [{ row: 1, cells }], 'mine.csv', new Date('2026-11-25T00:00:00Z'));
      expect(listMeasurements(db)).toEqual([expect.objectContaining({ gpu_id: 'h20', model_id: 'qwen2.5-72b', value: '3000', tp: '8' })]);
      const run = runCalibration([{ path: 'mine', rows: listMeasurements(db) }], gpus, models, { fittedOn: '2026-11-25', cv: false });
      saveFit(db, run.file, new Date('2026-11-25T00:00:00Z'));
      saveFit(db, run.file, new Date('2026-11-26T00:00:00Z'));
      expect(storedFit(db)?.created_at).toBe('2026-11-26T00:00:00.000Z');
      const c = resolveCalibration('default', ROOT, db);
      expect(c.kind).toBe('stored');

      const json = path.join(tmpDir(), 'cal.json');
      fs.writeFileSync(json, JSON.stringify(run.file));
      expect(resolveCalibration(mintLocalPath(json), ROOT, db).factors.kind).toBe('factor-table');
      fs.writeFileSync(json, '{"nope":1}');
      expect(() => resolveCalibration(mintLocalPath(json), ROOT, db)).toThrow(CalibrationFileError);
      expect(() => resolveCalibration(mintLocalPath(path.join(tmpDir(), 'missing.json')), ROOT, db)).toThrow(/cannot read/);
    } finally {
      closeDatabase(db);
    }
  });
});
