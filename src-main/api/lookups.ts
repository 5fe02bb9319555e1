// Lookups the API domains share: a site or GPU named by the caller (with "did you mean"), a
// site's cost row with its effective server overhead, and the common id/deleted shapes.
import { z } from 'zod';
import { ApiError, notFound } from './errors.js';
import type { AppContext } from './context.js';
import { closest, didYouMean } from '../shared/suggest.js';
import { SERVER_OVERHEAD } from '../engine/power/power.js';
import { getSiteByName, gpuIds, listSites } from '../store/inventory.js';
import type { SiteCostRow } from '../store/money.js';

/** The id of the site with this name; not_found with suggestions otherwise. */
export function resolveSite(ctx: AppContext, name: string): number {
  const s = getSiteByName(ctx.db, name);
  if (!s) {
    const names = listSites(ctx.db).map((x) => x.name);
    const hint = names.length ? didYouMean(closest(name, names)) : ' (no sites yet: add one first)';
    throw notFound('site', `unknown site "${name}"${hint}`);
  }
  return s.id;
}

/** A catalog GPU id (or '*' = every type, where `anyAllowed`); bad_request with suggestions otherwise. */
export function resolveGpu(ctx: AppContext, id: string, field = 'gpu_id', anyAllowed = false): string {
  if (anyAllowed && id === '*') return id;
  const ids = gpuIds(ctx.db);
  if (!ids.includes(id)) {
    const any = anyAllowed ? " ('*' = every type)" : '';
    throw new ApiError('bad_request', `${field}: unknown GPU "${id}"${any}; did you mean ${closest(id, ids).join(', ')}?`, field, { suggestions: closest(id, ids) });
  }
  return id;
}

/** A site's cost row with the server overhead in force and where that figure comes from. */
export const withOverhead = (r: SiteCostRow) => {
  const typed = SERVER_OVERHEAD[r.server_type] ?? SERVER_OVERHEAD.default;
  return {
    ...r,
    effective_server_overhead: r.server_overhead ?? typed.factor,
    overhead_source: r.server_overhead !== null ? (r.source || 'set by the user') : typed.source,
    overhead_assumed: r.server_overhead === null && typed.assumed,
  };
};

export const idInput = z.object({ id: z.number().int() });
export const deletedOutput = z.object({ deleted: z.boolean() });
