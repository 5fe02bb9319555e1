// The gpus.* methods: the catalog's GPU types with their first-shipment month (issue 12).
import { z } from 'zod';
import { method } from '../method.js';
import * as store from '../../store/export-rules.js';
import { listGpus } from '../../store/inventory.js';

export const gpuListRowSchema = z.object({
  id: z.string(), name: z.string(), vendor: z.string(), available_from: z.string().nullable(), available_from_source: z.string().nullable(),
  memory_gb: z.number(), tdp_w: z.number().nullable(), release_year: z.number(), cn_export_status: z.string(),
});

export const gpusMethods = {
  'gpus.list': method({
    input: z.object({}).default({}),
    output: z.array(gpuListRowSchema),
    run: (ctx) => {
      const avail = new Map(store.listAvailability(ctx.db).map((a) => [a.gpu_id, a]));
      return listGpus(ctx.db).map((g) => ({
        id: g.id, name: g.name, vendor: g.vendor, available_from: avail.get(g.id)?.available_from ?? null, available_from_source: avail.get(g.id)?.source ?? null,
        memory_gb: g.memory_gb, tdp_w: g.tdp_w, release_year: g.release_year, cn_export_status: g.cn_export_status,
      }));
    },
  }),
};
