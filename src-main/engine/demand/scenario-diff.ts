// What differs between two scenario documents, input by input, for the Scenarios page's
// "compare with": each number with its P10/P90 as one printable value keyed by its path (list
// items by id), provenance and names left out, the 24 hourly shares summarised as one line.
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface DiffRow { key: string; a: string; b: string }

const SKIP = new Set(['source', 'assumed', 'name', 'title', 'description']);

/** path → printable value for every leaf of a document. */
export function flattenScenario(x: unknown, at = '', out: Map<string, string> = new Map()): Map<string, string> {
  const v = x as Json;
  if (Array.isArray(v)) {
    if (at === 'diurnal.profile') { out.set(at, v.map((s) => (typeof s === 'number' ? (s * 100).toFixed(1) : String(s))).join(' ')); return out; }
    v.forEach((item, i) => {
      const id = item && typeof item === 'object' && !Array.isArray(item) ? (item.id ?? item.month) : undefined;
      flattenScenario(item, `${at}[${typeof id === 'string' ? id : i}]`, out);
    });
  } else if (v && typeof v === 'object') {
    if (typeof v.value === 'number') {
      out.set(at, v.p10 !== undefined ? `${v.value} (P10 ${String(v.p10)}, P90 ${String(v.p90)})` : String(v.value));
      return out;
    }
    for (const [k, child] of Object.entries(v)) if (!SKIP.has(k)) flattenScenario(child, at ? `${at}.${k}` : k, out);
  } else out.set(at, String(v));
  return out;
}

/** Every input whose value differs (or exists on one side only), in the order of `a` then `b`. */
export function scenarioDiff(a: unknown, b: unknown): DiffRow[] {
  const fa = flattenScenario(a), fb = flattenScenario(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  return keys.filter((k) => fa.get(k) !== fb.get(k)).map((k) => ({ key: k, a: fa.get(k) ?? '—', b: fb.get(k) ?? '—' }));
}
