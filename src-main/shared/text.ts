// Text and number checks every boundary shares (issue 17 item 8): no lone surrogates (they are
// not valid UTF-8 on disk), no names made only of invisible characters, no non-finite numbers.
import { z } from 'zod';

/** Invisible or formatting characters (zero-width space/joiners, BOM, word joiner, bidi marks) and controls. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s]/gu;

/** True when `s` has at least one character a person can see. */
export const hasVisible = (s: string): boolean => s.replace(INVISIBLE, '').length > 0;

/** True when `s` is well-formed UTF-16 (no lone surrogate), so it can be stored as UTF-8. */
export const isWellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A name: trimmed, 1…max characters, at least one visible character. */
export const nameSchema = (max = 200) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`)
  .refine(hasVisible, 'must have a visible character (not only spaces or zero-width characters)');

export interface InputProblem { path: (string | number)[]; message: string }

/** Deepest nesting a request body may have (a scenario document is about 8 deep). */
export const MAX_DEPTH = 32;

/**
 * The first value in a request body no schema should ever see: a string with a lone surrogate,
 * a number that is NaN or ±Infinity (structured clone carries them; JSON's 1e309 parses to
 * Infinity), or nesting deeper than MAX_DEPTH. Iterative, so a hostile depth cannot overflow the stack.
 */
export function inputProblem(raw: unknown): InputProblem | null {
  interface At { v: unknown; key: string | number | null; up: At | null; depth: number }
  const pathOf = (a: At) => { const p: (string | number)[] = []; for (let x: At | null = a; x && x.key !== null; x = x.up) p.unshift(x.key); return p; };
  const stack: At[] = [{ v: raw, key: null, up: null, depth: 0 }];
  while (stack.length) {
    const at = stack.pop()!;
    const v = at.v;
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return { path: pathOf(at), message: 'must be valid Unicode text (it holds a lone surrogate)' };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: pathOf(at), message: `must be a finite number (got ${v})` };
    } else if (v !== null && typeof v === 'object') {
      if (at.depth >= MAX_DEPTH) return { path: pathOf(at), message: `is nested too deeply (more than ${MAX_DEPTH} levels)` };
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) stack.push({ v: v[i], key: i, up: at, depth: at.depth + 1 });
      } else if (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null) {
        for (const k of Object.keys(v)) {
          const child: At = { v: (v as Record<string, unknown>)[k], key: k, up: at, depth: at.depth + 1 };
          if (!isWellFormed(k)) return { path: pathOf(child), message: 'field names must be valid Unicode text' };
          stack.push(child);
        }
      }
    }
  }
  return null;
}
