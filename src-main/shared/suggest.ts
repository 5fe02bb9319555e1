// The one "did you mean" resolver: the CLI (commands, options) and every API domain (GPU, model,
// scenario, site ids) ask it for the closest known names. Pure; usable from engine/ too.

/** Levenshtein distance (insert, delete, substitute; a swap of two neighbours counts 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length, k = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: k + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= k; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[k];
}

/**
 * The `n` known names closest to `wanted` (case-insensitive; a name that contains the wanted
 * text, or is contained in it, ranks ahead). Always returns up to n names when there are any:
 * use it where any hint beats none (ids in a catalogue).
 */
export function closest(wanted: string, known: readonly string[], n = 3): string[] {
  const w = wanted.toLowerCase();
  return [...new Set(known)]
    .map((id) => {
      const l = id.toLowerCase();
      return { id, s: editDistance(w, l) - (w && (l.includes(w) || w.includes(l)) ? 3 : 0) };
    })
    .sort((a, b) => a.s - b.s || a.id.localeCompare(b.id))
    .slice(0, n)
    .map((x) => x.id);
}

/**
 * Only the names close enough to be a plausible typo of `wanted` (distance ≤ max(1, ⌊len/3⌋),
 * or a prefix of at least 2 characters): for commands and options, where a far-off suggestion
 * would mislead. Best first.
 */
export function likelyTypos(wanted: string, known: readonly string[], n = 3): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  return [...new Set(known)]
    .map((id) => ({ id, l: id.toLowerCase() }))
    .map(({ id, l }) => ({ id, d: editDistance(w, l), prefix: w.length >= 2 && l.startsWith(w) }))
    .filter((x) => x.d <= limit || x.prefix)
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, n)
    .map((x) => x.id);
}

/** " (did you mean a, b?)" or "" — the one wording every message uses. */
export function didYouMean(names: readonly string[]): string {
  return names.length ? ` (did you mean ${names.join(', ')}?)` : '';
}
