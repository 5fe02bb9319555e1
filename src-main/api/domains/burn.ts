// The burn.* methods: the fleet's monthly burn (the Burn page; one scenario's fleet or all), from one world snapshot.
import { method } from '../method.js';
import { ApiError, badRequest,} from '../errors.js';
import { TariffError } from '../../engine/power/tariff.js';
import { FxMissingError } from '../../engine/money/fx.js';
import { BurnInputError,} from '../../engine/burn/burn.js';
import { monthRange } from '../../engine/burn/months.js';
import { MoneyError } from '../../engine/money/money.js';
import { UnknownCurrencyError } from '../../engine/money/currency.js';
import { burnOfWorld } from '../../engine/plan/burn-input.js';
import { worldOf } from '../plan-runner.js';
import {
  burnRequestSchema, burnResultSchema,
} from '../schemas/money.js';




export const burnMethods = {
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
