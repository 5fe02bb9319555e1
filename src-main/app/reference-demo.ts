// The demo's price book holds the public reference prices shipped in db/seed as their own
// dated, sourced lists (one per source and provider/region, flagged reference = 1, migration
// 0150), so `prices list` and the Prices page show what the plan falls back to. The burn and
// the optimiser still prefer the planner's own lists and read these figures from db/seed.
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../shared/csv.js';
import type { WritableDB } from '../store/handles.js';
import { insertItems, insertList, type PriceItemWrite } from '../store/prices.js';
import { listGpus } from '../store/inventory.js';

const day = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d : /^\d{4}-\d{2}$/.test(d) ? `${d}-01` : /^\d{4}$/.test(d) ? `${d}-01-01` : null);
const DECIMAL = /^\d+(\.\d+)?$/;

interface RefList { vendor: string; file: string; notes: string; items: PriceItemWrite[] }

function rows(appRoot: string, file: string): { rec: Record<string, string>; row: number }[] {
  let text: string;
  try { text = fs.readFileSync(path.join(appRoot, 'db', 'seed', file), 'utf8'); } catch { return []; }
  const [head, ...body] = parseCsv(text);
  if (!head) return [];
  // Record number with the header as 1, as the exports cite it.
  return body.map((cells, i) => ({ rec: Object.fromEntries(head.map((h, j) => [h, cells[j] ?? ''])), row: i + 2 }));
}

/** The reference lists, grouped by source file and provider (cloud) or region (purchase). */
export function referenceLists(appRoot: string, known: (gpuId: string) => boolean): RefList[] {
  const lists = new Map<string, RefList>();
  const add = (key: string, vendor: string, file: string, item: PriceItemWrite) => {
    let l = lists.get(key);
    if (!l) lists.set(key, l = { vendor, file, notes: `Public reference prices from db/seed/${file} (each item's text names its source); shown for reference, never preferred over your own price lists.`, items: [] });
    l.items.push(item);
  };
  for (const { rec: r, row } of rows(appRoot, 'cloud_prices_public.csv')) {
    const valid = day(r.date ?? '');
    if (r.pricing !== 'on_demand' || !r.gpu_id || !known(r.gpu_id) || !valid || !DECIMAL.test(r.price_per_hour ?? '') || !/^\d+$/.test(r.gpus ?? '')) continue;
    add(`cloud|${r.provider}`, `${r.provider} on demand (public)`, 'cloud_prices_public.csv', {
      gpu_id: r.gpu_id, kind: 'cloud_hour', gpus_per_unit: Number(r.gpus), unit_price: r.price_per_hour, currency: r.currency, tax_included: null,
      lead_time_weeks: null, min_qty: null, valid_from: valid, source_sheet: 'cloud_prices_public.csv', source_row: row,
      source_text: `${r.provider} ${r.instance} ${r.region}: ${r.source_url}${r.notes ? ` — ${r.notes}` : ''}`,
    });
  }
  for (const { rec: r, row } of rows(appRoot, 'gpu_prices_public.csv')) {
    // New-unit purchase prices only (not grey market, used, consumer MSRP or rentals), as the plan's fallback reads them.
    const m = /^(gpu_price|gpu_list_price|8gpu_server_price|8card_server_price|8gpu_module_price)$/.exec(r.item ?? '');
    const valid = day(r.date ?? '');
    if (!m || !r.gpu_id || !known(r.gpu_id) || !valid || !DECIMAL.test(r.price ?? '')) continue;
    const server = m[1].startsWith('8');
    const region = r.region || 'public';
    add(`gpu|${region}`, `Public reports: ${region}`, 'gpu_prices_public.csv', {
      gpu_id: r.gpu_id, kind: server ? 'server' : 'gpu', gpus_per_unit: server ? 8 : 1, unit_price: r.price, currency: r.currency, tax_included: null,
      lead_time_weeks: null, min_qty: null, valid_from: valid, source_sheet: 'gpu_prices_public.csv', source_row: row,
      source_text: `${r.item}: ${r.source_url}${r.notes ? ` — ${r.notes}` : ''}`,
    });
  }
  return [...lists.values()];
}

/** Writes the reference lists (in the caller's transaction); imported_at = the newest item date. */
export function insertReferencePriceLists(db: WritableDB, appRoot: string): number {
  const known = new Set(listGpus(db).map((g) => g.id));
  let n = 0;
  for (const l of referenceLists(appRoot, (g) => known.has(g))) {
    const newest = l.items.reduce((m, i) => (i.valid_from! > m ? i.valid_from! : m), '');
    const id = insertList(db, { vendor: l.vendor, file_name: null, sha256: null, imported_at: `${newest}T00:00:00.000Z`, valid_from: null, kind: 'manual', notes: l.notes, reference: true });
    n += insertItems(db, id, l.items);
  }
  return n;
}
