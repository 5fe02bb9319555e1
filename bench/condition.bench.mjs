// Conditioned Monte Carlo (history matching, issue 15). Target: 10,000 paths × 24 months of the
// chatgpt-2023-11 demo conditioned on its observations ≤ 2 s; the effective sample size is printed
// (issue target ≥ 200), beside the plain Monte Carlo on the same model.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure, baseline, table } from './lib.mjs';
import { openDatabase, closeDatabase } from '../build/main/store/open.js';
import { fillDemo } from '../build/main/app/demo-db.js';
import { readWorld } from '../build/main/store/world.js';
import { planInputs } from '../build/main/engine/plan/inputs.js';
import { compile } from '../build/main/engine/timeline/index.js';
import { monteCarlo } from '../build/main/engine/montecarlo/index.js';
import { conditionedMonteCarlo } from '../build/main/engine/montecarlo/condition.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export default async function run() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-bench-'));
  const db = openDatabase(path.join(dir, 'd.db'), { appRoot: ROOT, create: true });
  fillDemo(db);
  const inputs = planInputs(readWorld(db, { scenario: 'chatgpt-2023-11', appRoot: ROOT }));
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
  const model = compile(inputs.input);
  const base = await baseline();
  const plain = await measure('plain Monte Carlo 10,000 × 24 (chatgpt-2023-11)', () => monteCarlo(model, 10_000, 1), { iterations: 3, warmup: 1 });
  const cond = await measure('conditioned Monte Carlo 10,000 × 24, 4 observations', () => conditionedMonteCarlo(model, { runs: 10_000, seed: 1 }), { iterations: 3, warmup: 1 });
  cond.target_ms = 2000;
  table('condition', base, [plain, cond]);
  const p = conditionedMonteCarlo(model, { runs: 10_000, seed: 1 });
  console.log(`effective sample size ${p.effective_sample_size.toFixed(0)} (target ≥ 200); ${p.matched_paths} of ${p.runs} paths reproduce every observation`);
  console.log(`crash month prior ${JSON.stringify(p.prior_crash_month)} → posterior ${JSON.stringify(p.crash_month)}`);
  for (const o of p.observations) console.log(`${o.date} ${o.status}: P(overload) prior ${o.prior_p_overload?.toFixed(2)} → posterior ${o.p_overload?.toFixed(2)}`);
}
