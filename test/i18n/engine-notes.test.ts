// The engine's notes and reasons reach the zh UI and the zh PDF through src-main/shared/notes-zh.ts.
// This runs the real engine on the demo database (every scenario planned with procurement, the
// burn of each scenario and of the whole fleet, a buy-only and a lease-only variant, precision
// fallbacks) and fails on any English note no rule translates.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';
import { openDatabase, closeDatabase } from '../../src-main/store/open';
import { invoke } from '../../src-main/api/handlers';
import type { AppContext } from '../../src-main/api/context';
import { fillDemo } from '../../src-main/app/demo-db';
import { noteZh, noteZhOrNull } from '../../src-main/shared/notes-zh';

let ctx: AppContext;
beforeAll(() => {
  const file = path.join(tmpDir(), 't.db');
  const db = openDatabase(file, { appRoot: ROOT, create: true });
  fillDemo(db);
  ctx = { db, dbPath: file, appRoot: ROOT, now: () => new Date('2026-12-03T10:00:00Z') };
});
afterAll(() => closeDatabase(ctx.db));

/** Every engine sentence in an API answer: `notes` lists, each `reason`/`text`, and warnings without a wording of their own (code 'note'). */
function notesOf(x: unknown, out: string[] = [], key = ''): string[] {
  if (typeof x === 'string') { if (['notes', 'reason', 'text'].includes(key)) out.push(x); return out; }
  if (Array.isArray(x)) { for (const v of x) notesOf(v, out, key); return out; }
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    // Structured warnings too: the zh report words them from their message (the UI by their code).
    if (typeof o.code === 'string' && typeof o.message === 'string') out.push(o.message);
    for (const [k, v] of Object.entries(o)) if (k !== 'stand_in_models' && k !== 'size_factor') notesOf(v, out, k);
  }
  return out;
}

describe('engine notes in Chinese', () => {
  it('every note, reason and shortfall the demo produces has a Chinese wording with its figures kept', async () => {
    const seen = new Set<string>();
    for (const scenario of ['chatgpt-2023-11', 'ernie-2023-11', 'ernie-growth-2026']) {
      for (const n of notesOf(await invoke(ctx, 'plan.run', { scenario, months: 12, runs: 100, seed: 1, procure: true }))) seen.add(n);
      // The optimiser alone, limited to one way of adding GPUs (the buy vs lease vs cloud comparison's variants).
      if (scenario !== 'ernie-growth-2026') {
        for (const modes of [['lease'], ['cloud_on_demand', 'cloud_reserved']]) {
          for (const n of notesOf(await invoke(ctx, 'procure.run', { scenario, overrides: { modes, time_limit_s: 2 } }))) seen.add(n);
        }
      }
      for (const n of notesOf(await invoke(ctx, 'burn.compute', { scenario, start_month: '2023-06', months: 48 }))) seen.add(n);
    }
    for (const n of notesOf(await invoke(ctx, 'burn.compute', { start_month: '2023-06', months: 48, currency: 'CNY' }))) seen.add(n);
    for (const precision of ['fp8', 'int8', 'fp4']) {
      const r = (await invoke(ctx, 'perf.run', { gpu_id: 'v100-32gb', model_id: 'llama-2-7b', tp: 1, precision, input_tokens: 512, output_tokens: 128 })) as { note?: string | null };
      if (r.note) seen.add(r.note);
    }
    expect(seen.size).toBeGreaterThan(15);
    // The structured warnings the demo raises are among them (the zh report shows each).
    for (const shape of [/published measurement of .* under MindIE/, /no hosting cost per kW/, /priced at the public reference price dated/, /^P\(overload\) with the plan stays above/, /within 6 months of its first public shipment/, /stands in for an unpublished model/, /^\d{4}-\d{2}: short /]) {
      expect([...seen].some((n) => shape.test(n)), String(shape)).toBe(true);
    }
    const untranslated = [...seen].filter((n) => noteZhOrNull(n) === null);
    expect(untranslated).toEqual([]);
    // Figures survive the translation (every number of the English note is in the Chinese one).
    for (const n of seen) {
      const zh = noteZh(n);
      for (const num of n.match(/\d[\d,.]*\d|\d/g) ?? []) expect(zh, n).toContain(num);
    }
  }, 240_000);

  it('a shortfall with a binding limit reads in Chinese', () => {
    expect(noteZh('short 17,865 A800 SXM4 80GB-equivalents of capacity in 2026-01 at site Baidu-ERNIE for pool chat: lead time: the earliest order (Ascend 910B, 3 months default) arrives 2026-04'))
      .toBe('2026-01 站点 Baidu-ERNIE 资源池 chat 缺少17,865 块 A800 SXM4 80GB 当量的容量：交付周期：最早的订单（Ascend 910B，3 个月，默认值）2026-04 到货');
    expect(noteZh('short 1,200 output tokens/s of capacity in 2027-03: power limit 6 MW reached')).toBe('2027-03 缺少每秒 1,200 个输出词元的容量：已达功率上限 6 MW');
    expect(noteZh('an unknown sentence')).toBe('an unknown sentence（英文原文）');
  });
});
