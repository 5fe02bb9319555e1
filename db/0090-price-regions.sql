-- 0090 price regions: cloud catalogs price the same instance per region, so a price item keeps
-- its region (null = not said); a spot/preemptible price is kept beside the on-demand one (never
-- taken for it); a price list keeps its provenance (the layout applied, the currency assumed);
-- and a vendor's usual currency is a setting used when a file names none.
ALTER TABLE price_items ADD COLUMN region TEXT CHECK (region IS NULL OR length(region) BETWEEN 1 AND 64);
ALTER TABLE price_items ADD COLUMN spot_price TEXT CHECK (spot_price IS NULL OR (spot_price GLOB '[0-9]*' AND spot_price NOT GLOB '*[^0-9.]*'));
ALTER TABLE price_lists ADD COLUMN provenance TEXT NOT NULL DEFAULT '';
CREATE INDEX price_items_region ON price_items(gpu_id, kind, region);

CREATE TABLE vendor_currencies (
  vendor TEXT PRIMARY KEY,
  currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency)),
  updated_at TEXT NOT NULL
) STRICT;
