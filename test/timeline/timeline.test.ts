// Pins the fleet timeline laws: demand monotone in users, crash never earlier with more GPUs,
// capacity never lower with a longer TTFT SLO, event days at hourly resolution, seeded Monte Carlo.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { monteCarlo, sensitivity, runPaths, rhoTable, summarise } from '../../src-main/engine/montecarlo/index.js';
import { scenarioSchema } from '../../src-main/engine/demand/scenario.js';
import { interpolateTable } from '../../src-main/engine/demand/index.js';
import { baseScenario, input, capacity, fleet, CAP } from './helpers.js';

const a = { assumed: 'test' };

describe('demand', () => {
  it('grows users by the compound rate and holds a table flat past its ends', () => {
    const s = baseScenario();
    const r = timeline(compile(input(s)));
    expect(r.months[0].users).toBeCloseTo(1e6, 3);
    expect(r.months[12].users).toBeCloseTo(1e6 * 1.1 ** 12, 0);
    expect(Array.from(interpolateTable([{ month: '2024-03', users: 10 }, { month: '2024-05', users: 30 }], '2024-01', 7))).toEqual([10, 10, 10, 20, 30, 30, 30]);
  });
  it('logistic growth stays under its ceiling', () => {
    const s = baseScenario({ users: { kind: 'logistic', start: { value: 1e6, ...a }, ceiling: { value: 3e6, ...a }, monthly_growth: { value: 0.3, ...a } } });
    const r = timeline(compile(input(s)));
    for (const m of r.months) expect(m.users).toBeLessThanOrEqual(3e6);
    expect(r.months[23].users).toBeGreaterThan(2.9e6);
  });
  it('computes peak requests from DAU × requests × peak-hour share × burst', () => {
    const s = baseScenario();
    const r = timeline(compile(input(s)));
    const peak = Math.max(...s.diurnal.profile);
    expect(r.months[0].peak_requests_per_s).toBeCloseTo((1e6 * 0.5 * 5 * peak * 1.2) / 3600, 6);
    expect(r.months[0].peak_output_tokens_per_s).toBeCloseTo(r.months[0].peak_requests_per_s * 300, 6);
  });
  it('more users never lowers demand (property)', () => {
    fc.assert(fc.property(fc.double({ min: 1e3, max: 1e9, noNaN: true }), fc.double({ min: 1, max: 3, noNaN: true }), fc.double({ min: -0.05, max: 0.3, noNaN: true }), (u, k, g) => {
      const mk = (users: number) => timeline(compile(input(baseScenario({ users: { kind: 'compound', start: { value: users, ...a }, monthly_growth: { value: g, ...a } } }))));
      const lo = mk(u), hi = mk(u * k);
      return lo.months.every((m, i) => hi.months[i].peak_requests_per_s >= m.peak_requests_per_s && hi.months[i].peak_output_tokens_per_s >= m.peak_output_tokens_per_s);
    }), { numRuns: 50 });
  });
});

describe('capacity and crash', () => {
  it('crashes when demand passes the safe capacity, not before', () => {
    const s = baseScenario();
    const r = timeline(compile(input(s, 64)));
    expect(r.crash_month).not.toBeNull();
    const i = r.crash_index as number;
    for (let m = 0; m < i; m++) expect(r.months[m].overloaded).toBe(false);
    const m = r.months[i];
    expect(m.overloaded).toBe(true);
    expect(m.utilisation).toBeGreaterThan(m.safe_utilisation);
    expect(m.overload_hours_per_day).toBeGreaterThan(0);
    expect(m.capacity_output_tokens_per_s).toBeCloseTo(Math.floor((64 * 0.95) / 8) * 8 * CAP.output_tokens_per_s_per_gpu, 6);
    expect(m.gpus).toEqual({ 'a100-sxm-80gb': 64 });
  });
  it('counts clusters only in their months of service', () => {
    const s = baseScenario();
    const f = [...fleet(s, 64), ...fleet(s, 800, 'h100-sxm', '2024-07', '2024-12')];
    const cap = capacity(s);
    cap[0].by_gpu['h100-sxm'] = { ...CAP, output_tokens_per_s_per_gpu: 1000 };
    const r = timeline(compile({ scenario: s, capacity: cap, fleet: f }));
    expect(r.months[5].gpus).toEqual({ 'a100-sxm-80gb': 64 });
    expect(r.months[6].gpus).toEqual({ 'a100-sxm-80gb': 64, 'h100-sxm': 800 });
    expect(r.months[12].gpus).toEqual({ 'a100-sxm-80gb': 64 });
  });
  it('more GPUs never makes the crash earlier (property)', () => {
    const s = baseScenario();
    fc.assert(fc.property(fc.integer({ min: 8, max: 4000 }), fc.integer({ min: 0, max: 4000 }), (g, extra) => {
      const c1 = timeline(compile(input(s, g))).crash_index;
      const c2 = timeline(compile(input(s, g + extra))).crash_index;
      const idx = (c: number | null) => (c === null ? Infinity : c);
      return idx(c2) >= idx(c1);
    }), { numRuns: 60 });
  });
  it('a longer TTFT SLO never lowers capacity (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 400, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 8, max: 2000 }), (ttft, more, g) => {
      const mk = (t: number) => {
        const base = baseScenario();
        base.classes[0].ttft_ms = { value: t, ...a };
        const r = timeline(compile(input(base, g)));
        return r.months.map((m) => m.pools[0].safe_utilisation * m.pools[0].capacity_output_tokens_per_s);
      };
      const lo = mk(ttft), hi = mk(ttft + more);
      return lo.every((x, i) => hi[i] >= x - 1e-9);
    }), { numRuns: 40 });
  });
  it('finds event days at hourly resolution and overloads on them only', () => {
    const s = baseScenario({
      horizon_months: 3,
      users: { kind: 'compound', start: { value: 1e6, ...a }, monthly_growth: { value: 0, ...a } },
      events: [{ id: 'launch', label: 'Launch', start_date: '2024-02-10', days: 2, class: null, multiplier: { value: 3, ...a }, ...a }],
    });
    // size the fleet so an ordinary day runs at ~50% and the launch at ~150%
    const peakTok = (1e6 * 0.5 * 5 * Math.max(...s.diurnal.profile) * 1.2 / 3600) * 300;
    const gpus = Math.ceil(peakTok / 0.5 / 400 / 0.95 / 8) * 8 + 8;
    const r = timeline(compile(input(s, gpus)));
    expect(r.months[0].overloaded).toBe(false);
    const feb = r.months[1];
    expect(feb.overloaded).toBe(true);
    expect(feb.ordinary_day?.overloaded).toBe(false);
    expect(feb.event_days.map((d) => d.date)).toEqual(['2024-02-10', '2024-02-11']);
    expect(feb.event_days[0].overloaded).toBe(true);
    expect(feb.event_days[0].hourly_utilisation).toHaveLength(24);
    expect(feb.event_days[0].overload_hours).toBeGreaterThan(0);
    expect(feb.overload_hours_per_day).toBeCloseTo((feb.event_days[0].overload_hours * 2) / 29, 9);
    expect(r.crash_month).toBe('2024-02');
  });
  it('moves requests between classes on a mix shift and adds speech GPU time', () => {
    const s = baseScenario({
      horizon_months: 1,
      users: { kind: 'compound', start: { value: 1e6, ...a }, monthly_growth: { value: 0, ...a } },
      classes: [
        { id: 'chat', label: 'Chat', kind: 'chat', pool: 'main', requests_per_dau: { value: 5, ...a }, input_tokens: { value: 500, ...a }, output_tokens: { value: 300, ...a }, ttft_ms: { value: 2000, ...a }, tpot_ms: { value: 50, ...a } },
        { id: 'voice', label: 'Voice', kind: 'voice', pool: 'main', requests_per_dau: { value: 0, ...a }, input_tokens: { value: 500, ...a }, output_tokens: { value: 300, ...a }, stt_gpu_s: { value: 1, ...a }, tts_gpu_s: { value: 2, ...a }, ttft_ms: { value: 2000, ...a }, tpot_ms: { value: 50, ...a } },
      ],
      events: [{ id: 'free', label: 'Voice free', start_date: '2024-01-05', days: 1, class: null, multiplier: { value: 1, ...a }, shift: { from: 'chat', to: 'voice', share: { value: 0.2, ...a } }, ...a }],
    });
    const r = timeline(compile(input(s, 4000)));
    const m = r.months[0];
    expect(m.event_days).toHaveLength(1);
    expect(m.event_days[0].peak_requests_per_s).toBeCloseTo(m.ordinary_day ? m.peak_requests_per_s : 0, 6);
    expect(m.pools[0].peak_media_gpu_s_per_s).toBeCloseTo(m.peak_requests_per_s * 0.2 * 3, 6);
    expect(m.event_days[0].utilisation).toBeGreaterThan(m.ordinary_day!.utilisation);
  });
  it('rejects scenarios with unknown pools and missing provenance', () => {
    const s = baseScenario();
    const bad = JSON.parse(JSON.stringify(s));
    bad.classes[0].pool = 'nope';
    expect(scenarioSchema.safeParse(bad).success).toBe(false);
    const bad2 = JSON.parse(JSON.stringify(s));
    delete bad2.dau_share.assumed;
    expect(scenarioSchema.safeParse(bad2).success).toBe(false);
    const bad3 = JSON.parse(JSON.stringify(s));
    bad3.horizon_months = 121;
    expect(scenarioSchema.safeParse(bad3).success).toBe(false);
  });
});

describe('Monte Carlo', () => {
  const s = baseScenario();
  const model = compile(input(s, 512));
  it('same seed → same result; different seed → different draws', () => {
    const x = monteCarlo(model, 2000, 42);
    const y = monteCarlo(model, 2000, 42);
    const z = monteCarlo(model, 2000, 43);
    expect(y).toEqual(x);
    expect(z.fan[0].months[10].demand.p50).not.toEqual(x.fan[0].months[10].demand.p50);
  });
  it('gives the same result however the paths are split', () => {
    const t = rhoTable(model);
    const whole = summarise(model, [runPaths(model, t, { seed: 7, from: 0, to: 3000 })], 7);
    const split = summarise(model, [runPaths(model, t, { seed: 7, from: 1700, to: 3000 }), runPaths(model, t, { seed: 7, from: 0, to: 1700 })], 7);
    expect(split).toEqual(whole);
  });
  it('orders the crash quantiles and brackets the deterministic crash', () => {
    const m256 = compile(input(s, 256));
    const x = monteCarlo(m256, 4000, 1);
    const det = timeline(m256).crash_month;
    expect(x.crash_month).not.toBeNull();
    expect(det).not.toBeNull();
    const { p10, p50, p90 } = x.crash_month!;
    expect(p50).not.toBeNull();
    expect(p10! <= p50!).toBe(true);
    if (p90) expect(p50! <= p90).toBe(true);
    expect(p10! <= det! && det! <= (p90 ?? '9999-12')).toBe(true);
    expect(x.p_crashed_by.every((v, i, arr) => i === 0 || v >= arr[i - 1])).toBe(true);
    const f = x.fan[0].months[12].demand;
    expect(f.p10).toBeLessThan(f.p50);
    expect(f.p50).toBeLessThan(f.p90);
  });
  it('returns null when the fleet holds in most paths', () => {
    const big = compile(input(s, 1_000_000));
    expect(monteCarlo(big, 500, 3).crash_month).toBeNull();
  });
  it('reports progress and stops when cancelled', () => {
    const seen: number[] = [];
    let calls = 0;
    const r = monteCarlo(model, 5000, 1, (d) => seen.push(d), () => ++calls > 3);
    expect(r.cancelled).toBe(true);
    expect(seen.length).toBeGreaterThan(0);
  });
  it('ranks the growth rate first in the tornado', () => {
    const bars = sensitivity(model);
    expect(bars[0].key).toBe('users.monthly_growth');
    expect(bars[0].swing_months).toBeGreaterThan(0);
    expect(bars.map((b) => b.key)).toContain('pools.main.availability');
  });
});
