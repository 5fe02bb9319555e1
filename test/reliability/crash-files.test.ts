// Pins crash safety of restore and backup: SIGKILLed at random points, the database is the old one or the backup (never a mix), copies are whole or absent.
import { describe, it, expect } from 'vitest';
import { runFileTrials } from './crash-harness.mjs';

describe('SIGKILL during restore and backup', () => {
  it('6 restore trials (healthy and garbage current file) and 6 backup trials', async () => {
    const r = await runFileTrials({ n: 6, seed: 20261125 });
    expect(r.restore).toMatchObject({ run: 6, passed: 6 });
    expect(r.backup).toMatchObject({ run: 6, passed: 6 });
    expect(r.restore.killed + r.backup.killed).toBeGreaterThan(0);
  }, 120_000);
});
