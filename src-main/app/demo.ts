// The demo database: sites and clusters whose figures trace to db/seed (gpu_prices_public.csv,
// electricity_public.csv). Figures no source gives are marked "assumed" in the notes.
import type { WritableDB } from '../store/handles.js';
import { insertCluster, insertSite, type ClusterWrite } from '../store/inventory.js';

export interface DemoSite { name: string; country: string; region: string; power_limit_kw: number; pue: number; notes: string }
export interface DemoCluster extends Omit<ClusterWrite, 'site_id'> { site: string }

export const DEMO_SITES: DemoSite[] = [
  { name: 'Virginia-1', country: 'US', region: 'us-east (Ashburn, VA)', power_limit_kw: 12000, pue: 1.2,
    notes: 'PUE 1.2: Epoch AI AI-datacentre assumption (electricity_public.csv). Power limit 12 MW: assumed (typical hall size, no source).' },
  { name: 'Oregon-Cloud', country: 'US', region: 'us-west-2 (cloud)', power_limit_kw: 0, pue: 1.1,
    notes: 'Cloud capacity: power is the provider\'s. PUE 1.1: Google fleet figure (electricity_public.csv), used for energy reporting only.' },
  { name: 'Ulanqab', country: 'CN', region: 'Inner Mongolia (national hub node)', power_limit_kw: 8000, pue: 1.25,
    notes: 'PUE 1.25: China hub-node policy target (electricity_public.csv). Power limit 8 MW: assumed.' },
  { name: 'Zhongwei', country: 'CN', region: 'Ningxia (Zhongwei cloud base)', power_limit_kw: 6000, pue: 1.15,
    notes: 'PUE 1.15: China Telecom Ningxia AI DC (electricity_public.csv). Power limit 6 MW: assumed.' },
];

export const DEMO_CLUSTERS: DemoCluster[] = [
  { site: 'Virginia-1', gpu_id: 'h100-sxm', gpus: 1024, servers: 128, mode: 'buy', in_service_from: '2024-03', in_service_to: null,
    unit_cost: '30000', currency: 'USD', notes: 'Unit cost $30,000/GPU: Raymond James, Aug 2023 (gpu_prices_public.csv).' },
  { site: 'Virginia-1', gpu_id: 'a100-sxm-80gb', gpus: 2048, servers: 256, mode: 'lease', in_service_from: '2023-01', in_service_to: '2027-12',
    unit_cost: null, currency: null, notes: 'Leased; the monthly rate comes from the price book.' },
  { site: 'Oregon-Cloud', gpu_id: 'a100-sxm-40gb', gpus: 256, servers: 32, mode: 'cloud', in_service_from: '2025-01', in_service_to: null,
    unit_cost: null, currency: null, notes: 'AWS p4d.24xlarge on demand, $21.96/instance-hour (cloud_prices_public.csv).' },
  { site: 'Ulanqab', gpu_id: 'h20', gpus: 768, servers: 96, mode: 'buy', in_service_from: '2024-09', in_service_to: null,
    unit_cost: '110000', currency: 'CNY', notes: 'Unit cost ¥110,000/GPU (2024, gpu_prices_public.csv).' },
  { site: 'Zhongwei', gpu_id: 'ascend-910b', gpus: 1024, servers: 128, mode: 'buy', in_service_from: '2025-01', in_service_to: null,
    unit_cost: '187500', currency: 'CNY', notes: 'Derived: ¥1,500,000 per 8-card Atlas 800T A2 server (2024-03-25, gpu_prices_public.csv) / 8.' },
  { site: 'Ulanqab', gpu_id: 'l20', gpus: 256, servers: 32, mode: 'lease', in_service_from: '2025-06', in_service_to: '2028-05',
    unit_cost: null, currency: null, notes: 'Leased; rate from the price book.' },
];

/** Writes the demo sites and clusters (in the caller's transaction). */
export function insertDemoInventory(db: WritableDB): void {
  const ids = new Map<string, number>();
  for (const s of DEMO_SITES) ids.set(s.name, insertSite(db, s));
  for (const { site, ...c } of DEMO_CLUSTERS) insertCluster(db, { ...c, site_id: ids.get(site)! });
}
