// Sites, clusters (inventory) and the read-only catalog.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import {
  clusterInputSchema, clusterSchema, clusterUpdateSchema, gpuRowSchema, modelRowSchema, siteInputSchema, siteSchema, siteUpdateSchema,
} from '../schemas/inventory.js';
import * as store from '../../store/inventory.js';
import type { AppContext } from '../context.js';

function resolveSite(ctx: AppContext, name: string): number {
  const s = store.getSiteByName(ctx.db, name);
  if (!s) {
    const names = store.listSites(ctx.db).map((x) => x.name);
    const hint = names.length ? didYouMean(closest(name, names)) : ' (no sites yet: add one first)';
    throw notFound('site', `unknown site "${name}"${hint}`);
  }
  return s.id;
}

function resolveGpu(ctx: AppContext, id: string): string {
  const ids = store.gpuIds(ctx.db);
  if (!ids.includes(id)) throw new ApiError('bad_request', `gpu_id: unknown GPU "${id}"; did you mean ${closest(id, ids).join(', ')}?`, 'gpu_id', { suggestions: closest(id, ids) });
  return id;
}

const toWrite = (ctx: AppContext, c: z.infer<typeof clusterInputSchema>): store.ClusterWrite => ({
  site_id: resolveSite(ctx, c.site),
  gpu_id: resolveGpu(ctx, c.gpu_id),
  gpus: c.gpus,
  servers: c.servers,
  mode: c.mode,
  in_service_from: c.in_service_from,
  in_service_to: c.in_service_to,
  unit_cost: c.unit_cost,
  currency: c.currency,
  notes: c.notes,
});

function uniqueName(e: unknown, name: string): never {
  if (e instanceof Error && /UNIQUE constraint failed: sites.name/.test(e.message)) throw badRequest('name', `a site named "${name}" already exists`);
  throw e;
}

export const inventoryMethods = {
  'sites.list': method({
    input: z.object({}).default({}),
    output: z.array(siteSchema),
    run: (ctx) => store.listSites(ctx.db),
  }),
  'sites.add': method({
    input: siteInputSchema,
    output: siteSchema,
    mutates: true,
    run: (ctx, s) => {
      try {
        return store.getSite(ctx.db, store.insertSite(ctx.db, s))!;
      } catch (e) { return uniqueName(e, s.name); }
    },
  }),
  'sites.update': method({
    input: siteUpdateSchema,
    output: siteSchema,
    mutates: true,
    run: (ctx, s) => {
      try {
        if (!store.updateSite(ctx.db, s.id, s)) throw notFound('id', `site ${s.id} does not exist`);
      } catch (e) { if (e instanceof ApiError) throw e; uniqueName(e, s.name); }
      return store.getSite(ctx.db, s.id)!;
    },
  }),
  'sites.delete': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      const n = store.clustersAtSite(ctx.db, id);
      if (n > 0) throw badRequest('id', `the site still has ${n} cluster(s); move or delete them first`);
      if (!store.deleteSite(ctx.db, id)) throw notFound('id', `site ${id} does not exist`);
      return { deleted: true };
    },
  }),
  'inventory.list': method({
    input: z.object({}).default({}),
    output: z.array(clusterSchema),
    run: (ctx) => store.listClusters(ctx.db),
  }),
  'inventory.add': method({
    input: clusterInputSchema,
    output: clusterSchema,
    mutates: true,
    run: (ctx, c) => store.getCluster(ctx.db, store.insertCluster(ctx.db, toWrite(ctx, c)))!,
  }),
  'inventory.update': method({
    input: clusterUpdateSchema,
    output: clusterSchema,
    mutates: true,
    run: (ctx, c) => {
      if (!store.updateCluster(ctx.db, c.id, toWrite(ctx, c))) throw notFound('id', `cluster ${c.id} does not exist`);
      return store.getCluster(ctx.db, c.id)!;
    },
  }),
  'inventory.delete': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteCluster(ctx.db, id)) throw notFound('id', `cluster ${id} does not exist`);
      return { deleted: true };
    },
  }),
  'catalog.gpus': method({
    input: z.object({}).default({}),
    output: z.array(gpuRowSchema),
    run: (ctx) => store.listGpus(ctx.db),
  }),
  'catalog.models': method({
    input: z.object({}).default({}),
    output: z.array(modelRowSchema),
    run: (ctx) => store.listModels(ctx.db),
  }),
};
