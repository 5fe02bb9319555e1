// What an export reads besides the World (store/world.ts): the stored scenario's last-modified
// time and the provenance of each price-book row (vendor, file, sheet, row and its text), so the
// export's Prices sheet can point at the line of the file a price came from. Read-only; the one
// place this SQL lives (io/export/gather.ts takes the results, it never queries).
import type { ReadableDB } from './handles.js';
import { getScenarioRow } from './scenarios.js';

const hasTable = (db: ReadableDB, name: string) => !!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name);

/** The stored scenario's last-modified time (ISO), null when it is not stored. */
export function scenarioModified(db: ReadableDB, name: string): string | null {
  if (!hasTable(db, 'scenarios')) return null;
  return getScenarioRow(db, name)?.updated_at ?? null;
}

export interface PriceSourceRow {
  list_id: number; vendor: string; file_name: string | null; list_valid_from: string | null; imported_at: string;
  gpu_id: string; kind: string; unit_price: string; currency: string; valid_from: string | null;
  source_sheet: string | null; source_row: number | null; source_text: string;
}

/** Every price-book item that names a GPU type, with the list and file line it came from (vendor, list, row order). */
export function priceSources(db: ReadableDB): PriceSourceRow[] {
  if (!hasTable(db, 'price_items')) return [];
  return db.prepare(`SELECT l.id AS list_id, l.vendor, l.file_name, l.valid_from AS list_valid_from, l.imported_at, i.gpu_id, i.kind, i.unit_price, i.currency,
      i.valid_from, i.source_sheet, i.source_row, i.source_text
    FROM price_items i JOIN price_lists l ON l.id = i.price_list_id WHERE i.gpu_id IS NOT NULL ORDER BY l.vendor, l.id, i.source_row, i.id`).all() as PriceSourceRow[];
}
