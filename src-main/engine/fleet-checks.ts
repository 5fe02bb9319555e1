// Fleet checks (pure, issue 18): what the Inventory and Catalog pages warn about at their top,
// besides a site's power (engine/plan/site-power.ts) — bought or leased clusters whose cost is not
// entered (the price book's price is used, or 0 when it has none), and GPUs whose datasheet
// figures are estimated or unofficial (db/seed/gpu_spec_sources.csv).

export interface CheckCluster { id: number; site: string; gpu_id: string; gpus: number; mode: string; unit_cost: string | null }
export interface CheckSpec { gpu_id: string; field: string; confidence: 'official' | 'estimated' | 'unofficial' }

export type FleetWarningCode = 'cluster_without_cost' | 'spec_estimated' | 'spec_unofficial';

export interface FleetWarning {
  code: FleetWarningCode;
  /** English sentence (the UI words it by its code). */
  message: string;
  site?: string;
  cluster_id?: number;
  gpu_id?: string;
  /** Spec fields concerned, comma-separated (spec_* codes). */
  fields?: string;
}

/** Bought or leased clusters without a unit cost: their cost comes from the price book, or is 0. */
export function costWarnings(clusters: readonly CheckCluster[]): FleetWarning[] {
  return clusters
    .filter((c) => (c.mode === 'buy' || c.mode === 'lease') && (c.unit_cost === null || c.unit_cost.trim() === ''))
    .map((c) => ({
      code: 'cluster_without_cost' as const,
      message: `Cluster ${c.id} (${c.site}, ${c.gpu_id}): no unit cost entered; costs use the price book's price, or 0 when it has none`,
      cluster_id: c.id, site: c.site, gpu_id: c.gpu_id,
    }));
}

/** GPUs (those in `gpuIds`, in that order, each once) with estimated or unofficial spec figures;
 * one warning per GPU and confidence, naming the fields. */
export function specWarnings(gpuIds: readonly string[], specs: readonly CheckSpec[]): FleetWarning[] {
  const out: FleetWarning[] = [];
  for (const id of new Set(gpuIds)) {
    for (const conf of ['unofficial', 'estimated'] as const) {
      const fields = specs.filter((s) => s.gpu_id === id && s.confidence === conf).map((s) => s.field);
      if (!fields.length) continue;
      const list = [...new Set(fields)].join(', ');
      out.push({
        code: conf === 'unofficial' ? 'spec_unofficial' : 'spec_estimated',
        message: `${id}: ${conf} datasheet figures (${list})`,
        gpu_id: id, fields: list,
      });
    }
  }
  return out;
}

/** What the Inventory page warns about besides power: clusters without a cost, then specs of GPUs in use. */
export function fleetWarnings(clusters: readonly CheckCluster[], specs: readonly CheckSpec[]): FleetWarning[] {
  return [...costWarnings(clusters), ...specWarnings(clusters.map((c) => c.gpu_id), specs)];
}

/** What the Catalog page warns about: every GPU with unofficial figures (no vendor datasheet), and
 * estimated figures only for GPUs the fleet holds (most catalogue rows carry some estimate; the
 * ones in use are the ones plans rest on). Catalogue order. */
export function catalogSpecWarnings(catalogIds: readonly string[], fleetIds: readonly string[], specs: readonly CheckSpec[]): FleetWarning[] {
  const inFleet = new Set(fleetIds);
  return specWarnings(catalogIds, specs).filter((w) => w.code === 'spec_unofficial' || inFleet.has(w.gpu_id!));
}
