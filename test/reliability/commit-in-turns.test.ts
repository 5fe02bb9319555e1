// A big price list commits in slices across event-loop turns (issue 17: the host answers while it
// writes) and stays all or nothing: a read during the write waits for it and never sees part of the
// list; a cancel between slices rolls everything back.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { COMMIT_SLICE } from '../../src-main/io/import/commit';

const N = COMMIT_SLICE * 4 + 123;
const csv = Buffer.from(['Part Number,Description,Qty,Unit Price (USD)',
  ...Array.from({ length: N }, (_, i) => `P-${i},NVIDIA H100 PCIe 80GB,1,"$${25000 + i}.00"`)].join('\n')).toString('base64');

let ctx: AppContext;
beforeEach(() => {
  const file = path.join(tmpDir(), 't.db');
  ctx = { db: openDatabase(file, { appRoot: ROOT, create: true }), dbPath: file, appRoot: ROOT, now: () => new Date('2026-12-04T00:00:00Z') };
});
afterEach(() => closeDatabase(ctx.db));

type Lists = { id: number; items: number; vendor: string }[];

describe('import commit in turns', () => {
  it('timers run during the write; a read started during it waits and sees the whole list', async () => {
    let ticks = 0;
    const t = setInterval(() => { ticks++; }, 0);
    const write = invoke(ctx, 'prices.import', { data_base64: csv, file_name: 'big.csv', vendor: 'Big', summary: true });
    // Issued once the write holds the lock and is between slices (part of the list is in, uncommitted).
    let partial = 0;
    const read = new Promise<Lists>((resolve, reject) => {
      const poll = setInterval(() => {
        partial = (ctx.db.prepare('SELECT count(*) AS n FROM price_items').get() as { n: number }).n;
        if (partial > 0) { clearInterval(poll); (invoke(ctx, 'prices.lists', {}) as Promise<Lists>).then(resolve, reject); }
      }, 0);
    });
    const [w, lists] = await Promise.all([write as Promise<{ imported: number; price_list_id: number }>, read]);
    clearInterval(t);
    expect(w.imported).toBe(N);
    expect(lists.filter((l) => l.vendor === 'Big').map((l) => l.items)).toEqual([N]);
    expect(ticks).toBeGreaterThan(0);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(N);
  });

  it('a cancel between slices writes nothing', async () => {
    const ac = new AbortController();
    const before = ((await invoke(ctx, 'prices.lists', {})) as Lists).length;
    const write = invoke({ ...ctx, signal: ac.signal }, 'prices.import', { data_base64: csv, file_name: 'big.csv', vendor: 'Big', summary: true });
    // Abort as soon as the first slice is in (the write then yields).
    const stop = setInterval(() => {
      const n = (ctx.db.prepare('SELECT count(*) AS n FROM price_items').get() as { n: number }).n;
      if (n > 0) { ac.abort(); clearInterval(stop); }
    }, 0);
    const e = await write.catch((x: unknown) => x);
    clearInterval(stop);
    expect(e).toMatchObject({ code: 'cancelled' });
    expect(((await invoke(ctx, 'prices.lists', {})) as Lists).length).toBe(before);
    expect((ctx.db.prepare('SELECT count(*) AS n FROM price_items').get() as { n: number }).n).toBe(0);
  });
});
