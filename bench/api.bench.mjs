// Skeleton costs: opening + migrating a database, the demo, and an API round trip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseline, measure, table } from './lib.mjs';
import { openDatabase, closeDatabase } from '../build/main/store/open.js';
import { fillDemo } from '../build/main/app/demo-db.js';
import { invoke } from '../build/main/api/handlers.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function () {
  const base = await baseline();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
  let n = 0;
  const create = await measure('create + migrate + seed + demo database', () => {
    const db = openDatabase(path.join(dir, `d${n++}.db`), { appRoot: root, create: true });
    fillDemo(db);
    closeDatabase(db);
  }, { iterations: 5 });
  const db = openDatabase(path.join(dir, 'd0.db'), { appRoot: root });
  const ctx = { db, dbPath: '', appRoot: root, now: () => new Date() };
  const list = await measure('inventory.list via invoke (validated)', () => invoke(ctx, 'inventory.list', {}), { iterations: 200 });
  const add = await measure('inventory.add via invoke (one transaction)', () => invoke(ctx, 'inventory.add', { site: 'Ulanqab', gpu_id: 'h20', gpus: 8, mode: 'buy' }), { iterations: 200 });
  closeDatabase(db);
  table('store and api', base, [create, list, add]);
  fs.rmSync(dir, { recursive: true, force: true });
}
