// GPU availability dates and effective-dated export rules (issue 12): `gpus list`,
// `export-rules list`, and the Sites page's rule and licence editor.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { closestIds } from '../../engine/catalog.js';
import * as store from '../../store/export-rules.js';
import { listGpus, gpuIds, getSiteByName, listSites } from '../../store/inventory.js';
import type { AppContext } from '../context.js';

import { monthSchema as month } from '../../shared/month.js';
const country = z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code').transform((s) => s.toUpperCase());
const status = z.enum(['allowed', 'licence', 'banned']);

export const exportRuleSchema = z.object({
  id: z.number().int(), seed_key: z.string().nullable(), country: z.string(), gpu: z.string(), from_month: z.string(), to_month: z.string().nullable(),
  status, source: z.string(), note: z.string(), user_edited: z.boolean(),
});
const ruleInput = z.object({
  country, gpu: z.string().min(1).max(64), from_month: month, to_month: month.nullable().default(null), status,
  source: z.string().max(2000).default(''), note: z.string().max(2000).default(''),
}).refine((r) => r.to_month === null || r.to_month >= r.from_month, { message: 'to_month must not be before from_month', path: ['to_month'] });
export const exportLicenceSchema = z.object({ id: z.number().int(), site: z.string(), gpu: z.string(), from_month: z.string(), to_month: z.string().nullable(), note: z.string() });
const licenceInput = z.object({
  site: z.string().min(1).max(200), gpu: z.string().min(1).max(64).default('*'), from_month: month, to_month: month.nullable().default(null), note: z.string().max(2000).default(''),
}).refine((r) => r.to_month === null || r.to_month >= r.from_month, { message: 'to_month must not be before from_month', path: ['to_month'] });

export const gpuListRowSchema = z.object({
  id: z.string(), name: z.string(), vendor: z.string(), available_from: z.string().nullable(), available_from_source: z.string().nullable(),
  memory_gb: z.number(), tdp_w: z.number().nullable(), release_year: z.number(), cn_export_status: z.string(),
});

function checkGpu(ctx: AppContext, gpu: string): void {
  if (gpu === '*') return;
  const ids = gpuIds(ctx.db);
  if (!ids.includes(gpu)) throw new ApiError('bad_request', `gpu: unknown GPU "${gpu}" ('*' = every type); did you mean ${closestIds(gpu, ids).join(', ')}?`, 'gpu', { suggestions: closestIds(gpu, ids) });
}

export const exportRulesMethods = {
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
  'sites.exportRules': method({
    input: z.object({ country: country.optional(), as_of: month.optional() }).default({}),
    output: z.array(exportRuleSchema),
    run: (ctx, f) => store.listExportRules(ctx.db, f),
  }),
  'sites.addExportRule': method({
    input: ruleInput,
    output: exportRuleSchema,
    mutates: true,
    run: (ctx, r) => { checkGpu(ctx, r.gpu); return store.getExportRule(ctx.db, store.insertExportRule(ctx.db, r))!; },
  }),
  'sites.updateExportRule': method({
    input: z.object({ id: z.number().int() }).and(ruleInput),
    output: exportRuleSchema,
    mutates: true,
    run: (ctx, r) => {
      checkGpu(ctx, r.gpu);
      if (!store.updateExportRule(ctx.db, r.id, r)) throw notFound('id', `export rule ${r.id} does not exist`);
      return store.getExportRule(ctx.db, r.id)!;
    },
  }),
  'sites.deleteExportRule': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteExportRule(ctx.db, id)) throw notFound('id', `export rule ${id} does not exist`);
      return { deleted: true };
    },
  }),
  'sites.exportLicences': method({
    input: z.object({}).default({}),
    output: z.array(exportLicenceSchema),
    run: (ctx) => store.listExportLicences(ctx.db),
  }),
  'sites.addExportLicence': method({
    input: licenceInput,
    output: exportLicenceSchema,
    mutates: true,
    run: (ctx, l) => {
      if (!getSiteByName(ctx.db, l.site)) {
        const names = listSites(ctx.db).map((s) => s.name);
        throw notFound('site', `unknown site "${l.site}"${names.length ? ` (known sites: ${closestIds(l.site, names).join(', ')})` : ''}`);
      }
      checkGpu(ctx, l.gpu);
      const id = store.insertExportLicence(ctx.db, l);
      return store.listExportLicences(ctx.db).find((x) => x.id === id)!;
    },
  }),
  'sites.deleteExportLicence': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteExportLicence(ctx.db, id)) throw badRequest('id', `export licence ${id} does not exist`);
      return { deleted: true };
    },
  }),
};
