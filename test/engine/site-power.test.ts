// engine/plan/site-power.ts: a site's power at full load against its limit, counted as the optimiser counts it.
import { describe, it, expect } from 'vitest';
import { sitePower, sitePowerWarnings, type PowerCluster } from '../../src-main/engine/plan/site-power.js';

const sites = [{ name: 'A', power_limit_kw: 6000, pue: 1.3 }, { name: 'B', power_limit_kw: 0, pue: 1.2 }];
const gpus = [{ id: 'h20', tdp_w: 400 }, { id: 'x', tdp_w: null }];
const hgx = () => ({ factor: 1.82, assumed: false });
const c = (id: number, site: string, gpu_id: string, n: number, from: string | null = null, to: string | null = null): PowerCluster =>
  ({ id, site, gpu_id, gpus: n, in_service_from: from, in_service_to: to });

describe('site power', () => {
  it('counts GPU TDP × server overhead × PUE at the busiest month from now on, and warns above the limit', () => {
    const rows = sitePower(sites, [c(1, 'A', 'h20', 100_000, '2026-01')], gpus, hgx, '2026-12');
    // Hand: 100,000 × 400 W = 40,000 kW × 1.82 × 1.3 = 94,640 kW; 88,640 over 6,000.
    expect(rows[0]).toMatchObject({ site: 'A', gpus: 100_000, gpu_kw: 40_000, facility_kw: 94_640, limit_kw: 6000, over_kw: 88_640, month: '2026-12' });
    expect(rows[1]).toMatchObject({ site: 'B', gpus: 0, facility_kw: 0, limit_kw: null, over_kw: 0 });
    const w = sitePowerWarnings(rows);
    expect(w.map((x) => [x.code, x.site, x.over_kw])).toEqual([['site_power_over_limit', 'A', 88_640]]);
    expect(w[0].message).toContain('94640 kW');
  });
  it('takes the month the fleet is largest: a cluster starting later counts from its start, one retired before now not at all', () => {
    const rows = sitePower(sites, [c(1, 'A', 'h20', 1000, null, '2026-06'), c(2, 'A', 'h20', 2000, '2027-03'), c(3, 'A', 'h20', 500, '2026-01', '2027-01')], gpus, hgx, '2026-12');
    // From 2026-12: 500 now, then 2,000 from 2027-03 (the 500 retired in 2027-01): the largest is 2,000 in 2027-03.
    expect(rows[0]).toMatchObject({ gpus: 2000, month: '2027-03' });
  });
  it('never lowers power when GPUs are added (property), and says when GPUs of unknown power count as 0 kW', () => {
    for (let n = 0; n < 50; n++) {
      const base = [c(1, 'A', 'h20', 1 + ((n * 37) % 900), '2026-01')];
      const more = [...base, c(2, 'A', 'h20', 1 + ((n * 13) % 400), n % 2 ? '2027-01' : null)];
      expect(sitePower(sites, more, gpus, hgx, '2026-12')[0].facility_kw).toBeGreaterThanOrEqual(sitePower(sites, base, gpus, hgx, '2026-12')[0].facility_kw);
    }
    const rows = sitePower(sites, [c(1, 'B', 'x', 64)], gpus, hgx, '2026-12');
    expect(rows[1]).toMatchObject({ unknown_tdp_gpus: 64, facility_kw: 0 });
    expect(sitePowerWarnings(rows).map((w) => [w.code, w.gpus])).toEqual([['site_power_unknown_tdp', 64]]);
  });
});
