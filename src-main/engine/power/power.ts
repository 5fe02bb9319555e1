// Power model (pure): GPU power at utilisation u is an idle floor plus the load share of
// the rest up to TDP; servers add CPUs, memory, NICs and fans (a per-server-type factor);
// the facility adds cooling and losses (PUE). Energy for a month weights the hourly load by
// a 24-hour diurnal profile so time-of-use tariffs are priced at the hours the load runs.

export interface ServerOverhead { factor: number; source: string; assumed: boolean }

/** Server power ÷ GPU power, per server type. The HGX/DGX figure is sourced; the others are
 * assumptions the UI labels as such. */
export const SERVER_OVERHEAD: Readonly<Record<string, ServerOverhead>> = Object.freeze({
  hgx_8gpu: {
    factor: 1.82,
    source: 'NVIDIA DGX H100: 10.2 kW maximum system input for 8 × 700 W GPUs = 1.82 (used by Epoch AI, Feb 2025: 1,275 W per GPU; db/seed/seed_story.md §4)',
    assumed: false,
  },
  pcie_server: { factor: 1.5, source: 'assumed: PCIe servers carry fewer GPUs per host, so host power weighs more per GPU than in HGX; no source in the shipped data', assumed: true },
  default: { factor: 1.82, source: 'same as hgx_8gpu (DGX H100 10.2 kW / 5.6 kW of GPU TDP)', assumed: false },
});

/** Idle floor as a share of TDP. No shipped source gives an idle figure for serving GPUs, so
 * this is a stated assumption (a loaded-but-waiting GPU with weights resident in HBM). */
export const DEFAULT_IDLE_FRACTION = 0.25;
export const IDLE_FRACTION_SOURCE = 'assumed: 25% of TDP while a serving replica waits for work; no source in the shipped data';

export const clamp01 = (u: number) => (u <= 0 || Number.isNaN(u) ? 0 : u >= 1 ? 1 : u);

/** Watts drawn by one GPU at utilisation u: floor + (TDP − floor) × u. */
export function gpuPowerW(tdpW: number, idleW: number, u: number): number {
  return idleW + (tdpW - idleW) * clamp01(u);
}

/** Facility watts for `gpus` GPUs: GPU power × server overhead × PUE. */
export function facilityPowerW(gpus: number, tdpW: number, idleW: number, u: number, overhead: number, pue: number): number {
  return gpus * gpuPowerW(tdpW, idleW, u) * overhead * pue;
}

/** A diurnal profile scaled to mean 1 (24 non-negative weights; all zero → flat). */
export function normaliseProfile(profile: readonly number[] | undefined): number[] {
  if (!profile || profile.length !== 24) return Array(24).fill(1);
  let s = 0;
  for (const p of profile) {
    if (!(p >= 0) || !Number.isFinite(p)) throw new RangeError('diurnal profile weights must be finite and non-negative');
    s += p;
  }
  if (s === 0) return Array(24).fill(1);
  return profile.map((p) => (p * 24) / s);
}

/** Utilisation at each hour of day for a month whose average utilisation is `u`: u × weight,
 * capped at 1 (an hour cannot run hotter than the fleet). */
export function hourlyUtilisation(u: number, profile: readonly number[]): number[] {
  const out = new Array<number>(24);
  for (let h = 0; h < 24; h++) out[h] = clamp01(u * profile[h]);
  return out;
}

import { daysInMonth } from '../../shared/month.js';
export { daysInMonth };

export const hoursInMonth = (month: string) => daysInMonth(month) * 24;

/** A site's load for a month, reduced to two sums so many clusters cost one pass:
 * GPU watts at hour h = idleW + dynamicW × u_h (before overhead and PUE). */
export interface SiteLoad { idleW: number; dynamicW: number }

export interface MonthEnergy {
  /** Facility watt-hours drawn in each hour-of-day slot over the month (integer Wh). */
  whByHour: number[];
  /** Total facility energy, kWh. */
  kwh: number;
  /** Highest facility draw in any hour, kW (for demand charges). */
  peakKw: number;
}

/** Facility energy for one site and month, hour by hour of the day. */
export function monthEnergy(load: SiteLoad, u: number, profile: readonly number[], overhead: number, pue: number, days: number): MonthEnergy {
  const whByHour = new Array<number>(24);
  let total = 0, peak = 0;
  const k = overhead * pue;
  for (let h = 0; h < 24; h++) {
    const w = (load.idleW + load.dynamicW * clamp01(u * profile[h])) * k;
    if (w > peak) peak = w;
    // Each hour of the day occurs `days` times in the month, one hour each: W × h = Wh.
    const wh = Math.round(w * days);
    whByHour[h] = wh;
    total += wh;
  }
  return { whByHour, kwh: total / 1000, peakKw: peak / 1000 };
}
