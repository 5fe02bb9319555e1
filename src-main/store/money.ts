// FX rates, site cost extras, tariffs, cluster cost terms and fixed cost items (migration
// 0040): the one place their SQL lives. Money stays decimal text end to end.
import type { ReadableDB, WritableDB } from './handles.js';
import type { TouBand } from '../engine/power/tariff.js';

export interface FxRow { id: number; base: string; quote: string; rate: string; effective_from: string; source: string; notes: string }
export type FxWrite = Omit<FxRow, 'id'>;

export function listFx(db: ReadableDB): FxRow[] {
  return db.prepare('SELECT id, base, quote, rate, effective_from, source, notes FROM fx_rates ORDER BY base, quote, effective_from').all() as FxRow[];
}
export function upsertFx(db: WritableDB, r: FxWrite): number {
  const row = db.prepare(`INSERT INTO fx_rates (base, quote, rate, effective_from, source, notes) VALUES (@base,@quote,@rate,@effective_from,@source,@notes)
    ON CONFLICT(base, quote, effective_from) DO UPDATE SET rate=excluded.rate, source=excluded.source, notes=excluded.notes RETURNING id`).get(r) as { id: number };
  return row.id;
}
export function deleteFx(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM fx_rates WHERE id = ?').run(id).changes > 0;
}

export interface SiteCostRow {
  site_id: number; site: string; country: string; pue: number;
  hosting_per_kw_month: string | null; hosting_currency: string | null;
  server_type: string; server_overhead: number | null; utc_offset_hours: number | null; source: string;
  /** Cloud regions the site may rent in (migration 0230; engine/procure/regions.ts); null = any. */
  cloud_region: string | null;
}
/** cloud_region undefined = leave the stored value as it is. */
export type SiteCostWrite = Omit<SiteCostRow, 'site' | 'country' | 'pue' | 'cloud_region'> & { cloud_region?: string | null };

export function listSiteCosts(db: ReadableDB): SiteCostRow[] {
  return db.prepare(`SELECT s.id AS site_id, s.name AS site, s.country, s.pue, c.hosting_per_kw_month, c.hosting_currency,
      coalesce(c.server_type, 'hgx_8gpu') AS server_type, c.server_overhead, c.utc_offset_hours, coalesce(c.source, '') AS source,
      c.cloud_region
    FROM sites s LEFT JOIN site_costs c ON c.site_id = s.id ORDER BY s.name`).all() as SiteCostRow[];
}
export function upsertSiteCosts(db: WritableDB, r: SiteCostWrite): void {
  db.prepare(`INSERT INTO site_costs (site_id, hosting_per_kw_month, hosting_currency, server_type, server_overhead, utc_offset_hours, source)
    VALUES (@site_id,@hosting_per_kw_month,@hosting_currency,@server_type,@server_overhead,@utc_offset_hours,@source)
    ON CONFLICT(site_id) DO UPDATE SET hosting_per_kw_month=excluded.hosting_per_kw_month, hosting_currency=excluded.hosting_currency,
      server_type=excluded.server_type, server_overhead=excluded.server_overhead, utc_offset_hours=excluded.utc_offset_hours, source=excluded.source`).run({
    site_id: r.site_id, hosting_per_kw_month: r.hosting_per_kw_month, hosting_currency: r.hosting_currency, server_type: r.server_type,
    server_overhead: r.server_overhead, utc_offset_hours: r.utc_offset_hours, source: r.source,
  });
  if (r.cloud_region !== undefined) db.prepare('UPDATE site_costs SET cloud_region = ? WHERE site_id = ?').run(r.cloud_region?.trim() || null, r.site_id);
}

export interface TariffRow {
  id: number; site_id: number; site: string; effective_from: string; currency: string; kind: 'flat' | 'tou';
  price_per_kwh: string | null; bands: TouBand[] | null; demand_charge_per_kw_month: string; source: string; notes: string;
}
export type TariffWrite = Omit<TariffRow, 'id' | 'site'>;
type TariffDb = Omit<TariffRow, 'bands'> & { bands: string | null };

export function listTariffs(db: ReadableDB, siteId?: number): TariffRow[] {
  const rows = db.prepare(`SELECT t.id, t.site_id, s.name AS site, t.effective_from, t.currency, t.kind, t.price_per_kwh, t.bands,
      t.demand_charge_per_kw_month, t.source, t.notes FROM tariffs t JOIN sites s ON s.id = t.site_id
    ${siteId === undefined ? '' : 'WHERE t.site_id = @siteId'} ORDER BY s.name, t.effective_from`).all(siteId === undefined ? {} : { siteId }) as TariffDb[];
  return rows.map((r) => ({ ...r, bands: r.bands === null ? null : (JSON.parse(r.bands) as TouBand[]) }));
}
export function getTariff(db: ReadableDB, id: number): TariffRow | undefined {
  return listTariffs(db).find((t) => t.id === id);
}
export function insertTariff(db: WritableDB, t: TariffWrite): number {
  return Number(db.prepare(`INSERT INTO tariffs (site_id, effective_from, currency, kind, price_per_kwh, bands, demand_charge_per_kw_month, source, notes)
    VALUES (@site_id,@effective_from,@currency,@kind,@price_per_kwh,@bands,@demand_charge_per_kw_month,@source,@notes)`)
    .run({ ...t, bands: t.bands === null ? null : JSON.stringify(t.bands) }).lastInsertRowid);
}
export function updateTariff(db: WritableDB, id: number, t: TariffWrite): boolean {
  return db.prepare(`UPDATE tariffs SET site_id=@site_id, effective_from=@effective_from, currency=@currency, kind=@kind, price_per_kwh=@price_per_kwh,
      bands=@bands, demand_charge_per_kw_month=@demand_charge_per_kw_month, source=@source, notes=@notes WHERE id=@id`)
    .run({ ...t, id, bands: t.bands === null ? null : JSON.stringify(t.bands) }).changes > 0;
}
export function deleteTariff(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM tariffs WHERE id = ?').run(id).changes > 0;
}

export interface FixedCostRow {
  id: number; name: string; category: 'staff' | 'network' | 'software' | 'facilities' | 'other';
  amount_per_month: string; currency: string; from_month: string | null; to_month: string | null; notes: string;
}
export type FixedCostWrite = Omit<FixedCostRow, 'id'>;

export function listFixedCosts(db: ReadableDB): FixedCostRow[] {
  return db.prepare('SELECT id, name, category, amount_per_month, currency, from_month, to_month, notes FROM fixed_costs ORDER BY category, name, id').all() as FixedCostRow[];
}
export function insertFixedCost(db: WritableDB, r: FixedCostWrite): number {
  return Number(db.prepare(`INSERT INTO fixed_costs (name, category, amount_per_month, currency, from_month, to_month, notes)
    VALUES (@name,@category,@amount_per_month,@currency,@from_month,@to_month,@notes)`).run(r).lastInsertRowid);
}
export function updateFixedCost(db: WritableDB, id: number, r: FixedCostWrite): boolean {
  return db.prepare(`UPDATE fixed_costs SET name=@name, category=@category, amount_per_month=@amount_per_month, currency=@currency,
    from_month=@from_month, to_month=@to_month, notes=@notes WHERE id=@id`).run({ ...r, id }).changes > 0;
}
export function deleteFixedCost(db: WritableDB, id: number): boolean {
  return db.prepare('DELETE FROM fixed_costs WHERE id = ?').run(id).changes > 0;
}

export interface ClusterCostRow {
  cluster_id: number; useful_life_months: number | null; residual_value: string | null; paid_month: string | null;
  cloud_pricing: 'on_demand' | 'reserved'; term_months: number | null; server_type: string | null; pinned_price_row: number | null; notes: string;
}
export function listClusterCosts(db: ReadableDB): ClusterCostRow[] {
  return db.prepare(`SELECT cluster_id, useful_life_months, residual_value, paid_month, cloud_pricing, term_months, server_type, pinned_price_row, notes
    FROM cluster_costs ORDER BY cluster_id`).all() as ClusterCostRow[];
}
export function upsertClusterCosts(db: WritableDB, r: ClusterCostRow): void {
  db.prepare(`INSERT INTO cluster_costs (cluster_id, useful_life_months, residual_value, paid_month, cloud_pricing, term_months, server_type, pinned_price_row, notes)
    VALUES (@cluster_id,@useful_life_months,@residual_value,@paid_month,@cloud_pricing,@term_months,@server_type,@pinned_price_row,@notes)
    ON CONFLICT(cluster_id) DO UPDATE SET useful_life_months=excluded.useful_life_months, residual_value=excluded.residual_value,
      paid_month=excluded.paid_month, cloud_pricing=excluded.cloud_pricing, term_months=excluded.term_months, server_type=excluded.server_type,
      pinned_price_row=excluded.pinned_price_row, notes=excluded.notes`).run(r);
}

export interface EnergyReferenceRow { id: number; region: string; tariff_type: string; price: string; currency: string; unit: string; date: string; source_url: string; notes: string }
export function listEnergyReference(db: ReadableDB): EnergyReferenceRow[] {
  return db.prepare('SELECT id, region, tariff_type, price, currency, unit, date, source_url, notes FROM energy_reference ORDER BY id').all() as EnergyReferenceRow[];
}

/** The price book, read through whatever tables migration 0030 created: a table of items
 * with gpu_id, kind, gpus_per_unit, unit_price, currency and valid_from, joined to its list
 * (for the vendor) by foreign key. Returns [] when there is no price book yet. Reference lists
 * (migration 0150: the shipped public prices, shown in the book) are left out: the callers
 * fall back to the same public prices themselves (store/reference-prices.ts). */
export interface PriceBookRow {
  id: number; list_id: number; vendor: string; gpu_id: string; kind: string; gpus_per_unit: number;
  unit_price: string; currency: string; valid_from: string; valid_to: string | null;
  /** The item's region (migration 0090); null = the list did not say. */
  region: string | null;
}
export function readPriceBook(db: ReadableDB): PriceBookRow[] {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
  const need = ['gpu_id', 'kind', 'unit_price', 'currency'];
  for (const t of tables) {
    if (!/price/i.test(t) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) continue;
    const cols = (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).map((c) => c.name);
    if (!need.every((c) => cols.includes(c))) continue;
    const fks = db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string; from: string; to: string }[];
    const fk = fks.find((f) => /price/i.test(f.table));
    let listCols: string[] = [];
    if (fk && /^[A-Za-z_][A-Za-z0-9_]*$/.test(fk.table)) listCols = (db.prepare(`PRAGMA table_info("${fk.table}")`).all() as { name: string }[]).map((c) => c.name);
    const has = (c: string) => cols.includes(c);
    const lhas = (c: string) => listCols.includes(c);
    const validFrom = has('valid_from') ? (fk && lhas('valid_from') ? 'coalesce(i.valid_from, l.valid_from)' : 'i.valid_from') : fk && lhas('valid_from') ? 'l.valid_from' : "'1970-01-01'";
    const sql = `SELECT i.rowid AS id, ${fk ? `i."${fk.from}"` : '0'} AS list_id, ${fk && lhas('vendor') ? 'l.vendor' : has('vendor') ? 'i.vendor' : "''"} AS vendor,
        i.gpu_id, i.kind, ${has('gpus_per_unit') ? 'coalesce(i.gpus_per_unit, 1)' : '1'} AS gpus_per_unit, i.unit_price, i.currency,
        coalesce(${validFrom}, '1970-01-01') AS valid_from, ${has('valid_to') ? 'i.valid_to' : fk && lhas('valid_to') ? 'l.valid_to' : 'NULL'} AS valid_to,
        ${has('region') ? 'i.region' : 'NULL'} AS region
      FROM "${t}" i ${fk ? `LEFT JOIN "${fk.table}" l ON l."${fk.to ?? 'id'}" = i."${fk.from}"` : ''}
      WHERE i.gpu_id IS NOT NULL AND i.unit_price IS NOT NULL${fk && lhas('reference') ? ' AND coalesce(l.reference, 0) = 0' : ''}`;
    return (db.prepare(sql).all() as PriceBookRow[]).map((r) => ({ ...r, unit_price: String(r.unit_price), valid_from: String(r.valid_from).slice(0, 10) }));
  }
  return [];
}
