// Undo/redo of edits made through the API (inventory, sites, scenarios, price lists): one
// step per mutating call, kept in the database (src-main/store/undo.ts, db/0070-undo.sql).
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError } from '../errors.js';
import type { AppContext } from '../context.js';
import { applyTop, undoStatus, UndoConflictError } from '../../store/undo.js';
import { DATA_DOMAINS, domainsOf } from '../../shared/data-domains.js';

const stepSchema = z.object({ id: z.number().int(), method: z.string(), created_at: z.string(), changes: z.number().int() });
const statusSchema = z.object({
  can_undo: z.boolean(), can_redo: z.boolean(), limit: z.number().int(), undo: z.array(stepSchema), redo: z.array(stepSchema),
});
/** domains: the parts of the data the applied step changed (shared/data-domains.ts); the page in view re-reads only those. */
const resultSchema = z.object({ applied: stepSchema.nullable(), domains: z.array(z.enum(DATA_DOMAINS)), status: statusSchema });

function apply(ctx: AppContext, from: 'undo' | 'redo') {
  try {
    const step = applyTop(ctx.db, from, ctx.now());
    if (!step) return { applied: null, domains: [], status: undoStatus(ctx.db) };
    const { tables, ...applied } = step;
    return { applied, domains: domainsOf(tables), status: undoStatus(ctx.db) };
  } catch (e) {
    if (e instanceof UndoConflictError) throw new ApiError('conflict', e.message);
    throw e;
  }
}

export const undoMethods = {
  'undo.status': method({
    input: z.object({}).default({}),
    /** read_only: the database was opened read-only (store/open.ts): the shell says so and edits are refused. */
    output: statusSchema.extend({ read_only: z.boolean() }),
    run: (ctx) => ({ ...undoStatus(ctx.db), read_only: ctx.db.readonly }),
  }),
  /** Reverts the newest recorded change; `applied` is null when there is nothing to undo. */
  'undo.undo': method({
    input: z.object({}).default({}),
    output: resultSchema,
    mutates: true,
    run: (ctx) => apply(ctx, 'undo'),
  }),
  /** Re-applies the newest undone change; `applied` is null when there is nothing to redo. */
  'undo.redo': method({
    input: z.object({}).default({}),
    output: resultSchema,
    mutates: true,
    run: (ctx) => apply(ctx, 'redo'),
  }),
};
