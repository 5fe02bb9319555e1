// Which part of the app's data a database table belongs to. An undo or redo reports the domains
// its step touched, so the page in view re-reads only those (issue 18: re-creating the page after
// an undo read everything again). Shared by the API (src-main/api/domains/undo.ts) and the renderer.

export const DATA_DOMAINS = ['sites', 'inventory', 'scenarios', 'prices', 'money', 'procure', 'calibration', 'export_rules', 'actuals'] as const;
export type DataDomain = (typeof DATA_DOMAINS)[number];

/** Every table undo tracks (store/undo.ts UNDO_TABLES) → its domain; a test checks none is missing. */
export const TABLE_DOMAIN: Record<string, DataDomain> = {
  sites: 'sites', site_costs: 'sites',
  clusters: 'inventory',
  scenarios: 'scenarios',
  price_lists: 'prices', price_items: 'prices', gpu_aliases: 'prices', vendor_mappings: 'prices', vendor_currencies: 'prices',
  fx_rates: 'money', tariffs: 'money', cluster_costs: 'money', fixed_costs: 'money',
  procure_settings: 'procure',
  calibration_measurements: 'calibration', calibration_fits: 'calibration',
  export_rules: 'export_rules', export_licences: 'export_rules',
  actuals_imports: 'actuals', actuals_usage: 'actuals', actuals_spend: 'actuals',
};

/** The domains of the given tables, in DATA_DOMAINS order; an unknown table counts as every domain (re-read all). */
export function domainsOf(tables: Iterable<string>): DataDomain[] {
  const set = new Set<DataDomain>();
  for (const t of tables) {
    const d = TABLE_DOMAIN[t];
    if (!d) return [...DATA_DOMAINS];
    set.add(d);
  }
  return DATA_DOMAINS.filter((d) => set.has(d));
}
