// The sites.* methods: sites themselves, their cost extras (hosting, server overhead, time zone),
// and the effective-dated export rules and licences that apply at them (issue 12).
import { z } from 'zod';
import { method } from '../method.js';
import { resolveSite, resolveGpu, withOverhead,} from '../lookups.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import { monthSchema as month } from '../../shared/month.js';
import * as inventory from '../../store/inventory.js';
import * as money from '../../store/money.js';
import * as rules from '../../store/export-rules.js';
import { isGpuClass } from '../../engine/procure/rules.js';
import { siteInputSchema, siteSchema, siteUpdateSchema } from '../schemas/inventory.js';
import { siteCostsInputSchema, siteCostsSchema } from '../schemas/money.js';

function uniqueName(e: unknown, name: string): never {
  if (e instanceof Error && /UNIQUE constraint failed: sites.name/.test(e.message)) throw badRequest('name', `a site named "${name}" already exists`);
  throw e;
}

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

export const sitesMethods = {
  'sites.costs': method({
    input: z.object({}).default({}),
    output: z.array(siteCostsSchema),
    run: (ctx) => money.listSiteCosts(ctx.db).map(withOverhead),
  }),
  'sites.saveCosts': method({
    input: siteCostsInputSchema,
    output: siteCostsSchema,
    mutates: true,
    run: (ctx, s) => {
      const id = resolveSite(ctx, s.site);
      money.upsertSiteCosts(ctx.db, {
        site_id: id, hosting_per_kw_month: s.hosting_per_kw_month, hosting_currency: s.hosting_currency, server_type: s.server_type,
        server_overhead: s.server_overhead, utc_offset_hours: s.utc_offset_hours, source: s.source, cloud_region: s.cloud_region,
      });
      return withOverhead(money.listSiteCosts(ctx.db).find((r) => r.site_id === id)!);
    },
  }),
  'sites.list': method({
    input: z.object({}).default({}),
    output: z.array(siteSchema),
    run: (ctx) => inventory.listSites(ctx.db),
  }),
  'sites.add': method({
    input: siteInputSchema,
    output: siteSchema,
    mutates: true,
    run: (ctx, s) => {
      try {
        return inventory.getSite(ctx.db, inventory.insertSite(ctx.db, s))!;
      } catch (e) { return uniqueName(e, s.name); }
    },
  }),
  'sites.update': method({
    input: siteUpdateSchema,
    output: siteSchema,
    mutates: true,
    run: (ctx, s) => {
      try {
        if (!inventory.updateSite(ctx.db, s.id, s)) throw notFound('id', `site ${s.id} does not exist`);
      } catch (e) { if (e instanceof ApiError) throw e; uniqueName(e, s.name); }
      return inventory.getSite(ctx.db, s.id)!;
    },
  }),
  'sites.delete': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      const n = inventory.clustersAtSite(ctx.db, id);
      if (n > 0) throw badRequest('id', `the site still has ${n} cluster(s); move or delete them first`);
      if (!inventory.deleteSite(ctx.db, id)) throw notFound('id', `site ${id} does not exist`);
      return { deleted: true };
    },
  }),
  'sites.exportRules': method({
    input: z.object({ country: country.optional(), as_of: month.optional() }).default({}),
    output: z.array(exportRuleSchema),
    run: (ctx, f) => rules.listExportRules(ctx.db, f),
  }),
  'sites.addExportRule': method({
    input: ruleInput,
    output: exportRuleSchema,
    mutates: true,
    run: (ctx, r) => { ruleGpu(ctx, r.gpu); return rules.getExportRule(ctx.db, rules.insertExportRule(ctx.db, r))!; },
  }),
  'sites.updateExportRule': method({
    input: z.object({ id: z.number().int() }).and(ruleInput),
    output: exportRuleSchema,
    mutates: true,
    run: (ctx, r) => {
      ruleGpu(ctx, r.gpu);
      if (!rules.updateExportRule(ctx.db, r.id, r)) throw notFound('id', `export rule ${r.id} does not exist`);
      return rules.getExportRule(ctx.db, r.id)!;
    },
  }),
  'sites.deleteExportRule': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      if (!rules.deleteExportRule(ctx.db, id)) throw notFound('id', `export rule ${id} does not exist`);
      return { deleted: true };
    },
  }),
  'sites.exportLicences': method({
    input: z.object({}).default({}),
    output: z.array(exportLicenceSchema),
    run: (ctx) => rules.listExportLicences(ctx.db),
  }),
  'sites.addExportLicence': method({
    input: licenceInput,
    output: exportLicenceSchema,
    mutates: true,
    run: (ctx, l) => {
      resolveSite(ctx, l.site);
      resolveGpu(ctx, l.gpu, 'gpu', true);
      const id = rules.insertExportLicence(ctx.db, l);
      return rules.listExportLicences(ctx.db).find((x) => x.id === id)!;
    },
  }),
  'sites.deleteExportLicence': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.boolean() }),
    mutates: true,
    run: (ctx, { id }) => {
      if (!rules.deleteExportLicence(ctx.db, id)) throw badRequest('id', `export licence ${id} does not exist`);
      return { deleted: true };
    },
  }),
};

/** A rule's GPU: a known type, '*', or a performance class such as `tpp>=4800&io>=600` (engine/procure/rules.ts). */
function ruleGpu(ctx: Parameters<typeof resolveGpu>[0], gpu: string): void {
  if (isGpuClass(gpu)) return;
  resolveGpu(ctx, gpu, 'gpu', true);
}
