// The one handler table. Every host (IPC, HTTP, CLI) serves exactly this, through invoke().
import { AsyncLocalStorage } from 'node:async_hooks';
import type { z } from 'zod';
import { mergeDomains } from './registry.js';
import { parseInput } from './method.js';
import { checkedOutput } from './invoke-read.js';
import { ApiError, storageError, storageMessage } from './errors.js';
import type { AppContext } from './context.js';
import { actualsMethods } from './domains/actuals.js';
import { backtestMethods } from './domains/backtest.js';
import { burnMethods } from './domains/burn.js';
import { calibrationMethods } from './domains/calibration.js';
import { catalogMethods } from './domains/catalog.js';
import { energyMethods } from './domains/energy.js';
import { fixedMethods } from './domains/fixed.js';
import { fxMethods } from './domains/fx.js';
import { gpusMethods } from './domains/gpus.js';
import { inventoryMethods } from './domains/inventory.js';
import { perfMethods } from './domains/perf.js';
import { sitesMethods } from './domains/sites.js';
import { tariffsMethods } from './domains/tariffs.js';
import { scenariosMethods } from './domains/scenarios.js';
import { planMethods } from './domains/plan.js';
import { exportMethods } from './domains/export.js';
import { undoMethods } from './domains/undo.js';
import { backupMethods } from './domains/backup.js';
import { abortStep, beginStep, endStep, installUndo } from '../store/undo.js';
import { pricesMethods } from './domains/prices.js';
import { procureMethods } from './domains/procure.js';

export const handlers = mergeDomains(
  actualsMethods,
  backtestMethods,
  burnMethods,
  calibrationMethods,
  catalogMethods,
  energyMethods,
  fixedMethods,
  fxMethods,
  gpusMethods,
  inventoryMethods,
  perfMethods,
  sitesMethods,
  tariffsMethods,
  scenariosMethods,
  planMethods,
  exportMethods,
  undoMethods,
  backupMethods,
  pricesMethods,
  procureMethods,
);

export type Handlers = typeof handlers;
export type MethodName = keyof Handlers & string;
export type ApiInput<M extends MethodName> = z.input<Handlers[M]['input']>;
export type ApiOutput<M extends MethodName> = z.infer<Handlers[M]['output']>;
/** The renderer's view of the API: every method, async, typed from the table. */
export type Api = { [M in MethodName]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

export function isMethod(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(handlers, name);
}

// Mutating calls are serialised so two writers never interleave inside one process.
let queue: Promise<unknown> = Promise.resolve();
/** The write in flight per connection, and whether the current async context is inside it (a nested call). */
const writing = new WeakMap<object, Promise<unknown>>();
const insideWrite = new AsyncLocalStorage<true>();

export async function invoke(ctx: AppContext, name: string, raw: unknown): Promise<unknown> {
  try {
    return await invokeInner(ctx, name, raw);
  } catch (e) {
    // A full disk, a read-only file, a refused permission: its own code and words, never "internal" or "corrupt".
    throw storageError(e) ?? e;
  }
}

async function invokeInner(ctx: AppContext, name: string, raw: unknown): Promise<unknown> {
  if (!isMethod(name)) throw new ApiError('not_found', `unknown api method ${name}`);
  const def = handlers[name] as unknown as {
    input: z.ZodType; output: z.ZodType; mutates?: boolean; exclusive?: boolean;
    beforeLock?: (ctx: AppContext, i: unknown) => unknown; run: (ctx: AppContext, i: unknown, prepared: unknown) => unknown;
  };
  const input = parseInput(def.input, raw ?? {});
  // A database opened read-only (store/open.ts: the file is not writable) is for viewing and exporting.
  if ((def.mutates || def.exclusive) && ctx.db.readonly) throw new ApiError('read_only', storageMessage('read_only', ctx.dbPath));
  // Parse/validate outside the write queue and any transaction (see MethodDef.beforeLock).
  const prepared = def.beforeLock ? await def.beforeLock(ctx, input) : undefined;
  const exec = async () => {
    return checkedOutput(name, def.output, await def.run(ctx, input, prepared));
  };
  if (def.exclusive) {
    // Alone in the queue, no transaction of ours open: it takes SQLite's locks itself.
    const run = queue.then(exec, exec);
    queue = run.catch(() => undefined);
    return run;
  }
  // A write may span event-loop turns (a big import commits in slices): a read on the same connection
  // then would see its uncommitted rows, so reads wait for the write in flight (never for the queue).
  if (!def.mutates) {
    const w = writing.get(ctx.db);
    if (w && !insideWrite.getStore()) await w.catch(() => undefined);
    return exec();
  }
  // One transaction per mutating call: a failure anywhere writes nothing.
  const inTx = async () => {
    if (ctx.db.inTransaction) return exec();
    installUndo(ctx.db); // TEMP recording triggers, once per connection, outside any transaction
    ctx.db.exec('BEGIN IMMEDIATE');
    try {
      beginStep(ctx.db, name, ctx.now()); // each mutating call is one undo step (store/undo.ts)
      const out = await exec();
      endStep(ctx.db);
      ctx.db.exec('COMMIT');
      return out;
    } catch (e) {
      abortStep(ctx.db);
      if (ctx.db.inTransaction) ctx.db.exec('ROLLBACK');
      throw e;
    }
  };
  const tracked = async () => {
    const p = insideWrite.run(true, inTx);
    writing.set(ctx.db, p);
    try { return await p; } finally { if (writing.get(ctx.db) === p) writing.delete(ctx.db); }
  };
  const run = queue.then(tracked, tracked);
  queue = run.catch(() => undefined);
  return run;
}
