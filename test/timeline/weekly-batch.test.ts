// Pins issue 19's laws: weekly profiles, calendar effects, B2B seats, deferrable batch work
// scheduled earliest-deadline-first into spare capacity, and the diversity factor.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { compile, timeline } from '../../src-main/engine/timeline/index.js';
import { monteCarlo } from '../../src-main/engine/montecarlo/index.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../src-main/engine/demand/scenario.js';
import { effectDays, dateOfDayNumber, isWeekend, dayNumber } from '../../src-main/engine/demand/index.js';
import { baseScenario, input } from './helpers.js';

const a = { assumed: 'test' };
const flat = Array(24).fill(1 / 24);
/** 24 shares concentrated on the given hours. */
const on = (hours: number[]) => Array.from({ length: 24 }, (_, h) => (hours.includes(h) ? 1 / hours.length : 0));
/** A day with a busy afternoon and a night trough. */
const dayShape = (() => { const r = Array.from({ length: 24 }, (_, h) => 1 + 0.8 * Math.cos((2 * Math.PI * (h - 14)) / 24)); const t = r.reduce((x, y) => x + y, 0); return r.map((x) => x / t); })();

type ClassIn = ScenarioInput['classes'][number];
const chat = (over: Partial<ClassIn> = {}): ClassIn => ({
  id: 'chat', label: 'Chat', kind: 'chat', pool: 'main', requests_per_dau: { value: 5, ...a },
  input_tokens: { value: 500, ...a }, output_tokens: { value: 300, ...a }, ttft_ms: { value: 2000, ...a }, tpot_ms: { value: 50, ...a },
  weekly: { weekday: dayShape, weekend: dayShape, weekend_level: { value: 1, ...a }, ...a }, ...over,
});
const batchClass = (tokensPerDay: number, deadline: number, shape = flat, id = 'crm'): ClassIn => ({
  id, label: 'CRM summaries', kind: 'api', pool: 'main', tokens_per_day: { value: tokensPerDay, ...a }, api_monthly_growth: { value: 0, ...a },
  input_tokens: { value: 2000.5, ...a }, output_tokens: { value: 250.25, ...a }, ttft_ms: { value: 10_000, ...a }, tpot_ms: { value: 100, ...a },
  batch: { deadline_hours: deadline, ...a }, weekly: { weekday: shape, weekend: shape, weekend_level: { value: 1, ...a }, ...a },
});
const steady = (classes: ClassIn[], over: Partial<ScenarioInput> = {}): Scenario => baseScenario({
  horizon_months: 3, users: { kind: 'compound', start: { value: 1e6, ...a }, monthly_growth: { value: 0, ...a } }, classes, ...over,
});

describe('schema (issue 19 fields are optional and checked)', () => {
  it('an older document parses unchanged; B2B seats replace tokens_per_day', () => {
    const s = baseScenario();
    expect(s.classes[0].weekly).toBeUndefined();
    const b2b: ClassIn = {
      id: 'bi', label: 'BI', kind: 'api', pool: 'main', b2b: { unit: 'seat', units: { value: 1000, ...a }, onboarded_per_month: { value: 100, p10: 50, p90: 200, ...a }, requests_per_unit_per_day: { value: 12.5, ...a } },
      input_tokens: { value: 3500.5, ...a }, output_tokens: { value: 180.2, ...a }, ttft_ms: { value: 3000, ...a }, tpot_ms: { value: 50, ...a },
    };
    const r = timeline(compile(input(baseScenario({ classes: [chat({ weekly: undefined }), b2b] }))));
    expect(r.months[0].by_class.bi.served_output_tokens).toBeCloseTo(1000 * 12.5 * 180.2 * 31, 3);
    expect(r.months[2].by_class.bi.served_output_tokens).toBeCloseTo(1200 * 12.5 * 180.2 * 31, 3);
    const bad = { ...b2b, tokens_per_day: { value: 1, ...a } };
    expect(() => baseScenario({ classes: [bad] })).toThrow(/not both/);
    expect(() => baseScenario({ classes: [{ ...chat(), batch: { deadline_hours: 0, ...a } }] })).toThrow();
    expect(() => baseScenario({ classes: [{ ...chat(), weekly: { weekday: flat, weekend: on([1, 2]).map((x) => x * 2), weekend_level: { value: 1, ...a }, ...a } }] })).toThrow(/sum to 1/);
    expect(() => baseScenario({ classes: [{ ...chat(), calendar: [{ effect: 'month_end', multiplier: { value: 2, ...a } }, { effect: 'month_end', multiplier: { value: 3, ...a } }] }] })).toThrow(/once/);
    expect(scenarioSchema.safeParse({ ...s, classes: [{ ...s.classes[0], b2b: b2b.b2b }] }).success).toBe(false);
  });
});

describe('calendar effects', () => {
  const dates = (e: Parameters<typeof effectDays>[0], m: string) => effectDays(e, m).map(dateOfDayNumber);
  it('puts each effect on its days', () => {
    expect(dates('thanksgiving', '2026-11')).toEqual(['2026-11-26', '2026-11-27']);
    expect(dates('thanksgiving', '2025-11')).toEqual(['2025-11-27', '2025-11-28']);
    expect(dates('spring_festival', '2026-02')).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']);
    expect(dates('spring_festival', '2025-01')).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
    expect(dates('spring_festival', '2025-02')).toEqual(['2025-02-01', '2025-02-02', '2025-02-03', '2025-02-04']);
    expect(dates('golden_week', '2026-10')).toHaveLength(7);
    expect(dates('quarter_end', '2026-03')).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(dates('quarter_end', '2026-04')).toEqual([]);
    expect(dates('month_end', '2026-02')).toEqual(['2026-02-26', '2026-02-27', '2026-02-28']);
    expect(dates('christmas', '2026-12')).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);
    expect(isWeekend(dayNumber('2026-12-05'))).toBe(true);
    expect(isWeekend(dayNumber('2026-12-07'))).toBe(false);
  });
  it('a month-end multiplier raises the month-end peak and the served tokens by the arithmetic', () => {
    const plain = timeline(compile(input(steady([chat()]))));
    const me = timeline(compile(input(steady([chat({ calendar: [{ effect: 'month_end', multiplier: { value: 2, ...a } }] })]))));
    const m = 0; // Jan 2024: 31 days, 3 month-end days
    expect(me.months[m].by_class.chat.served_output_tokens).toBeCloseTo(plain.months[m].by_class.chat.served_output_tokens * (31 + 3) / 31, 0);
    expect(me.months[m].by_class.chat.peak_output_tokens_per_s).toBeCloseTo(plain.months[m].by_class.chat.peak_output_tokens_per_s * 2, 6);
  });
  it('weekend level scales weekend days only', () => {
    const r = timeline(compile(input(steady([chat({ weekly: { weekday: dayShape, weekend: flat, weekend_level: { value: 0.5, ...a }, ...a } })]))));
    const jan = r.months[0]; // Jan 2024: 23 weekdays, 8 weekend days
    const perDay = 1e6 * 0.5 * 5 * 300;
    expect(jan.by_class.chat.served_output_tokens).toBeCloseTo(perDay * (23 + 8 * 0.5), 0);
    const we = jan.typical_days.weekend[0].output_tokens_per_s;
    expect(we[3]).toBeCloseTo((perDay * 0.5) / 24 / 3600, 6);
  });
});

describe('batch scheduling (EDF into spare capacity)', () => {
  it('adding a deferrable class never raises the interactive peak (property)', () => {
    fc.assert(fc.property(
      fc.double({ min: 1e6, max: 5e10, noNaN: true }), fc.integer({ min: 1, max: 72 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 16, max: 512 }),
      (tpd, dl, hour, gpus) => {
        const before = timeline(compile(input(steady([chat()]), gpus)));
        const after = timeline(compile(input(steady([chat(), batchClass(tpd, dl, on([hour]))]), gpus)));
        return after.months.every((m, i) => {
          const b = before.months[i];
          if ((m.pools[0].interactive_utilisation ?? 0) > (b.pools[0].interactive_utilisation ?? 0) * (1 + 1e-12)) return false;
          if (m.by_class.chat.peak_output_tokens_per_s !== b.by_class.chat.peak_output_tokens_per_s) return false;
          // the load to size for is the interactive peak plus only what batch cannot fit
          return m.pools[0].peak_output_tokens_per_s >= b.pools[0].peak_output_tokens_per_s;
        });
      }), { numRuns: 40 });
  });

  it('a 24 h deadline fits in the night trough with no extra GPUs, up to the trough\'s spare capacity (property)', () => {
    const gpus = 256;
    const base = timeline(compile(input(steady([chat()]), gpus)));
    const m0 = base.months[0], pool = m0.pools[0];
    const burst = 1.2;
    const inter = m0.typical_days.weekday[0].output_tokens_per_s.map((x) => x * burst);
    // the trough's spare under a fleet sized exactly for the interactive peak
    const peak = Math.max(...inter);
    expect(peak).toBeCloseTo(pool.peak_output_tokens_per_s, 6);
    const spare = inter.reduce((t, x) => t + (peak - x), 0);
    expect(m0.overloaded).toBe(false);
    expect(spare).toBeGreaterThan(0);
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.98, noNaN: true }), fc.integer({ min: 0, max: 23 }), (f, hour) => {
      const out = 250.25, perReq = 2000.5 + out;
      const tpd = (f * spare * 3600 * perReq) / out;
      const r = timeline(compile(input(steady([chat(), batchClass(tpd, 24, on([hour]))]), gpus)));
      const m = r.months[0];
      return !m.overloaded && !m.batch!.deadline_missed
        && Math.abs(m.pools[0].peak_output_tokens_per_s - pool.peak_output_tokens_per_s) <= 1e-9 * pool.peak_output_tokens_per_s
        && m.batch!.gpus_saved >= 0
        && Math.abs(m.by_class.crm.served_output_tokens - (tpd * out / perReq) * 31) < 1e-6 * tpd * 31;
    }), { numRuns: 30 });
    // past the trough's spare, the pool must carry more than its interactive peak
    const out = 250.25, perReq = 2000.5 + out;
    const more = timeline(compile(input(steady([chat(), batchClass((1.05 * spare * 3600 * perReq) / out, 24, on([14]))]), gpus)));
    expect(more.months[0].pools[0].peak_output_tokens_per_s).toBeGreaterThan(pool.peak_output_tokens_per_s);
    expect(more.months[0].batch!.deadline_missed).toBe(false); // the fleet as it is still has room
    // past the fleet's own spare under its safe utilisation, the deadline is missed: overloaded
    const fleetSpare = inter.reduce((t, x) => t + Math.max(0, pool.safe_utilisation * pool.capacity_output_tokens_per_s - x), 0);
    const r = timeline(compile(input(steady([chat(), batchClass((1.05 * fleetSpare * 3600 * perReq) / out, 24, on([14]))]), gpus)));
    expect(r.months[0].batch!.deadline_missed).toBe(true);
    expect(r.months[0].overloaded).toBe(true);
    expect(r.months[0].utilisation).toBeGreaterThan(r.months[0].safe_utilisation);
  });

  it('defers batch off-peak and saves GPUs against serving it on arrival', () => {
    // batch arrives in the busiest afternoon hour; the deadline lets it wait for the night
    const r = timeline(compile(input(steady([chat(), batchClass(2e10, 24, on([14]))]), 256)));
    const m = r.months[0];
    expect(m.batch!.deadline_missed).toBe(false);
    expect(m.batch!.served_off_peak_share).toBeGreaterThan(0);
    expect(m.batch!.gpus_saved).toBeGreaterThan(0);
    expect(m.by_class.crm.deferred_output_tokens).toBeGreaterThan(0);
    expect(m.by_class.crm.deferred_output_tokens).toBeLessThanOrEqual(m.by_class.crm.served_output_tokens * (1 + 1e-9));
    // a one-hour deadline is interactive-like: nothing can be deferred
    const r1 = timeline(compile(input(steady([chat(), batchClass(1e9, 1, on([14]))]), 256)));
    expect(r1.months[0].by_class.crm.deferred_output_tokens).toBe(0);
  });
});

describe('peak coincidence', () => {
  it('classes with disjoint busy hours give a diversity factor below 1 (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 23 }), { minLength: 2, maxLength: 24 }), fc.integer({ min: 1, max: 23 }), (hours, cut0) => {
      const cut = Math.min(cut0, hours.length - 1);
      const h1 = hours.slice(0, cut), h2 = hours.slice(cut);
      const shape = (hs: number[]) => ({ weekday: on(hs), weekend: on(hs), weekend_level: { value: 1, ...a }, ...a });
      const s = steady([chat({ weekly: shape(h1) }), chat({ id: 'voice', kind: 'voice', label: 'Voice', stt_gpu_s: { value: 0.1, ...a }, tts_gpu_s: { value: 0.1, ...a }, weekly: shape(h2) })]);
      const r = timeline(compile(input(s)));
      return r.months.every((m) => m.diversity_factor < 1 && m.diversity_factor > 0);
    }), { numRuns: 40 });
  });
  it('one shared profile gives a diversity factor of 1', () => {
    const r = timeline(compile(input(baseScenario())));
    for (const m of r.months) expect(m.diversity_factor).toBeCloseTo(1, 12);
  });
});

describe('determinism', () => {
  it('same inputs and seed, same timeline and Monte Carlo', () => {
    const s = steady([chat(), batchClass(2e10, 24, on([14])), batchClass(1e9, 6, on([9, 10]), 'mkt')], { horizon_months: 6 });
    const m1 = compile(input(s, 128)), m2 = compile(input(s, 128));
    expect(timeline(m1)).toEqual(timeline(m2));
    const a1 = monteCarlo(m1, 300, 7), a2 = monteCarlo(m2, 300, 7);
    expect(a1).toEqual(a2);
  });
});

describe('scenario edits for the timing fields (pure, schema-valid)', () => {
  it('toggles a weekly profile, a batch deadline, calendar effects and B2B seats, each result valid', async () => {
    const { setClassWeekly, setClassBatch, addCalendarEffect, removeCalendarEffect, setClassB2b } = await import('../../src-main/engine/demand/scenario-edit.js');
    let s = steady([chat({ weekly: undefined }), batchClass(1e9, 24)]);
    const ok = (e: ReturnType<typeof setClassWeekly>) => { if (!e.ok) throw new Error(e.reason); return scenarioSchema.parse(e.scenario); };
    s = ok(setClassWeekly(s, 'chat', true));
    expect(s.classes[0].weekly?.weekday).toEqual(s.diurnal.profile);
    s = ok(setClassBatch(s, 'chat', 6));
    expect(s.classes[0].batch?.deadline_hours).toBe(6);
    expect(setClassBatch(s, 'chat', 0).ok).toBe(false);
    s = ok(addCalendarEffect(s, 'chat', 'golden_week'));
    expect(addCalendarEffect(s, 'chat', 'golden_week').ok).toBe(false);
    s = ok(removeCalendarEffect(s, 'chat', 'golden_week'));
    expect(s.classes[0].calendar).toBeUndefined();
    s = ok(setClassBatch(s, 'chat', null));
    s = ok(setClassWeekly(s, 'chat', false));
    expect(s.classes[0].weekly).toBeUndefined();
    expect(setClassB2b(s, 'chat', true).ok).toBe(false);
    const seats = ok(setClassB2b(s, 'crm', true));
    const r0 = timeline(compile(input(s))).months[0].by_class.crm.served_output_tokens;
    const r1 = timeline(compile(input(seats))).months[0].by_class.crm.served_output_tokens;
    expect(r1).toBeCloseTo(r0, 0); // the start month's requests are kept
    const back = ok(setClassB2b(seats, 'crm', false));
    expect(back.classes[1].tokens_per_day?.value).toBeCloseTo(1e9, 0);
  });
});

describe('Monte Carlo evaluation agrees with the timeline', () => {
  it('at the medians, the fast hourly evaluation finds the deterministic crash month and the same overloaded months', async () => {
    const { evaluateFast, fastScratch } = await import('../../src-main/engine/timeline/index.js');
    const { rhoTable, rhoLookup } = await import('../../src-main/engine/montecarlo/index.js');
    const monthEnd = [{ effect: 'month_end' as const, multiplier: { value: 1.8, ...a } }, { effect: 'quarter_end' as const, multiplier: { value: 0.7, ...a } }, { effect: 'spring_festival' as const, multiplier: { value: 1.4, ...a } }];
    const crashes: (number | null)[] = [];
    for (const gpus of [128, 512, 2048, 8192]) {
      const s = baseScenario({ horizon_months: 24, classes: [chat({ calendar: monthEnd }), batchClass(3e10, 12, on([14, 15]))] });
      const model = compile(input(s, gpus));
      const det = timeline(model);
      const over = new Uint8Array(model.H);
      const stride = model.H * model.nP;
      const crash = evaluateFast(model, model.layout.base, fastScratch(model), rhoLookup(model, rhoTable(model)), { over, demand: new Float64Array(stride), util: new Float64Array(stride) });
      expect(crash < 0 ? null : crash).toBe(det.crash_index);
      expect(Array.from(over)).toEqual(det.months.map((m) => (m.overloaded ? 1 : 0)));
      crashes.push(det.crash_index);
    }
    expect(new Set(crashes).size).toBeGreaterThan(1); // the fleets fall over in different months (or hold)
  });
});
