// A read-only method of the handler table run exactly as invoke() runs it (input parsed by its
// schema, output checked by its schema, storage errors in their own words), for a host that
// needs one domain and not the whole table: the CLI's perf loads the perf domain alone.
import type { z } from 'zod';
import { parseInput, type MethodDef } from './method.js';
import { storageError } from './errors.js';
import type { AppContext } from './context.js';

/** The method's output checked against its schema (a handler bug is an internal error, named). */
export function checkedOutput(name: string, output: z.ZodType, out: unknown): unknown {
  const checked = output.safeParse(out);
  if (!checked.success) throw new Error(`api ${name} produced an invalid response: ${checked.error.issues[0]?.path.join('.')}: ${checked.error.issues[0]?.message}`);
  return checked.data;
}

/** Runs one non-mutating method definition (the same object the handler table holds under `name`). */
export async function invokeRead<I extends z.ZodType, O extends z.ZodType>(ctx: AppContext, name: string, def: MethodDef<I, O>, raw: unknown): Promise<z.infer<O>> {
  if (def.mutates || def.exclusive || def.beforeLock) throw new Error(`api ${name}: invokeRead runs read-only methods only`);
  try {
    const input = parseInput(def.input, raw ?? {}) as z.infer<I>;
    return checkedOutput(name, def.output, await def.run(ctx, input)) as z.infer<O>;
  } catch (e) {
    throw storageError(e) ?? e;
  }
}
