// The tariffs.* methods: each site's electricity tariffs (flat or time-of-use bands, demand charges), dated.
import { z } from 'zod';
import { method } from '../method.js';
import { resolveSite, idInput, deletedOutput } from '../lookups.js';
import { badRequest, notFound } from '../errors.js';
import { bandsToHourly, TariffError } from '../../engine/power/tariff.js';
import * as store from '../../store/money.js';
import { tariffInputSchema, tariffRowSchema,
} from '../schemas/money.js';




export const tariffsMethods = {
  'tariffs.list': method({
    input: z.object({ site: z.string().optional() }).default({}),
    output: z.array(tariffRowSchema),
    run: (ctx, { site }) => store.listTariffs(ctx.db, site === undefined ? undefined : resolveSite(ctx, site)),
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
        site_id: resolveSite(ctx, t.site), effective_from: t.effective_from, currency: t.currency, kind: t.kind,
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
    input: idInput, output: deletedOutput, mutates: true,
    run: (ctx, { id }) => {
      if (!store.deleteTariff(ctx.db, id)) throw notFound('id', `tariff ${id} does not exist`);
      return { deleted: true };
    },
  }),
};
