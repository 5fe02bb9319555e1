// The inventory.* methods: clusters (GPUs at a site, how they are held) and their cost terms.
import { z } from 'zod';
import { method } from '../method.js';
import { resolveSite, resolveGpu, withOverhead } from '../lookups.js';
import { sitePower, sitePowerWarnings } from '../../engine/plan/site-power.js';
import { notFound } from '../errors.js';
import { clusterInputSchema, clusterSchema, clusterUpdateSchema } from '../schemas/inventory.js';
import { clusterCostsSchema } from '../schemas/money.js';
import * as store from '../../store/inventory.js';
import * as money from '../../store/money.js';
import type { AppContext } from '../context.js';

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

const sitePowerSchema = z.object({
  site: z.string(), gpus: z.number().int(), gpu_kw: z.number(), facility_kw: z.number(), overhead: z.number(), overhead_assumed: z.boolean(),
  pue: z.number(), limit_kw: z.number().nullable(), over_kw: z.number(), month: z.string().nullable(), unknown_tdp_gpus: z.number().int(),
});
const sitePowerWarningSchema = z.object({
  code: z.enum(['site_power_over_limit', 'site_power_unknown_tdp']), message: z.string(), site: z.string(), month: z.string().nullable(),
  facility_kw: z.number(), limit_kw: z.number().nullable(), over_kw: z.number(), gpus: z.number().int(),
});

export const inventoryMethods = {
  /**
   * Each site's power at full load (GPU TDP × server overhead × PUE, as the optimiser counts it) at
   * its busiest month from now on, against its limit; a warning per site above it (issue 18).
   */
  'inventory.power': method({
    input: z.object({}).default({}),
    output: z.object({ sites: z.array(sitePowerSchema), warnings: z.array(sitePowerWarningSchema) }),
    run: (ctx) => {
      const costs = new Map(money.listSiteCosts(ctx.db).map((r) => [r.site, withOverhead(r)]));
      const rows = sitePower(store.listSites(ctx.db), store.listClusters(ctx.db), store.listGpus(ctx.db), (site) => {
        const c = costs.get(site);
        return c ? { factor: c.effective_server_overhead, assumed: c.overhead_assumed } : { factor: 1.82, assumed: false };
      }, ctx.now().toISOString().slice(0, 7));
      return { sites: rows, warnings: sitePowerWarnings(rows) };
    },
  }),
  'inventory.costs': method({
    input: z.object({}).default({}),
    output: z.array(clusterCostsSchema),
    run: (ctx) => money.listClusterCosts(ctx.db),
  }),
  'inventory.saveCosts': method({
    input: clusterCostsSchema,
    output: clusterCostsSchema,
    mutates: true,
    run: (ctx, c) => {
      if (!store.getCluster(ctx.db, c.cluster_id)) throw notFound('cluster_id', `cluster ${c.cluster_id} does not exist`);
      money.upsertClusterCosts(ctx.db, c);
      return money.listClusterCosts(ctx.db).find((x) => x.cluster_id === c.cluster_id)!;
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
};
