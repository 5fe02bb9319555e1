// One API method = input schema + output schema + a plain function. Every host (IPC,
// HTTP, CLI) goes through `invoke`, so validation happens at every boundary.
import { z } from 'zod';
import { ApiError } from './errors.js';
import type { AppContext } from './context.js';
import { LOCAL_ONLY, isLocalPathIssue } from '../shared/local-path.js';

export interface MethodDef<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  /** Mutating methods are serialised and may be recorded for undo. */
  mutates?: boolean;
  run: (ctx: AppContext, input: z.infer<I>) => z.infer<O> | Promise<z.infer<O>>;
}

export function method<I extends z.ZodType, O extends z.ZodType>(def: MethodDef<I, O>): MethodDef<I, O> {
  return def;
}

/** Zod issues → one line naming the field, e.g. `gpus: must be a positive integer`. */
export function describeZodError(err: z.ZodError): { field: string; message: string } {
  const first = err.issues[0];
  const field = first?.path.length ? first.path.join('.') : '(body)';
  return { field, message: `${field}: ${first?.message ?? 'invalid'}` };
}

export function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const r = schema.safeParse(raw);
  if (!r.success) {
    // A path field given anything but a LocalPath (a string from a page): forbidden, never read.
    const local = r.error.issues.find((i) => isLocalPathIssue(i as { code: string; params?: unknown }));
    if (local) {
      const field = local.path.join('.') || '(body)';
      throw new ApiError('forbidden', `${field}: ${local.message ?? LOCAL_ONLY}`, field);
    }
    const { field, message } = describeZodError(r.error);
    throw new ApiError('bad_request', message, field, r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return r.data;
}
