// MoE routing skew (issue 13 item 4, `perf --expert-skew`): more skew never speeds a replica up; the
// routed experts' compute grows with it while dense parts stay; below 1 is refused at the boundary.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir, cli } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';

let ctx: AppContext;
beforeAll(() => {
  const file = path.join(tmpDir(), 't.db');
  ctx = { db: openDatabase(file, { appRoot: ROOT, create: true }), dbPath: file, appRoot: ROOT, now: () => new Date('2026-12-04T00:00:00Z') };
});
afterAll(() => closeDatabase(ctx.db));

type Perf = { output_tokens_per_s_per_gpu: number; breakdown: { t_compute: number; t_mem: number } };
const run = (expert_skew: number | null) => invoke(ctx, 'perf.run', {
  gpu_id: 'h200-sxm', model_id: 'deepseek-v3', tp: 8, ep: 8, precision: 'fp8', input_tokens: 1000, output_tokens: 500, concurrency: 64, expert_skew,
}) as Promise<Perf>;

describe('expert skew', () => {
  it('is monotone: compute time grows and throughput never rises with skew; 1 equals no skew given', async () => {
    const none = await run(null);
    const rs = [await run(1), await run(1.2), await run(1.5), await run(2)];
    expect(rs[0]).toEqual(none);
    for (let i = 1; i < rs.length; i++) {
      expect(rs[i].breakdown.t_compute).toBeGreaterThan(rs[i - 1].breakdown.t_compute);
      expect(rs[i].output_tokens_per_s_per_gpu).toBeLessThanOrEqual(rs[i - 1].output_tokens_per_s_per_gpu);
      expect(rs[i].breakdown.t_mem).toBe(rs[0].breakdown.t_mem); // weights and KV read the same bytes
    }
  });

  it('a skew below 1 is refused with exit 2 naming the field', () => {
    const r = cli(['perf', '--gpu', 'h200-sxm', '--model', 'deepseek-v3', '--tp', '8', '--ep', '8', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '500', '--expert-skew', '0.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expert_skew');
  });
});
