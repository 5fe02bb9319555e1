// One full plan, as the Plan page and `plan --json` run it: the world snapshot read (time and
// SQL statements executed) and the pure plan (capacity → timeline → Monte Carlo → procurement
// → burn) for ernie-growth-2026 with procurement, in-process (one thread) so runs compare.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { baseline, measure, table } from './lib.mjs';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.join(appRoot, 'build', 'main');
const { createDemoDatabase } = await import(`${buildDir}/app/demo-db.js`);
const { openDatabase, closeDatabase } = await import(`${buildDir}/store/open.js`);
const { readWorld } = await import(`${buildDir}/store/world.js`);
const { computePlan } = await import(`${buildDir}/engine/plan/index.js`);
const { runProcureHere } = await import(`${buildDir}/workers/procure-worker.js`);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
const dbPath = path.join(dir, 'demo.db');
createDemoDatabase(dbPath, appRoot);
const db = openDatabase(dbPath, { appRoot, create: false });

// Count statement executions (run/get/all/iterate) while the snapshot is read.
let statements = 0;
const prepare = db.prepare.bind(db);
db.prepare = (sql) => {
  const st = prepare(sql);
  for (const k of ['run', 'get', 'all', 'iterate']) { const f = st[k].bind(st); st[k] = (...a) => { statements++; return f(...a); }; }
  return st;
};

const scenario = 'ernie-growth-2026';
const opts = { scenario, procure: true, runs: 2000, seed: 1 };
const solve = (input, o) => runProcureHere(input, o);
const base = await baseline();
statements = 0;
readWorld(db, { scenario, appRoot });
const perPlan = statements;
const rows = [
  await measure('read the world snapshot (one transaction)', () => readWorld(db, { scenario, appRoot }), { iterations: 9 }),
  await measure(`full plan ${scenario}, procurement, 2,000 runs`, async () => computePlan(readWorld(db, { scenario, appRoot }), opts, { solve }), { iterations: 3 }),
];
table('plan (gather once, compute pure)', base, rows);
console.log(`SQL statements per plan: ${perPlan} (all in the snapshot read; the plan itself runs none)`);
closeDatabase(db);
fs.rmSync(dir, { recursive: true, force: true });
