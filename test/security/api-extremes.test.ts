// Pins issue 17 items 4 and 8: valid bodies with one field set to an extreme or hostile value give a result or a 400 naming the field — never an internal error, and a refused write changes nothing.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { invoke } from '../../src-main/api/handlers';
import { ApiError } from '../../src-main/api/errors';
import { openDatabase } from '../../src-main/store/open';
import { createDemoDatabase } from '../../src-main/app/demo-db';
import type { AppContext } from '../../src-main/api/context';
import { ROOT, tmpDir } from '../helpers/tmp';

let ctx: AppContext;
let scenario: Record<string, unknown>;
beforeAll(async () => {
  const dbPath = path.join(tmpDir(), 'extremes.db');
  createDemoDatabase(dbPath, ROOT);
  ctx = { db: openDatabase(dbPath, { appRoot: ROOT }), dbPath, appRoot: ROOT, now: () => new Date('2026-06-01T00:00:00Z') };
  scenario = ((await invoke(ctx, 'scenarios.get', { name: 'chatgpt-2023-11' })) as { scenario: Record<string, unknown> }).scenario;
});

/** Values no planner means but a client can send (IPC's structured clone carries NaN and Infinity too). */
export const EXTREME_NUMBERS = [0, -0, -1, 1e308, -1e308, 5e-324, 1e-300, 2 ** 53, 2 ** 63, 1e15, 1e300, Number.NaN, Infinity, -Infinity, 0.5, 1e9];
export const HOSTILE_STRINGS = ['', ' ', '0000-01', '9999-12', '10000-01', '2023-02-30', '2024-02-29', '0000-01-01', 'ZZZ', 'usd', 'US', '\u200b', '\u200b\u200b', 'a\ud800b', '\udfff', 'x'.repeat(100_000), '9'.repeat(400), '1e309', '-1', 'NaN', '__proto__'];

type Path = (string | number)[];
function leaves(v: unknown, at: Path = [], out: Path[] = []): Path[] {
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) leaves(x, [...at, Array.isArray(v) ? Number(k) : k], out);
  } else out.push(at);
  return out;
}
function setAt(v: unknown, p: Path, x: unknown): unknown {
  const copy = structuredClone(v) as Record<string | number, unknown>;
  let o = copy;
  for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
  o[p[p.length - 1]] = x;
  return copy;
}
function getAt(v: unknown, p: Path): unknown {
  let o = v as Record<string | number, unknown>;
  for (const k of p) o = o[k] as Record<string | number, unknown>;
  return o;
}

/** A fingerprint of everything stored: the committed database image as this connection sees it. */
function fingerprint(): string {
  return createHash('sha256').update(ctx.db.serialize()).digest('hex');
}

const stats = { calls: 0, ok: 0, rejected: 0 };
const okBy: Record<string, number> = {};
async function call(method: string, body: unknown, mutates: boolean): Promise<void> {
  stats.calls++;
  const before = mutates ? fingerprint() : '';
  try {
    await invoke(ctx, method, body);
    stats.ok++;
    okBy[method] = (okBy[method] ?? 0) + 1;
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'internal') {
      throw new Error(`${method} → ${e instanceof ApiError ? 'internal' : 'uncaught'}: ${(e as Error).message}\n${JSON.stringify(body)?.slice(0, 400)}`);
    }
    stats.rejected++;
    if (e.code === 'bad_request') expect(e.field ?? e.message.match(/^[^:\s]+: /)?.[0], `names the field: ${e.message}`).toBeTruthy();
    if (mutates) expect(fingerprint(), `${method}: a refused write changed nothing`).toBe(before);
  }
}

/** One valid body per method worth pushing to extremes (those that take numbers, months, money or text to store). */
function bases(): { method: string; body: () => unknown; mutates: boolean; runs: number }[] {
  const sc = () => scenario;
  return [
    { method: 'plan.timeline', body: () => ({ scenario: 'chatgpt-2023-11', body: sc() }), mutates: false, runs: 600 },
    { method: 'scenarios.save', body: () => ({ scenario: { ...sc(), name: 'fuzz-copy' } }), mutates: true, runs: 300 },
    { method: 'plan.run', body: () => ({ scenario: 'chatgpt-2023-11', body: sc(), runs: 20, months: 12 }), mutates: false, runs: 60 },
    { method: 'burn.compute', body: () => ({ start_month: '2024-01', months: 12, currency: 'USD', default_utilisation: 0.6, diurnal: Array(24).fill(1 / 24), served: { output_tokens: Array(12).fill(1e9), requests: Array(12).fill(1e6), dau: Array(12).fill(1e5) } }), mutates: false, runs: 200 },
    { method: 'inventory.add', body: () => ({ site: 'Azure-ChatGPT', gpu_id: 'a100-sxm-80gb', gpus: 8, mode: 'buy', in_service_from: '2024-01', unit_cost: '15000', currency: 'USD' }), mutates: true, runs: 200 },
    { method: 'sites.add', body: () => ({ name: 'Fuzz-site', country: 'US', region: 'Virginia', power_limit_kw: 1000, pue: 1.3 }), mutates: true, runs: 200 },
    { method: 'sites.saveCosts', body: () => ({ site: 'Azure-ChatGPT', hosting_per_kw_month: '150', hosting_currency: 'USD', server_overhead: 1.5, utc_offset_hours: -5 }), mutates: true, runs: 150 },
    { method: 'fx.save', body: () => ({ base: 'USD', quote: 'CNY', rate: '7.1', effective_from: '2024-01-01' }), mutates: true, runs: 150 },
    { method: 'fixed.save', body: () => ({ name: 'staff', category: 'staff', amount_per_month: '100000', currency: 'USD', from_month: '2024-01' }), mutates: true, runs: 150 },
    { method: 'tariffs.save', body: () => ({ site: 'Azure-ChatGPT', effective_from: '2024-01-01', currency: 'USD', kind: 'flat', price_per_kwh: '0.08' }), mutates: true, runs: 150 },
    { method: 'prices.addManual', body: () => ({ vendor: 'Fuzz', gpu_id: 'h100-sxm', kind: 'gpu', gpus_per_unit: 8, unit_price: '250000', currency: 'USD', lead_time_weeks: 8, valid_from: '2024-01-01' }), mutates: true, runs: 150 },
    { method: 'procure.settings.save', body: () => ({ scenario: 'chatgpt-2023-11', settings: { service_level: 0.9, headroom: 0.1, discount_rate: 0.08, budgets: [{ quarter: '2024-Q1', capex: '1000000' }], budget_cap: { capex: '5000000' }, supply_caps: [{ gpu_id: 'h100-sxm', per: 'month', max_gpus: 100 }], max_servers: { 'Azure-ChatGPT': 100 } } }), mutates: true, runs: 150 },
    { method: 'perf.run', body: () => ({ gpu_id: 'h100-sxm', model_id: 'llama-3.1-70b', tp: 4, precision: 'fp8', input_tokens: 1000, output_tokens: 300, tpot_ms: 50, ttft_ms: 2000, arrival_rate: 5 }), mutates: false, runs: 200 },
    { method: 'perf.curve', body: () => ({ gpu_ids: ['h100-sxm'], model_id: 'llama-3.1-70b', precision: 'fp8', input_tokens: 1000, output_tokens: 300, tpot_ms: 50, points: 8 }), mutates: false, runs: 100 },
    { method: 'sites.addExportRule', body: () => ({ country: 'CN', gpu: 'h100-sxm', from_month: '2024-01', status: 'banned' }), mutates: true, runs: 100 },
  ];
}

const extreme = (leaf: unknown) =>
  typeof leaf === 'number' ? fc.constantFrom(...EXTREME_NUMBERS) : fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.constantFrom(...EXTREME_NUMBERS), fc.constant(null));

describe('extreme values in otherwise valid bodies', () => {
  it.each(bases().map((b) => [b.method, b] as const))('%s: the unmodified body is accepted', async (_m, b) => {
    await expect(invoke(ctx, b.method, b.body())).resolves.toBeDefined();
  }, 120_000);

  it.each(bases().map((b) => [b.method, b] as const))('%s', async (_m, b) => {
    const base = b.body();
    const paths = leaves(base);
    const arb = fc.integer({ min: 0, max: paths.length - 1 }).chain((i) => extreme(getAt(base, paths[i])).map((x) => ({ p: paths[i], x })));
    await fc.assert(fc.asyncProperty(arb, ({ p, x }) => call(b.method, setAt(base, p, x), b.mutates)), { numRuns: b.runs, seed: 17 });
  }, 300_000);

  it('counted', () => {
    console.log(`api extremes: ${stats.calls} calls, ${stats.ok} ok, ${stats.rejected} rejected`, okBy);
    expect(stats.ok).toBeGreaterThan(0);
  });
});

/** The findings of issue 17 items 4 and 8, one by one: each is a 400 naming the field (they were 500s or stored as-is). */
describe('issue 17 extreme values, one by one', () => {
  const refused = async (method: string, body: unknown, field: RegExp) => {
    const e = await invoke(ctx, method, body).then(() => null, (x: unknown) => x);
    expect(e, `${method} accepted the body`).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('bad_request');
    expect(`${(e as ApiError).field} ${(e as ApiError).message}`).toMatch(field);
  };
  const withScenario = (edit: (s: Record<string, any>) => void) => { const s = structuredClone(scenario) as Record<string, any>; edit(s); return { scenario: 'chatgpt-2023-11', body: s }; };

  it('availability 0, 1e308 users, tpot 5e-324, burst 1e308, months 0000-01 / 10000-01 / 2023-02-30 in a scenario', async () => {
    await refused('plan.timeline', withScenario((s) => { s.pools[0].availability = { value: 0, assumed: 'x' }; }), /availability/);
    await refused('plan.timeline', withScenario((s) => { s.users = { kind: 'compound', start: { value: 1e308, assumed: 'x' }, monthly_growth: { value: 0, assumed: 'x' } }; }), /users\.start/);
    await refused('plan.timeline', withScenario((s) => { s.classes[0].tpot_ms = { value: 5e-324, assumed: 'x' }; }), /tpot_ms/);
    await refused('plan.timeline', withScenario((s) => { s.diurnal.burst_factor = { value: 1e308, assumed: 'x' }; }), /burst_factor/);
    await refused('plan.timeline', withScenario((s) => { s.classes[0].output_tokens = { value: 300, p10: 200, p90: 1e300, assumed: 'x' }; }), /output_tokens\.p90/);
    await refused('plan.timeline', withScenario((s) => { s.start_month = '0000-01'; }), /start_month/);
    await refused('plan.timeline', withScenario((s) => { s.start_month = '10000-01'; }), /start_month/);
    await refused('plan.timeline', withScenario((s) => { s.start_month = '2201-01'; }), /start_month.*2200-12/);
    await refused('scenarios.save', { scenario: { ...(structuredClone(scenario) as object), name: 'x1', events: [{ id: 'e', label: 'e', start_date: '2023-02-30', days: 1, class: null, multiplier: { value: 2, assumed: 'x' }, assumed: 'x' }] } }, /events\.0\.start_date/);
    await refused('scenarios.save', { scenario: { ...(structuredClone(scenario) as object), name: 'x2', currency: 'ZZZ' } }, /currency/);
    await refused('scenarios.save', { scenario: { ...(structuredClone(scenario) as object), name: 'x3', title: '\u200b\u200b' } }, /title/);
  });

  it('a 400-digit budget, NaN and Infinity over IPC, 1e309 from JSON are refused where they enter', async () => {
    await refused('procure.settings.save', { scenario: 'chatgpt-2023-11', settings: { budget_cap: { capex: '9'.repeat(400) } } }, /budget_cap\.capex/);
    await refused('procure.settings.save', { scenario: 'chatgpt-2023-11', settings: { headroom: Number.NaN } }, /headroom.*finite/);
    await refused('perf.batch', { rows: [{ gpu_id: 'h100-sxm', model_id: 'llama-3.1-70b', precision: 'fp8', input_tokens: JSON.parse('1e309'), output_tokens: 10 }] }, /rows\.0\.input_tokens.*finite/);
    await refused('plan.run', { scenario: 'chatgpt-2023-11', runs: 10, body: { deep: JSON.parse('['.repeat(5000) + ']'.repeat(5000)) } }, /nested too deeply/);
  });

  it('names: lone surrogates, zero-width only; dates: 2023-02-30; currencies: ZZZ, usd — refused and nothing stored', async () => {
    const before = createHash('sha256').update(ctx.db.serialize()).digest('hex');
    await refused('sites.add', { name: 'a\ud800b', country: 'US', region: 'r', power_limit_kw: 1, pue: 1.2 }, /name.*Unicode/);
    await refused('sites.add', { name: '\u200b\u200c\ufeff', country: 'US', region: 'r', power_limit_kw: 1, pue: 1.2 }, /name.*visible/);
    await refused('fixed.save', { name: 'staff', amount_per_month: '1', currency: 'ZZZ' }, /currency/);
    await refused('fixed.save', { name: 'staff', amount_per_month: '1', currency: 'usd' }, /currency/);
    await refused('fx.save', { base: 'USD', quote: 'CNY', rate: '7.1', effective_from: '2023-02-30' }, /effective_from.*real date/);
    await refused('inventory.add', { site: 'Azure-ChatGPT', gpu_id: 'a100-sxm-80gb', gpus: 8, mode: 'buy', in_service_from: '0000-01' }, /in_service_from/);
    await refused('inventory.add', { site: 'Azure-ChatGPT', gpu_id: 'a100-sxm-80gb', gpus: 8, mode: 'buy', unit_cost: '1'.repeat(40), currency: 'USD' }, /unit_cost/);
    await refused('prices.addManual', { vendor: 'V', gpu_id: 'h100-sxm', kind: 'gpu', unit_price: '1', currency: 'USD', valid_from: '2023-02-29' }, /valid_from/);
    expect(createHash('sha256').update(ctx.db.serialize()).digest('hex')).toBe(before);
  });

  it('a cost in a valid currency with no FX rate plans a burn or says which rate is missing — never internal', async () => {
    await invoke(ctx, 'fixed.save', { name: 'rand staff', amount_per_month: '1000', currency: 'ZAR', from_month: '2024-01' });
    const r = await invoke(ctx, 'burn.compute', { start_month: '2024-01', months: 6, currency: 'USD' }).then(() => null, (e: unknown) => e);
    if (r) { expect(r).toBeInstanceOf(ApiError); expect((r as ApiError).code).not.toBe('internal'); }
  });

  it('extreme but valid procurement settings still export (the budget of 15 nines is stored and read back)', async () => {
    await invoke(ctx, 'procure.settings.save', { scenario: 'chatgpt-2023-11', settings: { service_level: 0.999, headroom: 5, discount_rate: 1, budget_cap: { capex: '999999999999999.999999999999', opex: '0' }, time_limit_s: 1 } });
    const out = await invoke(ctx, 'export.run', { scenario: 'chatgpt-2023-11', format: 'csv', runs: 20, months: 12, procure: false }).then((x) => x, (e: unknown) => e);
    if (out instanceof Error) { expect(out).toBeInstanceOf(ApiError); expect((out as ApiError).code).not.toBe('internal'); }
    else expect((out as { files: unknown[] }).files.length).toBeGreaterThan(0);
  }, 120_000);
});
