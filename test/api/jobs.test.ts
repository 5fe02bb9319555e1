// Pins the one job registry (api/jobs.ts) every host and long method uses: tracked calls report
// progress and cancel while they run and are forgotten after; background jobs keep their result,
// a cancelled one ends 'cancelled', unknown ids are not_found, finished jobs are pruned.
import { describe, it, expect } from 'vitest';
import { JobRegistry } from '../../src-main/api/jobs.js';
import { ApiError } from '../../src-main/shared/errors.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('job registry', () => {
  it('tracks a tagged call: progress while it runs, cancel reaches its signal, gone afterwards', async () => {
    const jobs = new JobRegistry();
    let release!: () => void;
    const p = jobs.track('job-1', async (h) => {
      h.progress(3, 10, 'monte-carlo');
      await new Promise<void>((r) => { release = r; });
      return h.signal.aborted;
    });
    await tick();
    expect(jobs.progress('job-1')).toEqual({ done: 3, total: 10, label: 'monte-carlo', running: true });
    expect(jobs.cancel('job-1')).toBe(true);
    release();
    expect(await p).toBe(true);
    expect(jobs.progress('job-1').running).toBe(false);
    expect(jobs.has('job-1')).toBe(false);
  });

  it('keeps a background job\'s result and error; cancelled jobs end cancelled', async () => {
    const jobs = new JobRegistry();
    const ok = jobs.start('plan', 5, async (h) => { h.progress(5, 5); return 42; });
    const bad = jobs.start('plan', 1, async () => { throw new ApiError('bad_request', 'no'); });
    const stop = jobs.start('procure', 0, (h) => new Promise((_r, rej) => h.signal.addEventListener('abort', () => rej(new ApiError('cancelled', 'stopped')))));
    expect(jobs.cancel(stop, 'plan')).toBe(false); // another kind's job
    expect(jobs.cancel(stop, 'procure')).toBe(true);
    await tick();
    expect(jobs.status(ok, 'plan')).toMatchObject({ state: 'done', done: 5, result: 42 });
    expect(jobs.status(bad, 'plan')).toMatchObject({ state: 'failed', error: 'no' });
    expect(jobs.status(stop, 'procure').state).toBe('cancelled');
    expect(() => jobs.status(ok, 'procure')).toThrow(/unknown job/);
    expect(() => jobs.status('plan-999')).toThrow(/unknown job/);
  });

  it('prunes old finished jobs but never a running one', async () => {
    const jobs = new JobRegistry();
    const running = jobs.start('plan', 1, () => new Promise(() => {}));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) { ids.push(jobs.start('plan', 1, async () => i)); await tick(); }
    expect(jobs.status(running).state).toBe('running');
    expect(() => jobs.status(ids[0])).toThrow(/unknown job/);
    expect(jobs.status(ids[19]).result).toBe(19);
  });
});
