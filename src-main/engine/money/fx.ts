// FX with an effective-dated rate table: a month converts at the rate in force on its first
// day (the latest row effective on or before YYYY-MM-01). Rates are exact ratios; a pair
// with no row of its own goes through its inverse or through one pivot currency (the ECB
// publishes EUR-based rates, so CNY→USD goes CNY→EUR→USD).
import { divRound, pow10, type RoundingMode } from './rounding.js';
import { invRatio, mulRatio, ratio, type Money, type Ratio } from './money.js';

export interface FxRateRow {
  /** 1 unit of `base` = `rate` units of `quote`. */
  base: string;
  quote: string;
  rate: string;            // decimal string
  effective_from: string;  // YYYY-MM-DD or YYYY-MM
  source?: string;
}

export class FxMissingError extends Error {
  constructor(public readonly from: string, public readonly to: string, public readonly month: string) {
    super(`no exchange rate ${from}→${to} in force in ${month}; add one on the Sites page (FX table) or with fx.save`);
  }
}

interface Dated { from: string; rate: Ratio }
export interface FxResolved { rate: Ratio; effective_from: string; via: string[]; backfilled: boolean }

const day = (d: string) => (d.length === 7 ? `${d}-01` : d);

export interface FxOptions {
  /** Months before a pair's first row: 'error' (default) or use the earliest row (flagged backfilled). */
  beforeFirst?: 'error' | 'earliest';
}

export class FxTable {
  private readonly pairs = new Map<string, Dated[]>();
  private readonly cache = new Map<string, FxResolved | null>();
  private readonly currencies = new Set<string>();

  constructor(rows: readonly FxRateRow[], private readonly opts: FxOptions = {}) {
    for (const r of rows) {
      const q = ratio(r.rate);
      if (q.num <= 0n) throw new Error(`FX rate ${r.base}→${r.quote} from ${r.effective_from} must be greater than 0`);
      const key = `${r.base}>${r.quote}`;
      let list = this.pairs.get(key);
      if (!list) this.pairs.set(key, (list = []));
      list.push({ from: day(r.effective_from), rate: q });
      this.currencies.add(r.base); this.currencies.add(r.quote);
    }
    for (const list of this.pairs.values()) list.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  /** Latest row of one stored direction (or its inverse) in force at `date`. */
  private leg(from: string, to: string, date: string): { rate: Ratio; from: string; backfilled: boolean } | null {
    const pick = (list: Dated[] | undefined) => {
      if (!list?.length) return null;
      let lo = 0, hi = list.length - 1, at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (list[mid].from <= date) { at = mid; lo = mid + 1; } else hi = mid - 1;
      }
      if (at >= 0) return { d: list[at], backfilled: false };
      return this.opts.beforeFirst === 'earliest' ? { d: list[0], backfilled: true } : null;
    };
    const direct = pick(this.pairs.get(`${from}>${to}`));
    const inverse = pick(this.pairs.get(`${to}>${from}`));
    // Both directions stored: the one in force more recently wins; a real row beats a backfill.
    const score = (x: { d: Dated; backfilled: boolean } | null) => (x ? (x.backfilled ? '0' : '1') + x.d.from : '');
    if (direct && score(direct) >= score(inverse)) return { rate: direct.d.rate, from: direct.d.from, backfilled: direct.backfilled };
    if (inverse) return { rate: invRatio(inverse.d.rate), from: inverse.d.from, backfilled: inverse.backfilled };
    return null;
  }

  /** The rate from → to in force in `month` (YYYY-MM), or null. */
  resolve(from: string, to: string, month: string): FxResolved | null {
    if (from === to) return { rate: { num: 1n, den: 1n }, effective_from: `${month}-01`, via: [], backfilled: false };
    const key = `${from}>${to}@${month}`;
    if (this.cache.has(key)) return this.cache.get(key)!;
    const date = `${month}-01`;
    // The direct pair (or its inverse) competes with one-pivot crosses: the most recently
    // effective real rate wins (a pivot through today's ECB rates beats a stale direct row);
    // ties go to the direct pair.
    const rank = (x: FxResolved) => (x.backfilled ? '0' : '1') + x.effective_from;
    let best: FxResolved | null = null;
    const d = this.leg(from, to, date);
    if (d) best = { rate: d.rate, effective_from: d.from, via: [], backfilled: d.backfilled };
    for (const pivot of [...this.currencies].sort()) {
      if (pivot === from || pivot === to) continue;
      const a = this.leg(from, pivot, date);
      const b = a && this.leg(pivot, to, date);
      if (!a || !b) continue;
      const cand: FxResolved = {
        rate: mulRatio(a.rate, b.rate), effective_from: a.from < b.from ? a.from : b.from, via: [pivot],
        backfilled: a.backfilled || b.backfilled,
      };
      if (!best || rank(cand) > rank(best)) best = cand;
    }
    this.cache.set(key, best);
    return best;
  }

  rate(from: string, to: string, month: string): Ratio {
    const r = this.resolve(from, to, month);
    if (!r) throw new FxMissingError(from, to, month);
    return r.rate;
  }

  /** Convert money into `to` at the rate in force in `month`, keeping (or setting) the scale. */
  convert(m: Money, to: string, month: string, mode: RoundingMode = 'half_even', scale = m.scale): Money {
    if (m.currency === to && scale === m.scale) return m;
    const r = this.rate(m.currency, to, month);
    return { amount: divRound(m.amount * r.num * pow10(scale), r.den * pow10(m.scale), mode), currency: to, scale };
  }
}
