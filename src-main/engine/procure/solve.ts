// From a solver's column values to a plan: round integers, re-check every constraint,
// turn columns into DESIGN.md actions with a reason each, build the month-by-month fleet,
// and explain any shortfall in words. `optimise` drives the whole thing with any LP
// solver passed in (HiGHS in a worker in the app; the engine itself stays pure).
import { Decimal } from 'decimal.js';
import { buildModel, toLpText, siteWatts, hoursInMonth, monthName, offerPriceAt, type AcqColumn, type ProcureModel, type Row } from './model.js';
import { capFor, completeSolution, greedy } from './greedy.js';
import { monthIndex } from './periods.js';
import type { BindingConstraint, BudgetUse, Infeasibility, MonthFleet, ProcureAction, ProcureInput, ProcureResult } from './types.js';

export interface LpSolveOptions {
  time_limit: number;
  mip_rel_gap: number;
  /** A feasible start (column name → value): the greedy plan. */
  start?: Record<string, number>;
}
export interface LpSolution {
  status: 'optimal' | 'feasible' | 'time_limit' | 'infeasible' | 'error';
  values: Record<string, number>;
  mip_gap: number | null;
  seconds: number;
  message?: string;
}
export type LpSolver = (lp: string, opts: LpSolveOptions) => LpSolution;

const TOL = 1e-6;

export interface Evaluation {
  cost: number;
  penalty: number;
  violations: string[];
}

/** Each budget given in the input against the plan's spend, from the model's budget rows. */
export function budgetUse(model: ProcureModel, values: Float64Array): BudgetUse[] {
  const out: BudgetUse[] = [];
  const activity = (kind: 'capex' | 'opex', quarter: string) => {
    const r = model.rows.find((x) => x.kind === kind && x.quarter === quarter);
    let act = 0;
    if (r) for (const [i, c] of r.terms) act += c * values[i];
    return act;
  };
  for (const b of model.input.budgets ?? []) {
    if (!model.periods.some((p) => p.quarter === b.quarter)) continue; // outside the horizon
    for (const kind of ['capex', 'opex'] as const) {
      const limit = b[kind];
      if (limit === undefined || limit === null || limit === '') continue;
      out.push({ quarter: b.quarter, kind, limit: Number(limit), used: activity(kind, b.quarter) });
    }
  }
  return out;
}

/** Objective split into real money and shortfall penalty, plus every hard-row violation. */
export function evaluate(model: ProcureModel, values: Float64Array): Evaluation {
  let cost = 0;
  let penalty = 0;
  const violations: string[] = [];
  model.columns.forEach((c, i) => {
    const v = values[i];
    cost += c.cost * v;
    penalty += (c.obj - c.cost) * v;
    if (v < c.lb - TOL || v > c.ub + TOL) violations.push(`${c.name} = ${v} outside [${c.lb}, ${c.ub}]`);
    if (c.integer && Math.abs(v - Math.round(v)) > TOL) violations.push(`${c.name} = ${v} is not whole`);
  });
  for (const r of model.rows) {
    let act = 0;
    for (const [i, c] of r.terms) act += c * values[i];
    const tol = TOL * Math.max(1, Math.abs(r.rhs));
    if (r.sense === '<=' ? act > r.rhs + tol : act < r.rhs - tol) violations.push(`${r.kind} row ${r.name}${r.site ? ` at ${r.site}` : ''}${r.period !== undefined ? ` in ${monthName(monthIndex(model.input.start_month) + model.periods[r.period].start)}` : ''}: ${act.toFixed(3)} ${r.sense} ${r.rhs}`);
  }
  return { cost, penalty, violations };
}

/** Integers to the nearest whole number; cloud GPUs rounded up; slack recomputed. */
export function roundSolution(model: ProcureModel, raw: Float64Array): Float64Array {
  const v = new Float64Array(raw);
  model.columns.forEach((c, i) => {
    if (c.integer) v[i] = Math.round(v[i]);
    else if (c.meta.kind === 'acq') v[i] = Math.ceil(v[i] - 1e-6);
    if (v[i] < 0) v[i] = 0;
  });
  completeSolution(model, v);
  return v;
}

const monthOf = (model: ProcureModel, rel: number) => monthName(monthIndex(model.input.start_month) + rel);

function fmtInt(x: number): string {
  return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
function fmtPower(kw: number): string {
  if (kw >= 1000) return `${Number((kw / 1000).toFixed(2))} MW`;
  return `${Number(kw.toFixed(1))} kW`;
}
function fmtMoneyText(x: number, cur: string): string {
  return `${fmtInt(x)} ${cur}`;
}

/** The month inside a period where the pool's demand peaks. */
function peakMonth(model: ProcureModel, poolId: string, period: number): number {
  const p = model.periods[period];
  const pool = model.input.pools.find((x) => x.id === poolId)!;
  let best = p.start;
  for (let k = 0; k < p.len; k++) if ((pool.peak_demand[p.start + k] ?? 0) > (pool.peak_demand[best] ?? 0)) best = p.start + k;
  return best;
}

function referenceGpu(model: ProcureModel, poolId: string): string | undefined {
  const pool = model.input.pools.find((x) => x.id === poolId)!;
  if (pool.reference_gpu && (pool.capacity_per_gpu[pool.reference_gpu] ?? 0) > 0) return pool.reference_gpu;
  const counts = new Map<string, number>();
  for (const it of model.input.inventory ?? []) if ((pool.capacity_per_gpu[it.gpu_id] ?? 0) > 0) counts.set(it.gpu_id, (counts.get(it.gpu_id) ?? 0) + it.gpus);
  const inv = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (inv) return inv[0];
  return Object.entries(pool.capacity_per_gpu).filter(([, c]) => c > 0).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0];
}

/** Explains every capacity shortfall by the hard limit that made it unavoidable. */
export function explain(model: ProcureModel, values: Float64Array): Infeasibility[] {
  const { columns, rows, input } = model;
  const out: Infeasibility[] = [];
  const rowAct = rows.map((r) => r.terms.reduce((s, [i, c]) => s + c * values[i], 0));
  const gpuName = (id: string) => model.gpuById.get(id)?.name ?? id;
  for (const r of rows) {
    if (r.kind !== 'capacity') continue;
    const slackCol = r.terms.find(([i]) => columns[i].meta.kind === 'slack')?.[0];
    if (slackCol === undefined) continue;
    const short = values[slackCol];
    if (short <= Math.max(TOL, 1e-6 * r.rhs)) continue;
    const pool = r.pool!;
    const period = r.period!;
    const month = monthOf(model, peakMonth(model, pool, period));
    const ref = referenceGpu(model, pool);
    const refCap = ref ? input.pools.find((p) => p.id === pool)!.capacity_per_gpu[ref] : 0;
    const geq = refCap > 0 ? short / refCap : 0;
    const what = ref ? `${fmtInt(Math.ceil(geq))} ${gpuName(ref)}-equivalents of capacity` : `${fmtInt(short)} output tokens/s of capacity`;
    // Columns that could serve this pool in this period.
    const usable = columns
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c.meta.kind === 'acq' && c.meta.active.includes(period) && capFor(model, pool, c.meta.site, c.meta.gpu) > 0);
    let constraint: BindingConstraint = 'capacity';
    let cause = '';
    let site: string | undefined;
    if (usable.length === 0) {
      const anyLater = columns.some((c) => c.meta.kind === 'acq' && capFor(model, pool, c.meta.site, c.meta.gpu) > 0);
      const blocked = [...model.blocked.entries()].filter(([k]) => {
        const [s, g] = k.split('|');
        return capFor(model, pool, s, g) > 0;
      });
      if (anyLater) {
        const earliest = columns.filter((c) => c.meta.kind === 'acq' && capFor(model, pool, c.meta.site, c.meta.gpu) > 0)
          .map((c) => c.meta as AcqColumn).sort((a, b) => a.presentFrom - b.presentFrom || a.lead - b.lead)[0];
        site = earliest.site;
        const from = model.gpuById.get(earliest.gpu)?.available_from;
        if (from && earliest.orderRel > 0 && monthOf(model, earliest.presentFrom) <= from) {
          constraint = 'availability';
          cause = `availability: the earliest type that can serve (${gpuName(earliest.gpu)}) first shipped ${from}`;
        } else {
          constraint = 'lead_time';
          cause = `lead time: the earliest order (${gpuName(earliest.gpu)}, ${earliest.lead} months${earliest.leadSource === 'price_list' ? ' from the price list' : ' default'}) arrives ${monthOf(model, earliest.presentFrom)}`;
        }
      } else if (blocked.length) {
        const [k, why] = blocked[0];
        const [s, g] = k.split('|');
        site = s;
        constraint = why === 'unavailable' ? 'availability' : 'export';
        cause = why === 'banned'
          ? `${gpuName(g)} is banned in this scenario and no other type is on offer`
          : why === 'unavailable'
            ? `availability: ${gpuName(g)} first shipped ${model.gpuById.get(g)?.available_from ?? '?'} and no other type is on offer`
            : `export rules: ${gpuName(g)} may not be added at site ${s} (${model.siteById.get(s)?.country}) and no other type is on offer`;
      } else {
        // Nothing on offer at all is a supply limit, not spare capacity left unused.
        constraint = 'supply';
        cause = 'no price offer for any GPU type that can serve this pool';
      }
    } else {
      const usableSet = new Set(usable.map((u) => u.i));
      const binding: { r: Row; ri: number }[] = [];
      rows.forEach((rr, ri) => {
        if (!['power', 'space', 'supply', 'capex', 'opex'].includes(rr.kind)) return;
        if (rowAct[ri] < rr.rhs - Math.max(1e-6 * Math.abs(rr.rhs), 1e-6) - minStep(rr, usableSet, columns)) return;
        if (!rr.terms.some(([i, c]) => c > 0 && usableSet.has(i))) return;
        if (rr.kind === 'power' || rr.kind === 'space') { if (rr.period !== period) return; }
        binding.push({ r: rr, ri });
      });
      const order: Record<string, number> = { power: 0, space: 1, supply: 2, capex: 3, opex: 4 };
      // Among limits of one kind, the one nearest before the short period explains it best.
      const near = (r: Row) => {
        const q = r.period ?? (r.orderMonth !== undefined ? model.periods.findIndex((pp) => pp.start + pp.len - 1 >= r.orderMonth!) : 0);
        return q <= period ? period - q : 1e6 + q - period;
      };
      binding.sort((a, b) => order[a.r.kind] - order[b.r.kind] || near(a.r) - near(b.r));
      const b = binding[0]?.r;
      if (b) {
        constraint = b.kind === 'capex' || b.kind === 'opex' ? 'budget' : (b.kind as BindingConstraint);
        site = b.site;
        if (b.kind === 'power') cause = `power limit ${fmtPower(b.limit!)} reached`;
        else if (b.kind === 'space') cause = `space for ${fmtInt(b.limit!)} servers full`;
        else if (b.kind === 'supply') cause = `supply cap of ${fmtInt(b.limit!)} ${gpuName(b.gpu!)} ${b.quarter ? `per quarter reached (${b.quarter})` : `per month reached (order month ${monthOf(model, b.orderMonth!)})`}`;
        else cause = `${b.kind} budget for ${b.quarter} (${fmtMoneyText(b.limit!, input.currency)}) spent`;
      } else {
        // No hard limit binds: an order-size cap is a supply limit; otherwise the shortfall is
        // left by the solver (within its tolerance, or priced below the penalty): 'capacity'.
        const maxed = usable.find(({ c, i }) => values[i] >= c.ub - TOL);
        if (maxed) constraint = 'supply';
        cause = maxed ? 'order size limit reached' : 'no hard limit binds: left short by the solver (within its optimality gap, or cheaper than the shortfall penalty; check prices)';
      }
    }
    if (!site && usable.length) {
      const sites = new Set(usable.map(({ c }) => (c.meta as AcqColumn).site));
      if (sites.size === 1) site = [...sites][0];
    }
    if (!site) {
      const ps = input.pools.find((p) => p.id === pool)?.sites;
      if (ps && ps.length === 1) site = ps[0];
    }
    const reason = `short ${what} in ${month}${site ? ` at site ${site}` : ''}${model.multiPool ? ` for pool ${pool}` : ''}: ${cause}`;
    out.push({ reason, constraint, month, site, pool, short_gpu_equivalents: ref ? Math.ceil(geq) : undefined, reference_gpu: ref });
  }
  out.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : 0));
  return out;
}

/** How much a row could still take before the smallest usable addition no longer fits. */
function minStep(r: Row, usable: Set<number>, columns: ProcureModel['columns']): number {
  let step = Infinity;
  for (const [i, c] of r.terms) if (c > 0 && usable.has(i)) step = Math.min(step, columns[i].integer ? c : 0);
  return Number.isFinite(step) ? step * (1 - 1e-9) : 0;
}

/** Actions in DESIGN.md shape, with the month and pool that need each. */
export function decodeActions(model: ProcureModel, values: Float64Array): ProcureAction[] {
  const { columns, input } = model;
  const actions: ProcureAction[] = [];
  const allocAt = new Map<string, [string, number][]>();
  columns.forEach((c, j) => {
    if (c.meta.kind !== 'alloc' || values[j] <= TOL) return;
    const k = `${c.meta.period}|${c.meta.site}|${c.meta.gpu}`;
    let l = allocAt.get(k);
    if (!l) allocAt.set(k, (l = []));
    l.push([c.meta.pool, values[j]]);
  });
  columns.forEach((c, i) => {
    if (c.meta.kind !== 'acq' || values[i] <= TOL) return;
    const m = c.meta;
    const offer = input.offers[m.offer];
    const qty = Math.round(values[i] * m.gpusPerUnit);
    const months = m.presentTo - m.presentFrom + 1;
    const price = new Decimal(offer.unit_price);
    // Cloud: calendar hours of each month in service (the burn's rule), not a 730-hour month.
    // On demand: each month at the price in force that month (steps where it changes).
    let hoursCost = new Decimal(0);
    const steps: { from: string; unit_price: string }[] = [];
    let prevPrice = offer.unit_price;
    let hours = 0;
    for (let k = m.presentFrom; k <= m.presentTo; k++) {
      const mi = monthIndex(input.start_month) + k;
      hours += hoursInMonth(mi);
      const pk = offerPriceAt(input, offer, monthName(mi));
      if (pk !== prevPrice) { steps.push({ from: monthName(mi), unit_price: pk }); prevPrice = pk; }
      hoursCost = hoursCost.add(new Decimal(pk).mul(hoursInMonth(mi)));
    }
    const total = m.mode === 'buy' ? price.mul(qty)
      : m.mode === 'lease' ? price.mul(qty).mul(months)
      : m.mode === 'cloud_on_demand' ? hoursCost.mul(qty)
      : price.mul(hours).mul(qty);
    // Why: the pool this (site, gpu) serves most at its first period, and that pool's peak.
    // The pool whose need grows most (in GPUs of this type) when this order arrives.
    let bestPool = '';
    let bestScore = -Infinity;
    for (const pool of input.pools) {
      const cap = capFor(model, pool.id, m.site, m.gpu);
      if (cap <= 0) continue;
      const need = model.need[pool.id];
      const before = m.period > 0 ? need[m.period - 1] : model.existingCap[pool.id][0];
      const score = (need[m.period] - before) / cap;
      if (score > bestScore) { bestScore = score; bestPool = pool.id; }
    }
    // Which pools its GPUs serve at arrival (multi-pool: the period's allocation, split by
    // largest remainder so the parts are whole GPUs summing to the quantity).
    const pools: Record<string, number> = {};
    if (!model.multiPool) pools[input.pools[0].id] = qty;
    else {
      const weights = allocAt.get(`${m.period}|${m.site}|${m.gpu}`) ?? [];
      const sum = weights.reduce((a, [, w]) => a + w, 0);
      if (sum <= 0) pools[bestPool] = qty;
      else {
        const raw = weights.map(([pid, w]) => [pid, (qty * w) / sum] as [string, number]);
        let left = qty;
        for (const [pid, x] of raw) { pools[pid] = Math.floor(x); left -= Math.floor(x); }
        for (const [pid] of [...raw].sort((a, b) => (b[1] - Math.floor(b[1])) - (a[1] - Math.floor(a[1])) || (a[0] < b[0] ? -1 : 1))) {
          if (left <= 0) break;
          pools[pid] += 1;
          left--;
        }
        for (const k of Object.keys(pools)) if (pools[k] === 0) delete pools[k];
      }
    }
    // Multi-pool: the MILP may give these GPUs to different pools in later periods; carry its
    // allocation period by period so the timeline serves each pool as the plan was costed.
    const split = (weights: [string, number][]): Record<string, number> => {
      const out: Record<string, number> = {};
      const sum = weights.reduce((a, [, w]) => a + w, 0);
      if (sum <= 0) return { ...pools };
      const raw = weights.map(([pid, w]) => [pid, (qty * w) / sum] as [string, number]);
      let left = qty;
      for (const [pid, x] of raw) { out[pid] = (out[pid] ?? 0) + Math.floor(x); left -= Math.floor(x); }
      for (const [pid] of [...raw].sort((a, b) => (b[1] - Math.floor(b[1])) - (a[1] - Math.floor(a[1])) || (a[0] < b[0] ? -1 : 1))) {
        if (left <= 0) break;
        out[pid] += 1;
        left--;
      }
      for (const k of Object.keys(out)) if (out[k] === 0) delete out[k];
      return out;
    };
    const byPeriod: { from: string; to: string; pools: Record<string, number> }[] = [];
    if (model.multiPool) {
      const last = m.presentTo;
      for (const q of model.periods) {
        if (q.start + q.len - 1 < m.presentFrom || q.start > last) continue;
        const w = allocAt.get(`${q.index}|${m.site}|${m.gpu}`) ?? [];
        const part = split(w);
        const from = monthOf(model, Math.max(q.start, m.presentFrom));
        const to = monthOf(model, Math.min(q.start + q.len - 1, last));
        const prev = byPeriod[byPeriod.length - 1];
        if (prev && JSON.stringify(prev.pools) === JSON.stringify(part)) prev.to = to;
        else byPeriod.push({ from, to, pools: part });
      }
    }
    // The pool that gets most of these GPUs is the one whose demand needs them.
    const topPool = Object.entries(pools).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (model.multiPool && topPool) bestPool = topPool[0];
    const pm = peakMonth(model, bestPool, m.period);
    const needV = (input.pools.find((p) => p.id === bestPool)?.peak_demand[pm] ?? 0);
    const text = `${bestPool} peaks at ${fmtInt(needV)} output tokens/s in ${monthOf(model, pm)} (${input.need_basis ? `${input.need_basis}, ` : ''}+${Math.round(input.headroom * 100)}% headroom)`;
    actions.push({
      order_month: monthOf(model, m.orderRel),
      arrival_month: monthOf(model, m.presentFrom),
      site: m.site,
      gpu_id: m.gpu,
      mode: m.mode,
      quantity: qty,
      unit_price: offer.unit_price,
      currency: offer.currency,
      lead_months: m.lead,
      lead_source: m.leadSource,
      ...(m.term ? { term_months: m.mode === 'cloud_on_demand' ? months : m.term } : m.mode === 'cloud_on_demand' ? { term_months: months } : {}),
      total_cost: total.toFixed(2),
      why: { month: monthOf(model, pm), pool: bestPool, text },
      pools,
      ...(byPeriod.length > 1 ? { pools_by_period: byPeriod } : {}),
      ...(offer.source ? { price_source: offer.source } : {}),
      ...(offer.price_date ? { price_date: offer.price_date } : {}),
      ...(steps.length ? { price_steps: steps } : {}),
    });
  });
  actions.sort((a, b) => (a.order_month < b.order_month ? -1 : a.order_month > b.order_month ? 1 : 0)
    || (a.arrival_month < b.arrival_month ? -1 : a.arrival_month > b.arrival_month ? 1 : 0)
    || (a.site < b.site ? -1 : a.site > b.site ? 1 : 0) || (a.gpu_id < b.gpu_id ? -1 : a.gpu_id > b.gpu_id ? 1 : 0) || (a.mode < b.mode ? -1 : a.mode > b.mode ? 1 : 0));
  return actions;
}

/** The fleet, capacity against need, and power for every month with the plan applied. */
export function monthsWithPlan(model: ProcureModel, values: Float64Array): MonthFleet[] {
  const { input, columns } = model;
  const base = monthIndex(input.start_month);
  const periodOf: number[] = [];
  for (const p of model.periods) for (let k = 0; k < p.len; k++) periodOf[p.start + k] = p.index;
  const out: MonthFleet[] = [];
  const acqOn: number[] = [];
  const allocOn: number[][] = model.periods.map(() => []);
  columns.forEach((c, i) => {
    if (values[i] <= TOL) return;
    if (c.meta.kind === 'acq') acqOn.push(i);
    else if (c.meta.kind === 'alloc') allocOn[c.meta.period].push(i);
  });
  for (let m = 0; m < input.months; m++) {
    const gpus: Record<string, Record<string, number>> = {};
    const dedicated: Record<string, number> = {};
    const add = (site: string, gpu: string, n: number) => {
      const bySite = (gpus[site] ??= {});
      bySite[gpu] = (bySite[gpu] ?? 0) + n;
    };
    for (const it of input.inventory ?? []) {
      const from = it.in_service_from ? monthIndex(it.in_service_from) - base : -Infinity;
      const to = it.in_service_to ? monthIndex(it.in_service_to) - base : Infinity;
      if (m < from || m > to) continue;
      add(it.site, it.gpu_id, it.gpus);
      if (model.multiPool && it.pool) dedicated[`${it.site}|${it.gpu_id}|${it.pool}`] = (dedicated[`${it.site}|${it.gpu_id}|${it.pool}`] ?? 0) + it.gpus;
    }
    for (const i of acqOn) {
      const meta = columns[i].meta as AcqColumn;
      if (m < meta.presentFrom || m > meta.presentTo) continue;
      add(meta.site, meta.gpu, Math.round(values[i] * meta.gpusPerUnit));
    }
    const pools: MonthFleet['pools'] = {};
    for (const pool of input.pools) {
      let cap = 0;
      if (!model.multiPool) {
        for (const [site, byGpu] of Object.entries(gpus)) for (const [gpu, n] of Object.entries(byGpu)) cap += n * capFor(model, pool.id, site, gpu);
      } else {
        for (const [k, n] of Object.entries(dedicated)) {
          const [site, gpu, pid] = k.split('|');
          if (pid === pool.id) cap += n * capFor(model, pool.id, site, gpu);
        }
        for (const i of allocOn[periodOf[m]] ?? []) {
          const meta = columns[i].meta as { kind: 'alloc'; site: string; gpu: string; pool: string };
          if (meta.pool === pool.id) cap += values[i] * capFor(model, pool.id, meta.site, meta.gpu);
        }
      }
      pools[pool.id] = { capacity: cap, need: (pool.peak_demand[m] ?? 0) * (1 + input.headroom) };
    }
    const power_kw: Record<string, number> = {};
    for (const site of input.sites) {
      if (site.cloud) continue;
      let kw = 0;
      for (const [gpu, n] of Object.entries(gpus[site.id] ?? {})) {
        const g = model.gpuById.get(gpu);
        if (g) kw += (n * siteWatts(site, g).facilityW) / 1000;
      }
      power_kw[site.id] = kw;
    }
    out.push({ month: monthName(base + m), gpus, pools, power_kw });
  }
  return out;
}

export interface OptimiseOptions {
  time_limit?: number;
  mip_rel_gap?: number;
  /** Skip the solver and return the greedy plan (baseline, or when no solver is at hand). */
  greedy_only?: boolean;
}

/** Builds the model, runs greedy and the MILP (seeded with greedy), keeps the better plan. */
export function optimise(input: ProcureInput, solver: LpSolver | null, opts: OptimiseOptions = {}): ProcureResult {
  const model = buildModel(input);
  const g = greedy(model);
  const gEval = evaluate(model, g);
  let chosen = g;
  let status: ProcureResult['status'] = 'feasible';
  let solverUsed: ProcureResult['solver'] = 'greedy';
  let gap: number | null = null;
  let seconds = 0;
  if (solver && !opts.greedy_only) {
    const start: Record<string, number> = {};
    model.columns.forEach((c, i) => { start[c.name] = g[i]; });
    const sol = solver(toLpText(model), { time_limit: opts.time_limit ?? 10, mip_rel_gap: opts.mip_rel_gap ?? 0.005, start });
    seconds = sol.seconds;
    gap = sol.mip_gap;
    if (sol.status === 'optimal' || sol.status === 'feasible' || sol.status === 'time_limit') {
      const raw = new Float64Array(model.columns.length);
      model.columns.forEach((c, i) => { raw[i] = sol.values[c.name] ?? 0; });
      const rounded = roundSolution(model, raw);
      const e = evaluate(model, rounded);
      const hard = e.violations.length;
      // The MILP never costs more than the greedy plan it was seeded with.
      if (hard === 0 && e.cost + e.penalty <= gEval.cost + gEval.penalty + 1e-6 * Math.abs(gEval.cost + gEval.penalty)) {
        chosen = rounded;
        solverUsed = 'milp';
        status = sol.status;
      }
    } else if (sol.status === 'error') {
      throw new Error(`solver failed: ${sol.message ?? 'unknown error'}`);
    }
  }
  const e = evaluate(model, chosen);
  const shortfalls = explain(model, chosen);
  const result: ProcureResult = {
    status: shortfalls.length ? 'infeasible' : status,
    solver: solverUsed,
    actions: decodeActions(model, chosen),
    shortfalls,
    objective: e.cost,
    penalty: e.penalty,
    greedy_objective: gEval.cost,
    greedy_short_periods: new Set(model.rows.filter((r) => r.kind === 'capacity' && r.terms.some(([i]) => model.columns[i].meta.kind === 'slack' && g[i] > Math.max(TOL, 1e-6 * r.rhs))).map((r) => r.period)).size,
    mip_gap: gap,
    solve_seconds: seconds,
    violations: e.violations,
    budget_use: budgetUse(model, chosen),
    months: monthsWithPlan(model, chosen),
    model_size: { columns: model.columns.length, rows: model.rows.length, integers: model.columns.filter((c) => c.integer).length },
  };
  if (shortfalls.length) {
    const f = shortfalls[0];
    result.infeasible = f;
  }
  return result;
}
