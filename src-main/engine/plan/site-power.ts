// Power each site's fleet draws at full load against the site's limit (issue 18: 100,000 H20
// saved at a 6 MW site with no warning). Counted the way the optimiser counts a site's power
// (engine/procure/model.ts siteWatts): GPU TDP × the site's server overhead × PUE, at the month
// the fleet present at the site is largest. Pure: the caller passes rows it read.

export interface PowerSite { name: string; power_limit_kw: number; pue: number }
export interface PowerCluster { id: number; site: string; gpu_id: string; gpus: number; in_service_from: string | null; in_service_to: string | null }
export interface PowerGpu { id: string; tdp_w: number | null }
/** Server power ÷ GPU power at the site and whether that figure is an assumption. */
export interface PowerOverhead { factor: number; assumed: boolean }

export interface SitePower {
  site: string;
  /** GPUs present at the site in `month`. */
  gpus: number;
  /** GPU nameplate (TDP) kW of those GPUs. */
  gpu_kw: number;
  /** What the site must supply at full load: GPU kW × server overhead × PUE. */
  facility_kw: number;
  overhead: number;
  overhead_assumed: boolean;
  pue: number;
  /** null: the site has no power limit (0 = not modelled). */
  limit_kw: number | null;
  /** facility_kw − limit_kw when above the limit, else 0. */
  over_kw: number;
  /** The month the fleet at the site is largest (the month counted); null for an empty site. */
  month: string | null;
  /** GPUs of a type with no TDP in the catalog: counted as 0 W, and said so. */
  unknown_tdp_gpus: number;
}

export interface SitePowerWarning { code: 'site_power_over_limit' | 'site_power_unknown_tdp'; message: string; site: string; month: string | null; facility_kw: number; limit_kw: number | null; over_kw: number; gpus: number }

const present = (c: PowerCluster, month: string) => (c.in_service_from === null || c.in_service_from <= month) && (c.in_service_to === null || c.in_service_to >= month);
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Facility power per site at its busiest month (from `asOf` on: what is or will be there). */
export function sitePower(sites: readonly PowerSite[], clusters: readonly PowerCluster[], gpus: readonly PowerGpu[], overheadOf: (site: string) => PowerOverhead, asOf: string): SitePower[] {
  const tdp = new Map(gpus.map((g) => [g.id, g.tdp_w]));
  return sites.map((s) => {
    const here = clusters.filter((c) => c.site === s.name && (c.in_service_to === null || c.in_service_to >= asOf));
    // The fleet only grows at a cluster's start: the largest month is now or one of those starts.
    const months = [...new Set([asOf, ...here.map((c) => c.in_service_from).filter((m): m is string => m !== null && m > asOf)])].sort();
    let best = { month: null as string | null, gpus: 0, w: 0, unknown: 0 };
    for (const m of months) {
      const at = here.filter((c) => present(c, m));
      const w = at.reduce((a, c) => a + c.gpus * (tdp.get(c.gpu_id) ?? 0), 0);
      const unknown = at.filter((c) => !tdp.get(c.gpu_id)).reduce((a, c) => a + c.gpus, 0);
      if (w > best.w || (best.month === null && at.length)) best = { month: m, gpus: at.reduce((a, c) => a + c.gpus, 0), w, unknown };
    }
    const oh = overheadOf(s.name);
    const gpuKw = best.w / 1000;
    const facilityKw = gpuKw * oh.factor * s.pue;
    const limit = s.power_limit_kw > 0 ? s.power_limit_kw : null;
    return {
      site: s.name, gpus: best.gpus, gpu_kw: round1(gpuKw), facility_kw: round1(facilityKw), overhead: oh.factor, overhead_assumed: oh.assumed, pue: s.pue,
      limit_kw: limit, over_kw: limit !== null && facilityKw > limit ? round1(facilityKw - limit) : 0, month: best.month, unknown_tdp_gpus: best.unknown,
    };
  });
}

/** A warning per site whose fleet needs more power than its limit, and per site counting GPUs of unknown power as 0 W. */
export function sitePowerWarnings(rows: readonly SitePower[]): SitePowerWarning[] {
  const out: SitePowerWarning[] = [];
  for (const r of rows) {
    if (r.limit_kw !== null && r.over_kw > 0) {
      out.push({
        code: 'site_power_over_limit',
        message: `site ${r.site}: ${r.gpus} GPUs need ${r.facility_kw} kW at full load (${r.gpu_kw} kW of GPUs × server overhead ${r.overhead} × PUE ${r.pue})${r.month ? ` in ${r.month}` : ''}, ${r.over_kw} kW above its ${r.limit_kw} kW limit`,
        site: r.site, month: r.month, facility_kw: r.facility_kw, limit_kw: r.limit_kw, over_kw: r.over_kw, gpus: r.gpus,
      });
    }
    if (r.unknown_tdp_gpus > 0) {
      out.push({
        code: 'site_power_unknown_tdp',
        message: `site ${r.site}: ${r.unknown_tdp_gpus} GPUs of a type with no TDP in the catalog are counted as 0 kW`,
        site: r.site, month: r.month, facility_kw: r.facility_kw, limit_kw: r.limit_kw, over_kw: r.over_kw, gpus: r.unknown_tdp_gpus,
      });
    }
  }
  return out;
}
