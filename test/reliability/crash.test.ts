// Pins crash safety: imports and migrations SIGKILLed at random moments leave an intact file and whole-or-no operations (sample; bench/crash.bench.mjs runs ≥ 100 per op).
import { describe, it, expect } from 'vitest';
import { runTrials } from './crash-harness.mjs';

describe('SIGKILL at random points', () => {
  it('8 migration and 8 import trials: integrity ok, all-or-nothing, reopens', async () => {
    const r = await runTrials({ n: 8, seed: 20261125, importWindowMs: 700 });
    expect(r.migrate).toMatchObject({ run: 8, passed: 8 });
    expect(r.import).toMatchObject({ run: 8, passed: 8 });
    // The sample really interrupts work: most migration children die before finishing.
    expect(r.migrate.killed).toBeGreaterThan(0);
  }, 120_000);
});
