// Greedy baseline: period by period, cover each pool's shortfall with the option that is
// cheapest per GPU-equivalent-month (discounted cost / (capacity × months it serves)),
// within power, space, supply and budget limits. Works on the MILP's own columns, so its
// plan is scored by the same objective and can seed the solver as a start.
import type { AcqColumn, ProcureModel } from './model.js';

const EPS = 1e-9;

/** Pool capacity per (site, gpu) for this model's pools. */
export function capFor(model: ProcureModel, poolId: string, site: string, gpu: string): number {
  const pool = model.input.pools.find((p) => p.id === poolId);
  if (!pool) return 0;
  if (pool.sites && !pool.sites.includes(site)) return 0;
  return pool.capacity_per_gpu[gpu] ?? 0;
}

/** Sets slack columns to the shortfall and MOQ switches to match their order, in place. */
export function completeSolution(model: ProcureModel, values: Float64Array): void {
  const { columns, rows } = model;
  for (let i = 0; i < columns.length; i++) {
    const m = columns[i].meta;
    if (m.kind === 'moq') values[i] = values[m.acq] > EPS ? 1 : 0;
  }
  for (const r of rows) {
    if (r.kind !== 'capacity') continue;
    let act = 0;
    let slack = -1;
    for (const [i, c] of r.terms) {
      if (columns[i].meta.kind === 'slack') slack = i;
      else act += c * values[i];
    }
    if (slack >= 0) values[slack] = Math.max(0, r.rhs - act);
  }
}

export function greedy(model: ProcureModel): Float64Array {
  const { columns, rows, periods, input } = model;
  const values = new Float64Array(columns.length);
  // Hard rows (≤) that an acquisition consumes.
  const hardKinds = new Set(['power', 'space', 'supply', 'capex', 'opex']);
  const colRows: [number, number][][] = columns.map(() => []);
  const act = new Float64Array(rows.length);
  rows.forEach((r, ri) => {
    if (!hardKinds.has(r.kind)) return;
    for (const [i, c] of r.terms) colRows[i].push([ri, c]);
  });
  const acq: number[] = [];
  columns.forEach((c, i) => { if (c.meta.kind === 'acq') acq.push(i); });
  const activeMonths = (m: AcqColumn) => m.active.reduce((s, q) => s + periods[q].len, 0);
  const arriving: number[][] = periods.map(() => []);
  for (const i of acq) arriving[(columns[i].meta as AcqColumn).period].push(i);
  const bought: number[] = []; // columns with a positive value so far, in index order
  const allocValue = new Map<string, number>(); // `${period}|${site}|${gpu}|${pool}` → GPUs

  for (const p of periods) {
    // Fleet in service in p per (site, gpu): free inventory + additions so far.
    const fleet = new Map<string, number>();
    for (const [site, byGpu] of Object.entries(model.freeInventory[p.index])) for (const [gpu, n] of Object.entries(byGpu)) fleet.set(`${site}|${gpu}`, n);
    for (const i of bought) {
      const m = columns[i].meta as AcqColumn;
      if (!m.active.includes(p.index)) continue;
      const key = `${m.site}|${m.gpu}`;
      fleet.set(key, (fleet.get(key) ?? 0) + values[i] * m.gpusPerUnit);
    }
    const free = new Map(fleet);
    const pools = [...input.pools].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const pool of pools) {
      let short = model.need[pool.id][p.index] - model.existingCap[pool.id][p.index];
      // Use what the fleet already has (multi-pool: take from free GPUs, best first).
      const units = [...free.entries()]
        .map(([key, n]) => ({ key, n, cap: capFor(model, pool.id, key.split('|')[0], key.split('|')[1]) }))
        .filter((u) => u.cap > 0 && u.n > 0)
        .sort((a, b) => b.cap - a.cap || (a.key < b.key ? -1 : 1));
      for (const u of units) {
        if (short <= EPS) break;
        const take = model.multiPool ? Math.min(u.n, short / u.cap) : u.n;
        short -= take * u.cap;
        if (model.multiPool) {
          free.set(u.key, u.n - take);
          const k = `${p.index}|${u.key}|${pool.id}`;
          allocValue.set(k, (allocValue.get(k) ?? 0) + take);
        }
      }
      if (short <= EPS) continue;
      // Buy/lease/rent what arrives in this period, cheapest per GPU-equivalent-month first.
      const cands = arriving[p.index]
        .map((i) => {
          const m = columns[i].meta as AcqColumn;
          const cap = capFor(model, pool.id, m.site, m.gpu);
          return { i, m, cap, score: cap > 0 ? columns[i].obj / (m.gpusPerUnit * cap * activeMonths(m)) : Infinity };
        })
        .filter((c) => c.cap > 0)
        .sort((a, b) => a.score - b.score || a.i - b.i);
      for (const c of cands) {
        if (short <= EPS) break;
        const col = columns[c.i];
        const perUnit = c.m.gpusPerUnit * c.cap;
        let want = Math.ceil(short / perUnit - 1e-9);
        let room = col.ub - values[c.i];
        for (const [ri, coef] of colRows[c.i]) if (coef > 0) room = Math.min(room, (rows[ri].rhs - act[ri]) / coef);
        room = Math.floor(room + 1e-9);
        const moq = input.offers[c.m.offer].min_qty ?? 0;
        const minUnits = values[c.i] > 0 ? 1 : Math.ceil(moq / c.m.gpusPerUnit - 1e-9);
        want = Math.max(want, minUnits);
        const take = Math.min(want, room);
        if (take <= 0 || take < minUnits) continue;
        if (values[c.i] === 0) bought.push(c.i);
        values[c.i] += take;
        for (const [ri, coef] of colRows[c.i]) act[ri] += coef * take;
        short -= take * perUnit;
        if (model.multiPool) {
          const key = `${c.m.site}|${c.m.gpu}`;
          const k = `${p.index}|${key}|${pool.id}`;
          allocValue.set(k, (allocValue.get(k) ?? 0) + take * c.m.gpusPerUnit);
        }
      }
    }
  }
  if (model.multiPool) {
    columns.forEach((c, i) => {
      if (c.meta.kind !== 'alloc') return;
      values[i] = allocValue.get(`${c.meta.period}|${c.meta.site}|${c.meta.gpu}|${c.meta.pool}`) ?? 0;
    });
  }
  completeSolution(model, values);
  return values;
}
