// Crash trials: ≥ 100 SIGKILLs per operation (vendor price-list import, migration of an old
// file) at random moments; each must leave integrity_check ok and the operation all-or-nothing
// (test/reliability/crash-harness.mjs); then the same for restore and backup --out.
// Prints trials run/passed and the time per trial.
import { performance } from 'node:perf_hooks';
import { baseline, table } from './lib.mjs';
import { runFileTrials, runTrials } from '../test/reliability/crash-harness.mjs';

export default async function () {
  const n = Number(process.env.HEADROOM_CRASH_TRIALS ?? 100);
  const base = await baseline();
  const t0 = performance.now();
  let failed = null;
  let r, f;
  try {
    r = await runTrials({ n, seed: Number(process.env.HEADROOM_CRASH_SEED ?? 1) });
    f = await runFileTrials({ n, seed: Number(process.env.HEADROOM_CRASH_SEED ?? 1) });
  } catch (e) {
    failed = e;
  }
  const ms = performance.now() - t0;
  if (failed) {
    console.log(`\n## crash trials\nFAILED: ${failed.message}`);
    process.exitCode = 1;
    return;
  }
  const per = ms / (r.migrate.run + r.import.run + f.restore.run + f.backup.run);
  table('crash trials (SIGKILL at random points)', base, [
    { name: `migration: ${r.migrate.passed}/${r.migrate.run} passed (${r.migrate.killed} killed mid-way)`, median_ms: per, min_ms: per },
    { name: `import: ${r.import.passed}/${r.import.run} passed (${r.import.lists} whole lists)`, median_ms: per, min_ms: per },
    { name: `restore: ${f.restore.passed}/${f.restore.run} passed (${f.restore.killed} killed mid-way)`, median_ms: per, min_ms: per },
    { name: `backup --out: ${f.backup.passed}/${f.backup.run} passed (${f.backup.killed} killed mid-way)`, median_ms: per, min_ms: per },
  ]);
  console.log(`restore end states: ${JSON.stringify(f.restore.states)}; backup end states: ${JSON.stringify(f.backup.states)}`);
  console.log(`migration end states: ${JSON.stringify(r.migrate.states)}; kill windows: migrate ${r.mWindow.toFixed(0)} ms, import ${r.iWindow} ms; total ${(ms / 1000).toFixed(1)} s`);
}
