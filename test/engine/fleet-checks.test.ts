// Pins the fleet checks behind the Inventory and Catalog warnings besides power (issue 18): bought or
// leased clusters without a cost, and estimated/unofficial specs of the GPUs in the fleet only.
import { describe, it, expect } from 'vitest';
import { costWarnings, specWarnings, fleetWarnings } from '../../src-main/engine/fleet-checks';

const specs = [
  { gpu_id: 'h20', field: 'memory_gb', confidence: 'unofficial' as const },
  { gpu_id: 'h20', field: 'tdp_w', confidence: 'unofficial' as const },
  { gpu_id: 'h20', field: 'fp8_dense_tflops', confidence: 'estimated' as const },
  { gpu_id: 'h100', field: 'memory_gb', confidence: 'official' as const },
  { gpu_id: 'b200', field: 'tdp_w', confidence: 'estimated' as const },
];

describe('fleet checks', () => {
  it('bought and leased clusters without a unit cost are flagged; cloud and costed ones are not', () => {
    const w = costWarnings([
      { id: 1, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: null },
      { id: 2, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'lease', unit_cost: ' ' },
      { id: 3, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'cloud', unit_cost: null },
      { id: 4, site: 'A', gpu_id: 'h20', gpus: 8, mode: 'buy', unit_cost: '100' },
    ]);
    expect(w.map((x) => x.cluster_id)).toEqual([1, 2]);
    expect(w.every((x) => x.code === 'cluster_without_cost' && x.site === 'A' && x.gpu_id === 'h20')).toBe(true);
    expect(w[0].message).toBe("Cluster 1 (A, h20): no unit cost entered; costs use the price book's price, or 0 when it has none");
  });

  it('spec warnings name the fields, once per GPU in the fleet, unofficial before estimated; official and unused GPUs are silent', () => {
    const w = specWarnings(['h20', 'h100', 'h20'], specs);
    expect(w.map((x) => [x.code, x.gpu_id, x.fields])).toEqual([
      ['spec_unofficial', 'h20', 'memory_gb, tdp_w'],
      ['spec_estimated', 'h20', 'fp8_dense_tflops'],
    ]);
    expect(specWarnings([], specs)).toEqual([]);
  });

  it('fleetWarnings: costs first, then specs of the GPUs the clusters use', () => {
    const all = fleetWarnings([
      { id: 7, site: 'Zhongwei', gpu_id: 'h20', gpus: 100_000, mode: 'buy', unit_cost: null },
      { id: 8, site: 'Zhongwei', gpu_id: 'b200', gpus: 8, mode: 'cloud', unit_cost: null },
    ], specs);
    expect(all.map((x) => [x.code, x.cluster_id ?? x.gpu_id])).toEqual([
      ['cluster_without_cost', 7], ['spec_unofficial', 'h20'], ['spec_estimated', 'h20'], ['spec_estimated', 'b200'],
    ]);
  });
});

describe('catalog spec warnings', () => {
  it('unofficial figures for every GPU; estimated ones only for GPUs in the fleet', async () => {
    const { catalogSpecWarnings } = await import('../../src-main/engine/fleet-checks');
    expect(catalogSpecWarnings(['b200', 'h100', 'h20'], [], specs).map((x) => [x.code, x.gpu_id])).toEqual([['spec_unofficial', 'h20']]);
    expect(catalogSpecWarnings(['b200', 'h100', 'h20'], ['b200'], specs).map((x) => [x.code, x.gpu_id])).toEqual([
      ['spec_estimated', 'b200'], ['spec_unofficial', 'h20'],
    ]);
  });

  it('on the shipped spec sources: the GPUs marked unofficial are exactly the rows saying so', async () => {
    const { readSpecSources } = await import('../../src-main/api/domains/catalog');
    const { catalogSpecWarnings } = await import('../../src-main/engine/fleet-checks');
    const path = await import('node:path');
    const rows = readSpecSources(path.resolve(__dirname, '..', '..'));
    const unofficial = [...new Set(rows.filter((r) => r.confidence === 'unofficial').map((r) => r.gpu_id))].sort();
    expect(unofficial.length).toBeGreaterThan(0);
    const ids = [...new Set(rows.map((r) => r.gpu_id))];
    expect(catalogSpecWarnings(ids, [], rows).map((w) => w.gpu_id).sort()).toEqual(unofficial);
  });
});
