-- 0030 price lists: vendor price lists imported from files (or entered by hand), their
-- items with provenance (sheet, row, original text), user-confirmed GPU aliases and saved
-- column mappings per vendor. Prices are exact decimal strings with the currency beside them.
CREATE TABLE price_lists (
  id INTEGER PRIMARY KEY,
  vendor TEXT NOT NULL,
  file_name TEXT,                                      -- null for a manual list
  sha256 TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
  imported_at TEXT NOT NULL,                           -- ISO 8601 UTC
  valid_from TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  kind TEXT NOT NULL CHECK (kind IN ('manual', 'file')),
  notes TEXT NOT NULL DEFAULT '',
  CHECK ((kind = 'file') = (sha256 IS NOT NULL))
) STRICT;
CREATE INDEX price_lists_sha256 ON price_lists(sha256);

CREATE TABLE price_items (
  id INTEGER PRIMARY KEY,
  price_list_id INTEGER NOT NULL REFERENCES price_lists(id) ON DELETE CASCADE,
  gpu_id TEXT NOT NULL REFERENCES gpu_types(id) ON DELETE RESTRICT,
  kind TEXT NOT NULL CHECK (kind IN ('gpu', 'server', 'cloud_hour', 'lease_month')),
  gpus_per_unit INTEGER NOT NULL CHECK (gpus_per_unit > 0),
  unit_price TEXT NOT NULL CHECK (unit_price GLOB '[0-9]*' AND unit_price NOT GLOB '*[^0-9.]*'),  -- exact decimal
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
  tax_included INTEGER CHECK (tax_included IS NULL OR tax_included IN (0, 1)),
  lead_time_weeks INTEGER CHECK (lead_time_weeks IS NULL OR lead_time_weeks >= 0),
  min_qty INTEGER CHECK (min_qty IS NULL OR min_qty > 0),
  valid_from TEXT CHECK (valid_from IS NULL OR valid_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  source_sheet TEXT,
  source_row INTEGER CHECK (source_row IS NULL OR source_row > 0),
  source_text TEXT NOT NULL DEFAULT ''                 -- the row's cells as written
) STRICT;
CREATE INDEX price_items_list ON price_items(price_list_id);
CREATE INDEX price_items_gpu ON price_items(gpu_id, kind);

-- Aliases the user confirmed in the import wizard ("Tesla V100S 32GB PCIe" → some gpu_id).
CREATE TABLE gpu_aliases (
  alias TEXT PRIMARY KEY,                              -- as written by the vendor
  gpu_id TEXT NOT NULL REFERENCES gpu_types(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL
) STRICT;

-- Column mappings saved per vendor (JSON matching importMappingSchema in io/import/mapping.ts).
CREATE TABLE vendor_mappings (
  vendor TEXT PRIMARY KEY,
  mapping TEXT NOT NULL CHECK (json_valid(mapping)),
  updated_at TEXT NOT NULL
) STRICT;
