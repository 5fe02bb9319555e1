// FX rates, tariffs, site cost extras, fixed cost items, cluster cost terms and burn.
import { z } from 'zod';
import { method } from '../method.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import { bandsToHourly, TariffError } from '../../engine/power/tariff.js';
import { SERVER_OVERHEAD, DEFAULT_IDLE_FRACTION, IDLE_FRACTION_SOURCE } from '../../engine/power/power.js';
import { FxMissingError } from '../../engine/money/fx.js';
import { BurnInputError, DEFAULT_USEFUL_LIFE_MONTHS } from '../../engine/burn/burn.js';
import { monthRange } from '../../engine/burn/months.js';
import { MoneyError } from '../../engine/money/money.js';
import { UnknownCurrencyError } from '../../engine/money/currency.js';
import { getSiteByName, listSites, getCluster } from '../../store/inventory.js';
import * as store from '../../store/money.js';
import { burnOfWorld } from '../../engine/plan/burn-input.js';
import { worldOf } from '../plan-runner.js';
import {
  burnRequestSchema, burnResultSchema, clusterCostsSchema, fixedInputSchema, fixedRowSchema, fxInputSchema, fxRowSchema,
  siteCostsInputSchema, siteCostsSchema, tariffInputSchema, tariffRowSchema,
} from '../schemas/money.js';

function siteId(ctx: AppContext, name: string): number {
  const s = getSiteByName(ctx.db, name);
  if (!s) {
    const names = listSites(ctx.db).map((x) => x.name);
    throw notFound('site', `unknown site "${name}"${names.length ? didYouMean(closest(name, names)) : ''}`);
  }
  return s.id;
}

const withOverhead = (r: store.SiteCostRow) => {
  const typed = SERVER_OVERHEAD[r.server_type] ?? SERVER_OVERHEAD.default;
  return {
    ...r,
    effective_server_overhead: r.server_overhead ?? typed.factor,
    overhead_source: r.server_overhead !== null ? (r.source || 'set by the user') : typed.source,
    overhead_assumed: r.server_overhead === null && typed.assumed,
  };
};

const idSchema = z.object({ id: z.number().int() });
const deleted = z.object({ deleted: z.boolean() });

export const moneyMethods = {
  'fx.list': method({
    input: z.object({}).default({}),
    output: z.array(fxRowSchema),
    run: (ctx) => store.listFx(ctx.db),
  }),
  'fx.save': method({
    input: fxInputSchema,
    output: fxRowSchema,
    mutates: true,
    run: (ctx, r) => {
      const id = store.upsertFx(ctx.db, r);
      return store.listFx(ctx.db).find((x) => x.id === id)!;
    },
  }),
  'fx.delete': method({
    input: idSchema, output: deleted, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteFx(ctx.db, id)) throw notFound('id', `FX rate ${id} does not exist`);
      return { deleted: true };
    },
  }),

  'tariffs.list': method({
    input: z.object({ site: z.string().optional() }).default({}),
    output: z.array(tariffRowSchema),
    run: (ctx, { site }) => store.listTariffs(ctx.db, site === undefined ? undefined : siteId(ctx, site)),
  }),
  'tariffs.save': method({
    input: tariffInputSchema,
    output: tariffRowSchema,
    mutates: true,
    run: (ctx, t) => {
      if (t.kind === 'tou') {
        try { bandsToHourly(t.bands!); } catch (e) { if (e instanceof TariffError) throw badRequest('bands', e.message); throw e; }
      }
      const w: store.TariffWrite = {
        site_id: siteId(ctx, t.site), effective_from: t.effective_from, currency: t.currency, kind: t.kind,
        price_per_kwh: t.kind === 'flat' ? t.price_per_kwh : null, bands: t.kind === 'tou' ? t.bands : null,
        demand_charge_per_kw_month: t.demand_charge_per_kw_month, source: t.source, notes: t.notes,
      };
      try {
        if (t.id !== undefined) {
          if (!store.updateTariff(ctx.db, t.id, w)) throw notFound('id', `tariff ${t.id} does not exist`);
          return store.getTariff(ctx.db, t.id)!;
        }
        return store.getTariff(ctx.db, store.insertTariff(ctx.db, w))!;
      } catch (e) {
        if (e instanceof Error && /UNIQUE constraint failed: tariffs/.test(e.message)) throw badRequest('effective_from', `site "${t.site}" already has a tariff from ${t.effective_from}`);
        throw e;
      }
    },
  }),
  'tariffs.delete': method({
    input: idSchema, output: deleted, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteTariff(ctx.db, id)) throw notFound('id', `tariff ${id} does not exist`);
      return { deleted: true };
    },
  }),

  'sites.costs': method({
    input: z.object({}).default({}),
    output: z.array(siteCostsSchema),
    run: (ctx) => store.listSiteCosts(ctx.db).map(withOverhead),
  }),
  'sites.saveCosts': method({
    input: siteCostsInputSchema,
    output: siteCostsSchema,
    mutates: true,
    run: (ctx, s) => {
      const id = siteId(ctx, s.site);
      store.upsertSiteCosts(ctx.db, {
        site_id: id, hosting_per_kw_month: s.hosting_per_kw_month, hosting_currency: s.hosting_currency, server_type: s.server_type,
        server_overhead: s.server_overhead, utc_offset_hours: s.utc_offset_hours, source: s.source,
      });
      return withOverhead(store.listSiteCosts(ctx.db).find((r) => r.site_id === id)!);
    },
  }),

  'fixed.list': method({
    input: z.object({}).default({}),
    output: z.array(fixedRowSchema),
    run: (ctx) => store.listFixedCosts(ctx.db),
  }),
  'fixed.save': method({
    input: fixedInputSchema,
    output: fixedRowSchema,
    mutates: true,
    run: (ctx, f) => {
      const { id, ...w } = f;
      let rid = id;
      if (rid !== undefined) { if (!store.updateFixedCost(ctx.db, rid, w)) throw notFound('id', `fixed cost ${rid} does not exist`); }
      else rid = store.insertFixedCost(ctx.db, w);
      return store.listFixedCosts(ctx.db).find((x) => x.id === rid)!;
    },
  }),
  'fixed.delete': method({
    input: idSchema, output: deleted, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteFixedCost(ctx.db, id)) throw notFound('id', `fixed cost ${id} does not exist`);
      return { deleted: true };
    },
  }),

  'inventory.costs': method({
    input: z.object({}).default({}),
    output: z.array(clusterCostsSchema),
    run: (ctx) => store.listClusterCosts(ctx.db),
  }),
  'inventory.saveCosts': method({
    input: clusterCostsSchema,
    output: clusterCostsSchema,
    mutates: true,
    run: (ctx, c) => {
      if (!getCluster(ctx.db, c.cluster_id)) throw notFound('cluster_id', `cluster ${c.cluster_id} does not exist`);
      store.upsertClusterCosts(ctx.db, c);
      return store.listClusterCosts(ctx.db).find((x) => x.cluster_id === c.cluster_id)!;
    },
  }),

  'energy.reference': method({
    input: z.object({}).default({}),
    output: z.object({
      rows: z.array(z.object({
        id: z.number(), region: z.string(), tariff_type: z.string(), price: z.string(), currency: z.string(), unit: z.string(),
        date: z.string(), source_url: z.string(), notes: z.string(),
      })),
      assumptions: z.object({
        idle_fraction: z.number(), idle_source: z.string(), useful_life_months: z.number(),
        server_overhead: z.record(z.string(), z.object({ factor: z.number(), source: z.string(), assumed: z.boolean() })),
      }),
    }),
    run: (ctx) => ({
      rows: store.listEnergyReference(ctx.db),
      assumptions: {
        idle_fraction: DEFAULT_IDLE_FRACTION, idle_source: IDLE_FRACTION_SOURCE, useful_life_months: DEFAULT_USEFUL_LIFE_MONTHS,
        server_overhead: { ...SERVER_OVERHEAD },
      },
    }),
  }),

  'burn.compute': method({
    input: burnRequestSchema,
    output: burnResultSchema,
    run: (ctx, r) => {
      if (Number(r.start_month.slice(0, 4)) * 12 + Number(r.start_month.slice(5, 7)) - 1 + r.months > 9999 * 12 + 12) {
        throw badRequest('months', 'the horizon must end by 9999-12');
      }
      const months = monthRange(r.start_month, r.months);
      const utilisation = r.utilisation
        ? Object.fromEntries(Object.entries(r.utilisation).map(([k, v]) => [k, Array.isArray(v) ? v : months.map(() => v)]))
        : undefined;
      try {
        const w = worldOf(ctx, { scenario: r.scenario ?? null });
        // A scenario's fleet: the clusters its pools use, each with the share of its GPUs.
        let clusters: Map<number, number> | undefined;
        if (w.scenario) {
          clusters = new Map();
          for (const p of w.scenario.pools) for (const c of p.clusters) clusters.set(c.cluster_id, Math.min(1, (clusters.get(c.cluster_id) ?? 0) + c.share));
        }
        return burnOfWorld(w, { ...r, utilisation, clusters });
      } catch (e) {
        if (e instanceof FxMissingError) throw new ApiError('bad_request', e.message, 'currency', { from: e.from, to: e.to, month: e.month });
        if (e instanceof BurnInputError) throw badRequest(e.field, e.message);
        if (e instanceof TariffError || e instanceof MoneyError || e instanceof UnknownCurrencyError) throw badRequest('', e.message);
        throw e;
      }
    },
  }),
};
