// Pins the fleet checks behind the Inventory/Sites/Catalog warnings (issue 18): nameplate kW per
// site against its limit (no limit is never over), the save-time "over by N kW" figure, clusters
// without a cost, and estimated/unofficial specs of GPUs in the fleet only.
import { describe, it, expect } from 'vitest';
import { sitePower, powerWarnings, costWarnings, specWarnings, fleetWarnings, overAfterSave } from '../../src-main/engine/power/fleet-checks';

const sites = [{ name: 'Zhongwei', power_limit_kw: 6000 }, { name: 'Cloud', power_limit_kw: 0 }, { name: 'Empty', power_limit_kw: 100 }];
const gpus = [{ id: 'h20', tdp_w: 400 }, { id: 'h100', tdp_w: 700 }, { id: 'odd', tdp_w: null }];

describe('fleet checks', () => {
  it('100,000 H20 at a 6 MW site: 40,000 kW installed, 34,000 kW over', () => {
    const clusters = [{ id: 1, site: 'Zhongwei', gpu_id: 'h20', gpus: 100_000, mode: 'buy', unit_cost: '12000' }];
    const p = sitePower(sites, clusters, gpus);
    // by hand: 100,000 × 400 W = 40,000,000 W = 40,000 kW; 40,000 − 6,000 = 34,000 kW
    expect(p[0]).toEqual({ site: 'Zhongwei', kw: 40_000, limit_kw: 6000, over_kw: 34_000, gpus: 100_000 });
    expect(p[1]).toEqual({ site: 'Cloud', kw: 0, limit_kw: 0, over_kw: 0, gpus: 0 });
    const w = powerWarnings(sites, clusters, gpus);
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ code: 'site_over_power', site: 'Zhongwei', kw: 40_000, limit_kw: 6000, over_kw: 34_000 });
    expect(w[0].message).toContain('34000 kW over its 6000 kW');
    expect(overAfterSave('Zhongwei', sites, clusters, gpus)?.over_kw).toBe(34_000);
  });

  it('within the limit, at exactly the limit, and with no limit: no warning', () => {
    // 8,571 × 700 W = 5,999.7 kW < 6,000; 15,000 × 400 W = 6,000 kW (= limit, not over)
    expect(powerWarnings(sites, [{ id: 1, site: 'Zhongwei', gpu_id: 'h100', gpus: 8571, mode: 'buy', unit_cost: '1' }], gpus)).toEqual([]);
    expect(powerWarnings(sites, [{ id: 1, site: 'Zhongwei', gpu_id: 'h20', gpus: 15_000, mode: 'buy', unit_cost: '1' }], gpus)).toEqual([]);
    expect(powerWarnings(sites, [{ id: 1, site: 'Cloud', gpu_id: 'h100', gpus: 1_000_000, mode: 'cloud', unit_cost: null }], gpus)).toEqual([]);
    expect(overAfterSave('Cloud', sites, [{ id: 1, site: 'Cloud', gpu_id: 'h100', gpus: 1_000_000, mode: 'cloud', unit_cost: null }], gpus)).toBeNull();
  });

  it('sums clusters of several GPU types at one site; a GPU without TDP counts 0 W', () => {
    const clusters = [
      { id: 1, site: 'Empty', gpu_id: 'h100', gpus: 100, mode: 'buy', unit_cost: '1' }, // 70 kW
      { id: 2, site: 'Empty', gpu_id: 'h20', gpus: 100, mode: 'buy', unit_cost: '1' }, // 40 kW
      { id: 3, site: 'Empty', gpu_id: 'odd', gpus: 999, mode: 'buy', unit_cost: '1' },
    ];
    const p = sitePower(sites, clusters, gpus)[2];
    expect(p.kw).toBeCloseTo(110, 9);
    expect(p.over_kw).toBeCloseTo(10, 9);
    expect(p.gpus).toBe(1199);
  });

  it('bought and leased clusters without a unit cost are flagged; cloud and costed ones are not', () => {
    const w = costWarnings([
      { id: 1, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: null },
      { id: 2, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'lease', unit_cost: ' ' },
      { id: 3, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'cloud', unit_cost: null },
      { id: 4, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: '100' },
    ]);
    expect(w.map((x) => x.cluster_id)).toEqual([1, 2]);
    expect(w.every((x) => x.code === 'cluster_without_cost')).toBe(true);
  });

  it('spec warnings name the fields, per GPU in the fleet, unofficial before estimated', () => {
    const specs = [
      { gpu_id: 'h20', field: 'memory_gb', confidence: 'unofficial' as const },
      { gpu_id: 'h20', field: 'tdp_w', confidence: 'unofficial' as const },
      { gpu_id: 'h20', field: 'fp8_dense_tflops', confidence: 'estimated' as const },
      { gpu_id: 'h100', field: 'memory_gb', confidence: 'official' as const },
      { gpu_id: 'b200', field: 'tdp_w', confidence: 'estimated' as const },
    ];
    const w = specWarnings(['h20', 'h100', 'h20'], specs);
    expect(w.map((x) => [x.code, x.gpu_id, x.fields])).toEqual([
      ['spec_unofficial', 'h20', 'memory_gb, tdp_w'],
      ['spec_estimated', 'h20', 'fp8_dense_tflops'],
    ]);
    const all = fleetWarnings(sites, [{ id: 1, site: 'Zhongwei', gpu_id: 'h20', gpus: 100_000, mode: 'buy', unit_cost: null }], gpus, specs);
    expect(all.map((x) => x.code)).toEqual(['site_over_power', 'cluster_without_cost', 'spec_unofficial', 'spec_estimated']);
  });
});
