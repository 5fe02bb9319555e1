// Public reference prices shipped in db/seed (gpu_prices_public.csv, cloud_prices_public.csv),
// parsed once per app root: as price-book rows for the burn and as per-GPU offers for the
// optimiser. Used only where the planner's own price book has no price.
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../shared/csv.js';
import { isDecimal, parseDecimal, rescaleUnits, unitsToDecimal, divRound } from '../engine/money/index.js';
import type { ReferenceOffer, ReferencePrices } from '../engine/plan/world.js';

const trimZeros = (d: string) => (d.includes('.') ? d.replace(/0+$/, '').replace(/\.$/, '') : d);
// Exact per-GPU share of a unit price (an 8-GPU server, a 4-GPU instance), half-even at
// `places`: float division then Math.round drifted a cent on some inputs.
const perGpu = (price: string, gpus: number, places: number): string => {
  const { units, scale } = parseDecimal(price);
  return trimZeros(unitsToDecimal(divRound(rescaleUnits(units, scale, places, 'half_even'), BigInt(gpus), 'half_even'), places));
};
const day = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : /^\d{4}-\d{2}$/.test(d) ? `${d}-01` : /^\d{4}$/.test(d) ? `${d}-01-01` : null);
const cache = new Map<string, ReferencePrices>();

export function referencePrices(appRoot: string | undefined): ReferencePrices {
  if (!appRoot) return { burn: [], procure: [] };
  const hit = cache.get(appRoot);
  if (hit) return hit;
  const read = (f: string) => { try { return parseCsvObjects(fs.readFileSync(path.join(appRoot, 'db', 'seed', f), 'utf8')); } catch { return []; } };
  const gpuRows = read('gpu_prices_public.csv');
  const cloudRows = read('cloud_prices_public.csv');
  const burn: ReferencePrices['burn'] = [];
  const procure: ReferenceOffer[] = [];
  let n = 0;
  for (const r of cloudRows) {
    const valid = day(r.date ?? '');
    if (r.pricing === 'on_demand' && r.gpu_id && valid && /^\d+(\.\d+)?$/.test(r.price_per_hour ?? '')) {
      burn.push({ id: `ref-cloud-${++n}`, list_id: 'cloud_prices_public.csv', vendor: r.provider, gpu_id: r.gpu_id, kind: 'cloud_hour', gpus_per_unit: Number(r.gpus) || 1,
        unit_price: r.price_per_hour, currency: r.currency, valid_from: valid, ...(r.region ? { region: r.region } : {}) });
    }
    const price = Number(r.price_per_hour);
    const gpus = Number.isInteger(Number(r.gpus)) && Number(r.gpus) > 0 ? Number(r.gpus) : 1;
    if (!r.gpu_id || !isDecimal(r.price_per_hour ?? '') || !(price > 0)) continue;
    const kind = r.pricing === 'on_demand' ? 'cloud_on_demand' : r.pricing === 'reserved_1y' || r.pricing === 'reserved_3y' ? 'cloud_reserved' : null;
    if (!kind) continue;
    procure.push({ gpu_id: r.gpu_id, kind, per_gpu: perGpu(r.price_per_hour, gpus, 6), currency: r.currency, date: r.date, term: r.pricing === 'reserved_3y' ? 36 : r.pricing === 'reserved_1y' ? 12 : undefined, source: `${r.provider} ${r.instance} (${r.source_url})`, ...(r.region ? { region: r.region } : {}) });
  }
  for (const r of gpuRows) {
    // New-unit purchase prices only (not grey market, used, consumer MSRP or rentals).
    const m = /^(gpu_price|gpu_list_price|8gpu_server_price|8card_server_price|8gpu_module_price)$/.exec(r.item ?? '');
    const valid = day(r.date ?? '');
    if (m && r.gpu_id && valid && /^\d+(\.\d+)?$/.test(r.price ?? '')) {
      burn.push({ id: `ref-gpu-${++n}`, list_id: 'gpu_prices_public.csv', vendor: r.region || 'public', gpu_id: r.gpu_id, kind: m[1].startsWith('8') ? 'server' : 'gpu',
        gpus_per_unit: m[1].startsWith('8') ? 8 : 1, unit_price: r.price, currency: r.currency, valid_from: valid });
    }
    const price = Number(r.price);
    if (!r.gpu_id || !isDecimal(r.price ?? '') || !(price > 0)) continue;
    if (r.item === 'lead_time' && r.unit === 'weeks') { procure.push({ gpu_id: r.gpu_id, kind: 'lead', per_gpu: r.price, currency: '', date: r.date, source: r.source_url }); continue; }
    if (!/^(gpu_price|gpu_list_price|8gpu_server_price|8card_server_price|8gpu_module_price|8accel_kit_price)$/.test(r.item)) continue;
    procure.push({ gpu_id: r.gpu_id, kind: 'buy', per_gpu: perGpu(r.price, /^8/.test(r.item) ? 8 : 1, 2), currency: r.currency, date: r.date, source: r.source_url });
  }
  const out = { burn, procure };
  cache.set(appRoot, out);
  return out;
}
