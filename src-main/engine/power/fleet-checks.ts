// Fleet checks (pure, issue 18): what the Inventory, Sites and Catalog pages warn about at their
// top — a site whose installed GPUs draw more nameplate power than its limit, clusters whose cost
// is not entered (the price book's price is used, or 0 when it has none), and GPUs in the fleet
// whose datasheet figures are estimated or unofficial. The power figure is the same one the
// Inventory page shows: the sum of datasheet TDP of the GPUs installed (servers and cooling not
// included), so a site flagged here is over its limit before any overhead is added.

export interface CheckSite { name: string; power_limit_kw: number }
export interface CheckCluster { id: number; site: string; gpu_id: string; gpus: number; mode: string; unit_cost: string | null }
export interface CheckGpu { id: string; tdp_w: number | null }
export interface CheckSpec { gpu_id: string; field: string; confidence: 'official' | 'estimated' | 'unofficial' }

export interface SitePower {
  site: string;
  /** Nameplate GPU power installed, kW (Σ GPUs × TDP ÷ 1000). */
  kw: number;
  /** The site's limit, kW; 0 means the site has no limit entered. */
  limit_kw: number;
  /** kW above the limit (0 when within it or when there is no limit). */
  over_kw: number;
  gpus: number;
}

export type FleetWarningCode = 'site_over_power' | 'cluster_without_cost' | 'spec_estimated' | 'spec_unofficial';

export interface FleetWarning {
  code: FleetWarningCode;
  /** English sentence (the UI words it by its code). */
  message: string;
  site?: string;
  cluster_id?: number;
  gpu_id?: string;
  kw?: number;
  limit_kw?: number;
  over_kw?: number;
  /** Spec fields concerned, comma-separated (spec_* codes). */
  fields?: string;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Nameplate power per site, in the order of `sites`. A GPU without a TDP counts 0 W. */
export function sitePower(sites: readonly CheckSite[], clusters: readonly CheckCluster[], gpus: readonly CheckGpu[]): SitePower[] {
  const tdp = new Map(gpus.map((g) => [g.id, g.tdp_w ?? 0]));
  const w = new Map<string, number>();
  const n = new Map<string, number>();
  for (const c of clusters) {
    w.set(c.site, (w.get(c.site) ?? 0) + c.gpus * (tdp.get(c.gpu_id) ?? 0));
    n.set(c.site, (n.get(c.site) ?? 0) + c.gpus);
  }
  return sites.map((s) => {
    const kw = (w.get(s.name) ?? 0) / 1000;
    const over = s.power_limit_kw > 0 && kw > s.power_limit_kw ? kw - s.power_limit_kw : 0;
    return { site: s.name, kw, limit_kw: s.power_limit_kw, over_kw: over, gpus: n.get(s.name) ?? 0 };
  });
}

/** Sites whose installed GPUs exceed their power limit (sites without a limit are never over). */
export function powerWarnings(sites: readonly CheckSite[], clusters: readonly CheckCluster[], gpus: readonly CheckGpu[]): FleetWarning[] {
  return sitePower(sites, clusters, gpus)
    .filter((p) => p.over_kw > 0)
    .map((p) => ({
      code: 'site_over_power' as const,
      message: `Site ${p.site}: ${round1(p.kw)} kW of GPU nameplate power installed, ${round1(p.over_kw)} kW over its ${p.limit_kw} kW power limit`,
      site: p.site, kw: round1(p.kw), limit_kw: p.limit_kw, over_kw: round1(p.over_kw),
    }));
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

/** Everything the Inventory page warns about: power first, then costs, then specs of GPUs in use. */
export function fleetWarnings(sites: readonly CheckSite[], clusters: readonly CheckCluster[], gpus: readonly CheckGpu[], specs: readonly CheckSpec[]): FleetWarning[] {
  return [...powerWarnings(sites, clusters, gpus), ...costWarnings(clusters), ...specWarnings(clusters.map((c) => c.gpu_id), specs)];
}

/** After a save touching `site`: the site's power if the save left it over its limit, else null. */
export function overAfterSave(site: string, sites: readonly CheckSite[], clusters: readonly CheckCluster[], gpus: readonly CheckGpu[]): SitePower | null {
  const p = sitePower(sites.filter((s) => s.name === site), clusters, gpus)[0];
  return p && p.over_kw > 0 ? p : null;
}
