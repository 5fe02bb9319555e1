// Electricity tariffs: flat, or time-of-use (24 hourly prices, or named bands over hour
// ranges such as China's peak/flat/valley), plus a demand charge per kW-month; prices are
// decimal strings in the tariff's currency, effective-dated per site.
export interface TouBand { name: string; from_hour: number; to_hour: number; price_per_kwh: string }

export interface TariffSpec {
  effective_from: string;            // YYYY-MM-DD or YYYY-MM
  currency: string;
  kind: 'flat' | 'tou';
  /** flat: one price per kWh. */
  price_per_kwh?: string;
  /** tou: price per kWh for each hour of the day (0..23), local time. */
  hourly?: string[];
  demand_charge_per_kw_month?: string;
  source?: string;
}

export class TariffError extends Error {}

/** Bands → 24 hourly prices. A band covers [from_hour, to_hour) and may wrap midnight
 * (22 → 6). Every hour must be covered exactly once. */
export function bandsToHourly(bands: readonly TouBand[]): string[] {
  const out: (string | null)[] = Array(24).fill(null);
  for (const b of bands) {
    if (!Number.isInteger(b.from_hour) || !Number.isInteger(b.to_hour) || b.from_hour < 0 || b.from_hour > 23 || b.to_hour < 0 || b.to_hour > 24) {
      throw new TariffError(`band "${b.name}": hours must be whole numbers from 0 to 24`);
    }
    if (b.from_hour === b.to_hour) throw new TariffError(`band "${b.name}" covers no hours`);
    const end = b.to_hour % 24;
    let h = b.from_hour;
    do {
      if (out[h] !== null) throw new TariffError(`hour ${h} is in two bands`);
      out[h] = b.price_per_kwh;
      h = (h + 1) % 24;
    } while (h !== end);
  }
  const gap = out.indexOf(null);
  if (gap >= 0) throw new TariffError(`hour ${gap} is in no band`);
  return out as string[];
}

/** Hourly → bands: runs of equal price become one band each (for the 24-hour editor). */
export function hourlyToBands(hourly: readonly string[], names: (price: string, i: number) => string = (_p, i) => `band ${i + 1}`): TouBand[] {
  const bands: TouBand[] = [];
  let start = 0;
  for (let h = 1; h <= 24; h++) {
    if (h === 24 || hourly[h] !== hourly[start]) {
      bands.push({ name: names(hourly[start], bands.length), from_hour: start, to_hour: h, price_per_kwh: hourly[start] });
      start = h;
    }
  }
  return bands;
}

/** 24 hourly prices for a tariff of either kind. */
export function tariffHourly(t: TariffSpec): string[] {
  if (t.kind === 'flat') {
    if (t.price_per_kwh === undefined) throw new TariffError('a flat tariff needs price_per_kwh');
    return Array(24).fill(t.price_per_kwh);
  }
  if (!t.hourly || t.hourly.length !== 24) throw new TariffError('a time-of-use tariff needs 24 hourly prices');
  return [...t.hourly];
}

const day = (d: string) => (d.length === 7 ? `${d}-01` : d);

/** The tariff in force on the first day of `month` (latest effective_from ≤ YYYY-MM-01);
 * before the first one, the earliest (flagged). */
export function tariffInForce<T extends { effective_from: string }>(tariffs: readonly T[], month: string): { tariff: T; backfilled: boolean } | null {
  if (!tariffs.length) return null;
  const date = `${month}-01`;
  let best: T | null = null;
  let first: T = tariffs[0];
  for (const t of tariffs) {
    if (day(t.effective_from) < day(first.effective_from)) first = t;
    if (day(t.effective_from) <= date && (!best || day(t.effective_from) >= day(best.effective_from))) best = t;
  }
  return best ? { tariff: best, backfilled: false } : { tariff: first, backfilled: true };
}
