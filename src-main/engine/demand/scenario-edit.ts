// Structural edits of a scenario document — add/remove request classes, events and pools,
// switch the users model, reshape the diurnal profile — as pure functions the Scenarios page
// calls. Each returns a new document (or a refusal naming what blocks it), so the page never
// builds a shape the schema would reject and every rule is unit-tested here, not in Svelte.
import type { CalendarEffect, ClassKind, ClassSpec, EventSpec, Num, PoolSpec, Scenario, UsersSpec } from './scenario.js';
import { addMonths, monthDiff } from './calendar.js';
import { buildLayout, usersAt } from './index.js';

export type Edit<T = Scenario> = { ok: true; scenario: T } | { ok: false; reason: string };

const NEW = 'new input: replace with your own figure';
const assumed = (value: number): Num => ({ value, assumed: NEW });

/** `base`, or `base-2`, `base-3`… — the first id not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const root = base.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 56) || 'item';
  if (!used.has(root)) return root;
  for (let i = 2; ; i++) if (!used.has(`${root}-${i}`)) return `${root}-${i}`;
}

/** Defaults per class kind: ordinary figures for a consumer assistant, every one marked assumed. */
function blankClass(kind: ClassKind, id: string, pool: string): ClassSpec {
  const common = { id, label: id, kind, pool, ttft_ms: assumed(kind === 'api' ? 3000 : 2000), tpot_ms: assumed(100) };
  switch (kind) {
    case 'chat': return { ...common, requests_per_dau: assumed(5), input_tokens: assumed(800), output_tokens: assumed(400) };
    case 'voice': return { ...common, requests_per_dau: assumed(2), input_tokens: assumed(400), output_tokens: assumed(200), stt_gpu_s: assumed(0.5), tts_gpu_s: assumed(1) };
    case 'image': return { ...common, requests_per_dau: assumed(0.5), input_tokens: assumed(100), output_tokens: assumed(0), image_gpu_s: assumed(4) };
    case 'api': return { ...common, tokens_per_day: assumed(1e9), api_monthly_growth: assumed(0.05), input_tokens: assumed(1500), output_tokens: assumed(300) };
  }
}

/** Adds a class of `kind` served by the first pool with a model (a request class needs an LLM). */
export function addClass(s: Scenario, kind: ClassKind): Edit {
  const pool = s.pools.find((p) => p.model_id !== null) ?? s.pools[0];
  if (!pool) return { ok: false, reason: 'add a pool first: a request class needs a pool to serve it' };
  const id = uniqueId(kind, s.classes.map((c) => c.id));
  return { ok: true, scenario: { ...s, classes: [...s.classes, blankClass(kind, id, pool.id)] } };
}

/** Removes a class and every event aimed at it or shifting to/from it (they would dangle). */
export function removeClass(s: Scenario, id: string): Edit<Scenario & { dropped_events: string[] }> {
  if (!s.classes.some((c) => c.id === id)) return { ok: false, reason: `no class "${id}"` };
  if (s.classes.length === 1) return { ok: false, reason: 'a scenario needs at least one request class' };
  const keep = (e: EventSpec) => e.class !== id && e.shift?.from !== id && e.shift?.to !== id;
  return {
    ok: true,
    scenario: { ...s, classes: s.classes.filter((c) => c.id !== id), events: s.events.filter(keep), dropped_events: s.events.filter((e) => !keep(e)).map((e) => e.id) },
  };
}

/** Adds a one-day event on the first day of the horizon that doubles every class (assumed). */
export function addEvent(s: Scenario): Edit {
  const id = uniqueId('event', s.events.map((e) => e.id));
  const ev: EventSpec = { id, label: id, start_date: `${s.start_month}-01`, days: 1, class: null, multiplier: assumed(2), assumed: NEW };
  return { ok: true, scenario: { ...s, events: [...s.events, ev] } };
}

export function removeEvent(s: Scenario, id: string): Edit {
  if (!s.events.some((e) => e.id === id)) return { ok: false, reason: `no event "${id}"` };
  return { ok: true, scenario: { ...s, events: s.events.filter((e) => e.id !== id) } };
}

/** Turns an event's class-mix shift on (from its class, else the first, to another class) or off. */
export function setEventShift(s: Scenario, id: string, on: boolean): Edit {
  const ev = s.events.find((e) => e.id === id);
  if (!ev) return { ok: false, reason: `no event "${id}"` };
  let next: EventSpec;
  if (!on) { const { shift: _drop, ...rest } = ev; next = rest; }
  else {
    if (s.classes.length < 2) return { ok: false, reason: 'a shift moves requests between two classes; add another class first' };
    const from = ev.class ?? s.classes[0].id;
    const to = s.classes.find((c) => c.id !== from)!.id;
    next = { ...ev, shift: { from, to, share: assumed(0.1) } };
  }
  return { ok: true, scenario: { ...s, events: s.events.map((e) => (e.id === id ? next : e)) } };
}

/** Adds a pool serving `model_id` (null: speech/image only) on the given clusters. */
export function addPool(s: Scenario, model_id: string | null, cluster_ids: number[] = []): Edit {
  const id = uniqueId(model_id ?? 'media', s.pools.map((p) => p.id));
  const pool: PoolSpec = {
    id, label: id, model_id, precision: 'bf16', tp: 8,
    clusters: cluster_ids.map((cluster_id) => ({ cluster_id, share: 1 })),
    availability: assumed(0.95), ttft_tail: assumed(0.05),
  };
  return { ok: true, scenario: { ...s, pools: [...s.pools, pool] } };
}

/** Removes a pool no class uses; names the classes that still do. */
export function removePool(s: Scenario, id: string): Edit {
  if (!s.pools.some((p) => p.id === id)) return { ok: false, reason: `no pool "${id}"` };
  const users = s.classes.filter((c) => c.pool === id || c.media_pool === id).map((c) => c.id);
  if (users.length) return { ok: false, reason: `pool "${id}" serves ${users.join(', ')}: move those classes to another pool first` };
  return { ok: true, scenario: { ...s, pools: s.pools.filter((p) => p.id !== id) } };
}

/** Sets (share > 0) or removes (share = 0) a cluster's share of GPUs in a pool. */
export function setPoolCluster(s: Scenario, poolId: string, cluster_id: number, share: number): Edit {
  const pool = s.pools.find((p) => p.id === poolId);
  if (!pool) return { ok: false, reason: `no pool "${poolId}"` };
  if (!(share >= 0 && share <= 1)) return { ok: false, reason: 'share must be between 0 and 1' };
  const rest = pool.clusters.filter((c) => c.cluster_id !== cluster_id);
  const clusters = share > 0 ? [...rest, { cluster_id, share }].sort((a, b) => a.cluster_id - b.cluster_id) : rest;
  return { ok: true, scenario: { ...s, pools: s.pools.map((p) => (p.id === poolId ? { ...p, clusters } : p)) } };
}

/** Users month by month at the median inputs, exactly as the timeline computes them. */
function usersSeries(s: Scenario, n: number): number[] {
  const L = buildLayout({ ...s, horizon_months: Math.max(n, 1) });
  return Array.from({ length: n }, (_, m) => usersAt(s.users.kind, L.base, L.usersTable, m));
}

/** Compound monthly rate fitted between a table's first and last points (0 with one point). */
function tableGrowth(u: Extract<UsersSpec, { kind: 'table' }>): number {
  const pts = [...u.points].sort((a, b) => a.month.localeCompare(b.month));
  const a = pts[0], b = pts[pts.length - 1];
  const months = monthDiff(a.month, b.month);
  if (months <= 0 || a.users <= 0 || b.users <= 0) return 0;
  return Math.round((Math.pow(b.users / a.users, 1 / months) - 1) * 1e4) / 1e4;
}

/**
 * Converts the users model to `kind`, keeping the users at the start month and the growth rate
 * where both models have one; what had to be invented is marked assumed with the reason.
 */
export function switchUsersKind(s: Scenario, kind: UsersSpec['kind']): Edit {
  const u = s.users;
  if (u.kind === kind) return { ok: true, scenario: s };
  const n = Math.min(s.horizon_months, 240);
  const series = usersSeries(s, n);
  const start = Math.round(series[0]);
  const derived = (what: string) => `converted from the ${u.kind} users model: ${what}`;
  const growth: Num = u.kind === 'table' ? { value: tableGrowth(u), assumed: derived('rate fitted between the first and last points') } : u.monthly_growth;
  const startNum: Num = u.kind === 'table' ? { value: start, assumed: derived('users at the start month') } : u.start;
  let users: UsersSpec;
  if (kind === 'compound') users = { kind, start: startNum, monthly_growth: growth };
  else if (kind === 'logistic') {
    const ceiling: Num = { value: Math.max(start * 10, 1), assumed: derived('ceiling set to 10× the start users') };
    users = { kind, start: { ...startNum, value: Math.max(startNum.value, 1) }, ceiling, monthly_growth: growth };
  } else {
    // One point per month over the horizon, from the model being replaced (at its median).
    const points = series.map((x, i) => ({ month: addMonths(s.start_month, i), users: Math.round(x), assumed: derived('monthly values computed from it') }));
    users = { kind, points, scale: { value: 1, assumed: derived('table taken as given') } };
  }
  return { ok: true, scenario: { ...s, users } };
}

/** Adds a month after the table's last (same users), or the start month to an empty table. */
export function addUsersPoint(s: Scenario): Edit {
  if (s.users.kind !== 'table') return { ok: false, reason: 'only a table of months has points' };
  const pts = s.users.points;
  const last = pts.reduce((a, p) => (p.month > a.month ? p : a), pts[0]);
  const point = { month: addMonths(last.month, 1), users: last.users, assumed: NEW };
  return { ok: true, scenario: { ...s, users: { ...s.users, points: [...pts, point] } } };
}

export function removeUsersPoint(s: Scenario, index: number): Edit {
  if (s.users.kind !== 'table') return { ok: false, reason: 'only a table of months has points' };
  if (s.users.points.length <= 1) return { ok: false, reason: 'a table needs at least one month' };
  return { ok: true, scenario: { ...s, users: { ...s.users, points: s.users.points.filter((_, i) => i !== index) } } };
}

/** Scales a 24-hour profile to sum to 1 (flat when it is all zero; blanks and negatives count as 0). */
export function normaliseProfile(profile: readonly number[]): number[] {
  if (profile.length !== 24) throw new RangeError('a diurnal profile has 24 hours');
  const clean = profile.map((x) => (Number.isFinite(x) && x > 0 ? x : 0));
  const sum = clean.reduce((a, b) => a + b, 0);
  return sum > 0 ? clean.map((x) => x / sum) : clean.map(() => 1 / 24);
}

/** Rotates a UTC profile by `hours` (e.g. +8 moves a peak written in Beijing time to UTC). */
export function shiftProfile(profile: readonly number[], hours: number): number[] {
  const h = ((Math.round(hours) % 24) + 24) % 24;
  return profile.map((_, i) => profile[(i - h + 24) % 24]);
}

/**
 * A minimal scenario to start from: one chat class on one pool serving `model_id`, compound
 * user growth, a daily profile peaking in the evening of `utc_offset_hours` local time — every
 * figure marked assumed, so the page shows what still needs the planner's own numbers.
 */
export function newScenario(o: { name: string; title?: string; start_month: string; model_id: string; currency?: string; cluster_ids?: number[]; utc_offset_hours?: number }): Scenario {
  // An evening-peaked day: a raised cosine on local time, 2× the mean at 21:00.
  const local = Array.from({ length: 24 }, (_, h) => 1 + Math.cos(((h - 21) / 24) * 2 * Math.PI));
  const profile = normaliseProfile(shiftProfile(local, -(o.utc_offset_hours ?? 0)));
  return {
    name: o.name,
    title: o.title ?? o.name,
    description: '',
    start_month: o.start_month,
    horizon_months: 36,
    currency: o.currency ?? 'USD',
    users: { kind: 'compound', start: assumed(1_000_000), monthly_growth: assumed(0.05) },
    dau_share: assumed(0.3),
    classes: [blankClass('chat', 'chat', 'main')],
    diurnal: { profile, burst_factor: assumed(1.2), assumed: NEW },
    events: [],
    pools: [{
      id: 'main', label: o.model_id, model_id: o.model_id, precision: 'bf16', tp: 8,
      clusters: (o.cluster_ids ?? []).map((cluster_id) => ({ cluster_id, share: 1 })),
      availability: assumed(0.95), ttft_tail: assumed(0.05),
    }],
  };
}

// ---- issue 19: per-class timing (weekly profile, batch deadline, calendar effects) and B2B seats ----

const withClass = (s: Scenario, id: string, f: (c: ClassSpec) => ClassSpec | string): Edit => {
  const c = s.classes.find((x) => x.id === id);
  if (!c) return { ok: false, reason: `no class "${id}"` };
  const next = f(c);
  if (typeof next === 'string') return { ok: false, reason: next };
  return { ok: true, scenario: { ...s, classes: s.classes.map((x) => (x.id === id ? next : x)) } };
};

/** Gives a class its own weekday/weekend profile (both start as the scenario's daily profile, weekend level 1), or takes it away. */
export function setClassWeekly(s: Scenario, id: string, on: boolean): Edit {
  return withClass(s, id, (c) => {
    if (!on) { const { weekly: _drop, ...rest } = c; return rest; }
    if (c.weekly) return c;
    return { ...c, weekly: { weekday: [...s.diurnal.profile], weekend: [...s.diurnal.profile], weekend_level: assumed(1), assumed: NEW } };
  });
}

/** Makes a class deferrable with a deadline in hours (1-72), or interactive again (null). */
export function setClassBatch(s: Scenario, id: string, deadlineHours: number | null): Edit {
  if (deadlineHours !== null && !(Number.isInteger(deadlineHours) && deadlineHours >= 1 && deadlineHours <= 72)) return { ok: false, reason: 'a batch deadline is a whole number of hours from 1 to 72' };
  return withClass(s, id, (c) => {
    if (deadlineHours === null) { const { batch: _drop, ...rest } = c; return rest; }
    return { ...c, batch: { ...(c.batch ?? { assumed: NEW }), deadline_hours: deadlineHours } };
  });
}

export const CALENDAR_EFFECTS: CalendarEffect[] = ['month_end', 'quarter_end', 'spring_festival', 'golden_week', 'thanksgiving', 'christmas'];

/** Adds a calendar effect to a class (multiplier 1, assumed); each effect once per class. */
export function addCalendarEffect(s: Scenario, id: string, effect: CalendarEffect): Edit {
  return withClass(s, id, (c) => {
    if ((c.calendar ?? []).some((e) => e.effect === effect)) return `class "${id}" already has ${effect}`;
    return { ...c, calendar: [...(c.calendar ?? []), { effect, multiplier: assumed(1) }] };
  });
}

export function removeCalendarEffect(s: Scenario, id: string, effect: CalendarEffect): Edit {
  return withClass(s, id, (c) => {
    const rest = (c.calendar ?? []).filter((e) => e.effect !== effect);
    if (rest.length === (c.calendar ?? []).length) return `class "${id}" has no ${effect}`;
    if (rest.length) return { ...c, calendar: rest };
    const { calendar: _drop, ...other } = c;
    return other;
  });
}

/**
 * Switches an API class between tokens per day (with its own growth) and B2B seats/systems
 * onboarded per month. The new figures keep the start month's requests per day
 * (tokens per day ÷ tokens per request = units × requests per unit).
 */
export function setClassB2b(s: Scenario, id: string, on: boolean): Edit {
  return withClass(s, id, (c) => {
    if (c.kind !== 'api') return 'only API classes have B2B seats or systems';
    const per = c.input_tokens.value + c.output_tokens.value;
    if (on) {
      if (c.b2b) return c;
      const reqs = per > 0 ? (c.tokens_per_day?.value ?? 0) / per : 0;
      const { tokens_per_day: _t, api_monthly_growth: _g, ...rest } = c;
      const from = 'converted from tokens per day at 1,000 seats';
      return { ...rest, b2b: { unit: 'seat', units: { value: 1000, assumed: from }, onboarded_per_month: { value: 0, assumed: NEW }, requests_per_unit_per_day: { value: reqs / 1000, assumed: from } } };
    }
    if (!c.b2b) return c;
    const reqs = c.b2b.units.value * c.b2b.requests_per_unit_per_day.value;
    const { b2b: _b, ...rest } = c;
    return { ...rest, tokens_per_day: { value: reqs * per, assumed: 'converted from seats × requests per seat × tokens per request' }, api_monthly_growth: assumed(0) };
  });
}
