// Merge domain tables into one, refusing duplicate names (Actual Budget's app.ts does
// the same), so two domains can never silently shadow each other.
import type { MethodDef } from './method.js';
import type { z } from 'zod';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each method has its own prepared type
type AnyMethod = MethodDef<z.ZodType, z.ZodType, any>;
type Table = Record<string, AnyMethod>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

export function mergeDomains<T extends Table[]>(...tables: T): UnionToIntersection<T[number]> {
  const out: Table = {};
  for (const t of tables) {
    for (const [k, v] of Object.entries(t)) {
      if (k in out) throw new Error(`duplicate api method ${k}`);
      if (!/^[a-z]+(\.[a-zA-Z]+)+$/.test(k)) throw new Error(`api method name ${k} is not domain.verb`);
      out[k] = v;
    }
  }
  return out as UnionToIntersection<T[number]>;
}
