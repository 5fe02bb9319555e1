// Price lists and the price book (db/0030-price-lists.sql). Reads take ReadableDB, writes
// WritableDB; every statement binds its parameters. Money stays a decimal string.
import { Decimal } from 'decimal.js';
import type { ReadableDB, WritableDB } from './handles.js';
import type { ImportCatalog } from '../shared/rows.js';

export type ItemKind = 'gpu' | 'server' | 'cloud_hour' | 'lease_month';

export interface PriceListRow {
  id: number;
  vendor: string;
  file_name: string | null;
  sha256: string | null;
  imported_at: string;
  valid_from: string | null;
  kind: 'manual' | 'file';
  notes: string;
  /** What the import assumed (layout applied, currency default), one statement per line. */
  provenance: string;
  items: number;
  /** A shipped public reference list (migration 0150): shown, never preferred over your own prices. */
  reference: boolean;
}

export interface PriceItemWrite {
  gpu_id: string;
  kind: ItemKind;
  gpus_per_unit: number;
  unit_price: string;
  currency: string;
  tax_included: boolean | null;
  lead_time_weeks: number | null;
  min_qty: number | null;
  valid_from: string | null;
  source_sheet: string | null;
  source_row: number | null;
  source_text: string;
  /** Cloud region the price is for (db/0090); null = not said. */
  region?: string | null;
  /** Spot/preemptible price of the same unit, kept beside the on-demand one (db/0090). */
  spot_price?: string | null;
}

export interface PriceItemRow extends PriceItemWrite { id: number; price_list_id: number; region: string | null; spot_price: string | null }

/** The catalog as the importer needs it: GPU names/aliases from gpu_types plus confirmed aliases. */
export function importCatalog(db: ReadableDB): ImportCatalog {
  const gpus = db.prepare('SELECT id, name, aliases, form_factor, memory_gb FROM gpu_types ORDER BY id').all() as
    { id: string; name: string; aliases: string; form_factor: string; memory_gb: number }[];
  const userAliases = db.prepare('SELECT alias, gpu_id FROM gpu_aliases ORDER BY alias').all() as { alias: string; gpu_id: string }[];
  return {
    gpus: gpus.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases.split(';').map((a) => a.trim()).filter(Boolean), form_factor: g.form_factor, memory_gb: g.memory_gb })),
    userAliases,
  };
}

export function gpuExists(db: ReadableDB, id: string): boolean {
  return db.prepare('SELECT 1 FROM gpu_types WHERE id = ?').get(id) !== undefined;
}

export function listByHash(db: ReadableDB, sha256: string): number | null {
  const r = db.prepare('SELECT id FROM price_lists WHERE sha256 = ? ORDER BY id LIMIT 1').get(sha256) as { id: number } | undefined;
  return r?.id ?? null;
}

export function insertList(db: WritableDB, l: { vendor: string; file_name: string | null; sha256: string | null; imported_at: string; valid_from: string | null; kind: 'manual' | 'file'; notes: string; reference?: boolean; provenance?: string }): number {
  const r = db.prepare(`INSERT INTO price_lists (vendor, file_name, sha256, imported_at, valid_from, kind, notes, reference, provenance)
    VALUES (@vendor, @file_name, @sha256, @imported_at, @valid_from, @kind, @notes, @reference, @provenance)`).run({ ...l, reference: l.reference ? 1 : 0, provenance: l.provenance ?? '' });
  return Number(r.lastInsertRowid);
}

export function insertItems(db: WritableDB, listId: number, items: Iterable<PriceItemWrite>): number {
  const st = db.prepare(`INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, tax_included,
      lead_time_weeks, min_qty, valid_from, source_sheet, source_row, source_text, region, spot_price)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  for (const i of items) {
    st.run(listId, i.gpu_id, i.kind, i.gpus_per_unit, i.unit_price, i.currency, i.tax_included === null ? null : i.tax_included ? 1 : 0,
      i.lead_time_weeks, i.min_qty, i.valid_from, i.source_sheet, i.source_row, i.source_text, i.region ?? null, i.spot_price ?? null);
    n++;
  }
  return n;
}

export function listLists(db: ReadableDB): PriceListRow[] {
  return (db.prepare(`SELECT l.id, l.vendor, l.file_name, l.sha256, l.imported_at, l.valid_from, l.kind, l.notes, l.provenance, l.reference,
      (SELECT count(*) FROM price_items i WHERE i.price_list_id = l.id) AS items
    FROM price_lists l ORDER BY l.reference, l.imported_at DESC, l.id DESC`).all() as (Omit<PriceListRow, 'reference'> & { reference: number })[])
    .map((l) => ({ ...l, reference: Boolean(l.reference) }));
}

export function getList(db: ReadableDB, id: number): PriceListRow | undefined {
  return listLists(db).find((l) => l.id === id);
}

const itemCols = `id, price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, tax_included, lead_time_weeks, min_qty, valid_from,
  source_sheet, source_row, source_text, region, spot_price`;
const toItem = (r: PriceItemRow & { tax_included: number | null | boolean }): PriceItemRow => ({ ...r, tax_included: r.tax_included === null ? null : Boolean(r.tax_included) });

export function listItems(db: ReadableDB, listId: number): PriceItemRow[] {
  return (db.prepare(`SELECT ${itemCols} FROM price_items WHERE price_list_id = ? ORDER BY source_sheet, source_row, id`).all(listId) as PriceItemRow[]).map(toItem);
}

export function getItem(db: ReadableDB, id: number): (PriceItemRow & { vendor: string }) | undefined {
  const r = db.prepare(`SELECT i.${itemCols.split(', ').join(', i.')}, l.vendor FROM price_items i JOIN price_lists l ON l.id = i.price_list_id WHERE i.id = ?`).get(id) as (PriceItemRow & { vendor: string }) | undefined;
  return r ? { ...toItem(r), vendor: r.vendor } : undefined;
}

export function deleteList(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM price_lists WHERE id = ?').run(id).changes > 0;
}

export function upsertAlias(db: WritableDB, alias: string, gpuId: string, now: string): void {
  db.prepare(`INSERT INTO gpu_aliases (alias, gpu_id, created_at) VALUES (?, ?, ?)
    ON CONFLICT(alias) DO UPDATE SET gpu_id = excluded.gpu_id, created_at = excluded.created_at`).run(alias, gpuId, now);
}
export function listAliases(db: ReadableDB): { alias: string; gpu_id: string; created_at: string }[] {
  return db.prepare('SELECT alias, gpu_id, created_at FROM gpu_aliases ORDER BY alias').all() as { alias: string; gpu_id: string; created_at: string }[];
}
export function deleteAlias(db: WritableDB, alias: string): boolean {
  return db.prepare('DELETE FROM gpu_aliases WHERE alias = ?').run(alias).changes > 0;
}

/** A vendor's usual currency (used when a file of theirs names none), or null. */
export function getVendorCurrency(db: ReadableDB, vendor: string): string | null {
  const r = db.prepare('SELECT currency FROM vendor_currencies WHERE vendor = ?').get(vendor) as { currency: string } | undefined;
  return r?.currency ?? null;
}
export function listVendorCurrencies(db: ReadableDB): { vendor: string; currency: string; updated_at: string }[] {
  return db.prepare('SELECT vendor, currency, updated_at FROM vendor_currencies ORDER BY vendor').all() as { vendor: string; currency: string; updated_at: string }[];
}
export function setVendorCurrency(db: WritableDB, vendor: string, currency: string, now: string): void {
  db.prepare(`INSERT INTO vendor_currencies (vendor, currency, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(vendor) DO UPDATE SET currency = excluded.currency, updated_at = excluded.updated_at`).run(vendor, currency, now);
}
export function deleteVendorCurrency(db: WritableDB, vendor: string): boolean {
  return db.prepare('DELETE FROM vendor_currencies WHERE vendor = ?').run(vendor).changes > 0;
}

export function getMapping(db: ReadableDB, vendor: string): unknown | null {
  const r = db.prepare('SELECT mapping FROM vendor_mappings WHERE vendor = ?').get(vendor) as { mapping: string } | undefined;
  return r ? JSON.parse(r.mapping) : null;
}
export function saveMapping(db: WritableDB, vendor: string, mapping: unknown, now: string): void {
  db.prepare(`INSERT INTO vendor_mappings (vendor, mapping, updated_at) VALUES (?, ?, ?)
    ON CONFLICT(vendor) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at`).run(vendor, JSON.stringify(mapping), now);
}

// ---- the price book ----

/** Hours in an average month (8,760 / 12), for per-GPU-hour equivalents. */
export const HOURS_PER_MONTH = 730;
/** Purchase prices are spread over 36 months, straight line, for the per-GPU-hour equivalent. */
export const AMORTISATION_MONTHS = 36;
const DP = 6; // per-GPU and per-hour figures: 6 decimal places, rounded half-even

export interface PriceBookEntry {
  gpu_id: string;
  vendor: string;
  kind: ItemKind;
  unit_price: string;
  currency: string;
  gpus_per_unit: number;
  price_per_gpu: string;
  price_per_server: string | null;
  price_per_gpu_hour: string;
  tax_included: boolean | null;
  lead_time_weeks: number | null;
  min_qty: number | null;
  valid_from: string | null;
  upcoming: boolean;
  item_id: number;
  price_list_id: number;
  list_kind: 'manual' | 'file';
  /** From a shipped public reference list (not one of your own). */
  reference: boolean;
  file_name: string | null;
  source_sheet: string | null;
  source_row: number | null;
  source_text: string;
  /** The item's cloud region (null = not said): the book keeps one current price per region. */
  region: string | null;
  /** Spot price per unit beside the on-demand one, and per GPU-hour; null if none. */
  spot_price: string | null;
  spot_price_per_gpu_hour: string | null;
}

const half = (d: Decimal) => {
  const s = d.toDecimalPlaces(DP, Decimal.ROUND_HALF_EVEN).toFixed();
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
};

/**
 * Current price per GPU type, vendor, kind and region: the item with the latest valid_from on or
 * before `asOf` (undated items count as always valid), newest list first; if a vendor has
 * only future prices, the earliest one, marked upcoming. Normalised per GPU (unit ÷ GPUs,
 * half-even, 6 places) and per GPU-hour (cloud: ÷ GPUs; lease: ÷ 730 h; purchase: ÷ 36 × 730 h).
 */
export function priceBook(db: ReadableDB, asOf: string, gpuId?: string): PriceBookEntry[] {
  // One pass in SQL (a window per GPU, vendor and kind), so a book over hundreds of
  // thousands of imported rows never loads them all. The REAL cast only orders ties.
  const rows = db.prepare(`SELECT * FROM (
      SELECT i.${itemCols.split(', ').join(', i.')}, l.vendor, l.kind AS list_kind, l.file_name, l.reference,
        (i.valid_from IS NOT NULL AND i.valid_from > @asOf) AS future,
        ROW_NUMBER() OVER (PARTITION BY i.gpu_id, l.vendor, i.kind, COALESCE(i.region, '') ORDER BY
          (i.valid_from IS NOT NULL AND i.valid_from > @asOf),
          CASE WHEN i.valid_from IS NULL OR i.valid_from <= @asOf THEN COALESCE(i.valid_from, '') END DESC,
          CASE WHEN i.valid_from > @asOf THEN i.valid_from END ASC,
          i.price_list_id DESC,
          CAST(i.unit_price AS REAL) / i.gpus_per_unit ASC,
          i.id ASC) AS rn
      FROM price_items i JOIN price_lists l ON l.id = i.price_list_id
      WHERE @gpu IS NULL OR i.gpu_id = @gpu)
    WHERE rn = 1`).all({ asOf, gpu: gpuId ?? null }) as
    (PriceItemRow & { vendor: string; list_kind: 'manual' | 'file'; file_name: string | null; reference: number; tax_included: number | null; future: number })[];
  const out: PriceBookEntry[] = rows.map((pick) => {
    const pg = new Decimal(pick.unit_price).div(pick.gpus_per_unit);
    const perHour = pick.kind === 'cloud_hour' ? pg : pick.kind === 'lease_month' ? pg.div(HOURS_PER_MONTH) : pg.div(AMORTISATION_MONTHS * HOURS_PER_MONTH);
    return {
      gpu_id: pick.gpu_id, vendor: pick.vendor, kind: pick.kind, unit_price: pick.unit_price, currency: pick.currency, gpus_per_unit: pick.gpus_per_unit,
      price_per_gpu: half(pg), price_per_server: pick.kind === 'server' ? pick.unit_price : null, price_per_gpu_hour: half(perHour),
      tax_included: pick.tax_included === null ? null : Boolean(pick.tax_included), lead_time_weeks: pick.lead_time_weeks, min_qty: pick.min_qty,
      valid_from: pick.valid_from, upcoming: Boolean(pick.future), item_id: pick.id, price_list_id: pick.price_list_id, list_kind: pick.list_kind, reference: Boolean(pick.reference),
      file_name: pick.file_name, source_sheet: pick.source_sheet, source_row: pick.source_row, source_text: pick.source_text,
      region: pick.region ?? null, spot_price: pick.spot_price ?? null,
      spot_price_per_gpu_hour: pick.spot_price && pick.kind === 'cloud_hour' ? half(new Decimal(pick.spot_price).div(pick.gpus_per_unit)) : null,
    };
  });
  return out.sort((a, b) => a.gpu_id.localeCompare(b.gpu_id) || Number(a.reference) - Number(b.reference) || a.kind.localeCompare(b.kind) || new Decimal(a.price_per_gpu_hour).cmp(b.price_per_gpu_hour) || a.vendor.localeCompare(b.vendor)
    || (a.region ?? '').localeCompare(b.region ?? ''));
}
