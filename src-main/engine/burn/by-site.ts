// Electricity and hosting per site over a burn's months: where the power bill is paid, at what
// effective price per kWh, and what share of the whole burn it is — the breakdown finance asks
// for when CN and US sites sit in one plan. Amounts stay exact decimal strings.
import { parseDecimal, rescaleUnits, unitsToDecimal } from '../money/money.js';
import { divRound, pow10 } from '../money/rounding.js';
import type { BurnResult } from './burn.js';

export interface BurnSiteTotal {
  site: string;
  energy_kwh: number;
  /** Highest monthly peak draw (kW, at the meter: PUE included). */
  peak_kw: number;
  electricity: string;
  hosting: string;
  /** electricity + hosting */
  total: string;
  /** electricity ÷ energy, 4 decimals (null without energy). */
  electricity_per_kwh: string | null;
  /** (electricity + hosting) ÷ the burn's total, 4 decimals (null when the total is 0). */
  share_of_burn: string | null;
}

const SCALE = 8;
const dec = (u: bigint, scale = SCALE) => unitsToDecimal(u, scale);

/** Per site, in the order sites first appear; exact sums of the months' by_site parts. */
export function burnBySite(r: BurnResult): BurnSiteTotal[] {
  // Sums are exact at scale 8 and written at the inputs' own scale (e.g. cents), which loses nothing.
  let outScale = 0;
  const units = (d: string) => { const p = parseDecimal(d); outScale = Math.max(outScale, p.scale); return rescaleUnits(p.units, p.scale, SCALE, 'half_even'); };
  const money = (u: bigint) => dec(rescaleUnits(u, SCALE, outScale, 'half_even'), outScale);
  const acc = new Map<string, { kwh: number; peak: number; elec: bigint; host: bigint }>();
  for (const m of r.months) {
    for (const s of m.by_site) {
      const a = acc.get(s.site) ?? { kwh: 0, peak: 0, elec: 0n, host: 0n };
      a.kwh += s.energy_kwh;
      a.peak = Math.max(a.peak, s.peak_kw);
      a.elec += units(s.electricity);
      a.host += units(s.hosting);
      acc.set(s.site, a);
    }
  }
  const total = units(r.totals.total);
  return [...acc.entries()].map(([site, a]) => {
    const both = a.elec + a.host;
    // price per kWh at 4 decimals: elec (scale 8) ÷ kWh, with kWh taken to the Wh.
    const wh = BigInt(Math.round(a.kwh * 1000));
    return {
      site,
      energy_kwh: a.kwh,
      peak_kw: a.peak,
      electricity: money(a.elec),
      hosting: money(a.host),
      total: money(both),
      electricity_per_kwh: wh > 0n ? dec(divRound(a.elec * 1000n, wh * pow10(SCALE - 4), 'half_even'), 4) : null,
      share_of_burn: total > 0n ? dec(divRound(both * pow10(4), total, 'half_even'), 4) : null,
    };
  });
}
