// Named rounding modes for exact integer division (dinero.js keeps one file per mode;
// here one switch). Every division in money code names its mode (STYLE.md house rule 5).
export type RoundingMode =
  | 'half_even'  // banker's rounding: ties to the even neighbour (default for reporting)
  | 'half_up'    // ties away from zero
  | 'half_down'  // ties towards zero
  | 'down'       // truncate towards zero
  | 'up'         // away from zero
  | 'floor'      // towards −∞
  | 'ceil';      // towards +∞

const abs = (x: bigint) => (x < 0n ? -x : x);

/** n / d rounded to an integer with the named mode. d must be non-zero. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) { n = -n; d = -d; }
  const q = n / d;               // truncated towards zero
  const r = n - q * d;           // same sign as n
  if (r === 0n) return q;
  const sign = n < 0n ? -1n : 1n;
  const twice = 2n * abs(r);
  switch (mode) {
    case 'down': return q;
    case 'up': return q + sign;
    case 'floor': return sign < 0n ? q - 1n : q;
    case 'ceil': return sign > 0n ? q + 1n : q;
    case 'half_up': return twice >= d ? q + sign : q;
    case 'half_down': return twice > d ? q + sign : q;
    case 'half_even':
      if (twice > d) return q + sign;
      if (twice < d) return q;
      return q % 2n === 0n ? q : q + sign;
  }
}

export const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));
export function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}
