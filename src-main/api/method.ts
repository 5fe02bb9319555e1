// One API method = input schema + output schema + a plain function. Every host (IPC,
// HTTP, CLI) goes through `invoke`, so validation happens at every boundary.
import { z } from 'zod';
import { ApiError } from './errors.js';
import type { AppContext } from './context.js';
import { LOCAL_ONLY, isLocalPathIssue } from '../shared/local-path.js';
import { inputProblem } from '../shared/text.js';

export interface MethodDef<I extends z.ZodType, O extends z.ZodType, P = undefined> {
  input: I;
  output: O;
  /** Mutating methods are serialised and may be recorded for undo. */
  mutates?: boolean;
  /**
   * Runs alone in the write queue like a mutating call, but outside any transaction: for work
   * that takes SQLite's locks itself (backup.restore writes the file through the backup API), so
   * no write of this process can interleave with it (issue 17 item 6).
   */
  exclusive?: boolean;
  /**
   * Work done before the write lock and outside the write queue: read, parse and validate (off
   * the main thread for big inputs). `run` then only commits what this returned, so a mutating
   * call holds `BEGIN IMMEDIATE` for the commit alone (issue 17: a 56 s parse held the lock).
   */
  beforeLock?: (ctx: AppContext, input: z.infer<I>) => P | Promise<P>;
  run: (ctx: AppContext, input: z.infer<I>, ...prepared: undefined extends P ? [prepared?: P] : [prepared: P]) => z.infer<O> | Promise<z.infer<O>>;
}

export function method<I extends z.ZodType, O extends z.ZodType, P = undefined>(def: MethodDef<I, O, P>): MethodDef<I, O, P> {
  return def;
}

/** The value at `path` inside `raw` (for quoting what the caller sent). */
function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function quote(v: unknown): string {
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

const KIND: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', boolean: 'true or false', array: 'a list', object: 'an object', bigint: 'a whole number' };

/** One zod issue in plain words: "must be one of bf16, fp16, fp8 (got "fp9")", "must be a number (got "abc")". */
export function issueWords(issue: z.core.$ZodIssue, raw?: unknown): string {
  const got = valueAt(raw, issue.path);
  const gotText = got === undefined ? '' : ` (got ${quote(got)})`;
  const i = issue as z.core.$ZodIssue & { values?: unknown[]; expected?: string; minimum?: number | bigint; maximum?: number | bigint; inclusive?: boolean; origin?: string; format?: string; keys?: string[] };
  // A schema's own message (`must be a positive integer`) is already in words: keep it.
  if (!/^(Invalid|Too small|Too big|Unrecognized key)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_value':
      if (i.values?.length === 1) return `must be ${quote(i.values[0])}${gotText}`;
      return `must be one of ${(i.values ?? []).map((v) => String(v)).join(', ')}${gotText}`;
    case 'invalid_type':
      if (got === undefined) return 'is required';
      return `must be ${KIND[i.expected ?? ''] ?? i.expected}${gotText}`;
    case 'too_small': {
      const n = String(i.minimum);
      if (i.origin === 'string') return n === '1' ? 'must not be empty' : `must be at least ${n} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `must have at least ${n} item${n === '1' ? '' : 's'}`;
      return `must be ${i.inclusive === false ? 'more than' : 'at least'} ${n}${gotText}`;
    }
    case 'too_big': {
      const n = String(i.maximum);
      if (i.origin === 'string') return `must be at most ${n} characters`;
      if (i.origin === 'array' || i.origin === 'set') return `must have at most ${n} items`;
      return `must be ${i.inclusive === false ? 'less than' : 'at most'} ${n}${gotText}`;
    }
    case 'unrecognized_keys':
      return `unknown field${(i.keys ?? []).length === 1 ? '' : 's'} ${(i.keys ?? []).join(', ')}`;
    case 'invalid_format':
      return `${issue.message.replace(/^Invalid string: /, 'must be ')}${gotText}`;
    default:
      return issue.message;
  }
}

/** Zod issues → one line naming the field, e.g. `gpus: must be at least 1 (got 0)`. */
export function describeZodError(err: z.ZodError, raw?: unknown): { field: string; message: string } {
  const first = err.issues[0];
  const field = first?.path.length ? first.path.join('.') : '(body)';
  return { field, message: `${field}: ${first ? issueWords(first, raw) : 'invalid'}` };
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  // Before any schema (issue 17): lone surrogates, NaN/±Infinity and hostile nesting never enter,
  // whatever the field's schema (z.unknown() bodies and perf.batch rows included).
  const bad = inputProblem(raw);
  if (bad) {
    const field = bad.path.join('.') || '(body)';
    throw new ApiError('bad_request', `${field}: ${bad.message}`, field);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    // A path field given anything but a LocalPath (a string from a page): forbidden, never read.
    const local = r.error.issues.find((i) => isLocalPathIssue(i as { code: string; params?: unknown }));
    if (local) {
      const field = local.path.join('.') || '(body)';
      throw new ApiError('forbidden', `${field}: ${local.message ?? LOCAL_ONLY}`, field);
    }
    const { field, message } = describeZodError(r.error, raw);
    throw new ApiError('bad_request', message, field, r.error.issues.map((i) => ({ path: i.path.join('.'), message: issueWords(i, raw), code: i.code })));
  }
  return r.data;
}
