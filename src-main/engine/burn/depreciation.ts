// Straight-line depreciation over a useful life with a residual value, in integer units.
// Month k's charge is round(D·k/L) − round(D·(k−1)/L), so the schedule sums to exactly
// D = cost − residual however L divides it (no cent lost or created).
import { divRound, type RoundingMode } from '../money/rounding.js';

export function cumulativeDepreciation(depreciable: bigint, lifeMonths: number, monthsElapsed: number, mode: RoundingMode = 'half_even'): bigint {
  if (monthsElapsed <= 0) return 0n;
  if (monthsElapsed >= lifeMonths) return depreciable;
  return divRound(depreciable * BigInt(monthsElapsed), BigInt(lifeMonths), mode);
}

/** Charge for month k (1-based) of the life. */
export function depreciationForMonth(depreciable: bigint, lifeMonths: number, k: number): bigint {
  if (k < 1 || k > lifeMonths) return 0n;
  return cumulativeDepreciation(depreciable, lifeMonths, k) - cumulativeDepreciation(depreciable, lifeMonths, k - 1);
}

/** The whole schedule (L charges). */
export function depreciationSchedule(cost: bigint, residual: bigint, lifeMonths: number): bigint[] {
  if (!Number.isInteger(lifeMonths) || lifeMonths < 1) throw new RangeError('useful life must be a whole number of months ≥ 1');
  if (residual < 0n || residual > cost) throw new RangeError('residual value must be between 0 and the cost');
  const d = cost - residual;
  return Array.from({ length: lifeMonths }, (_, i) => depreciationForMonth(d, lifeMonths, i + 1));
}
