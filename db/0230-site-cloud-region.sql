-- 0230 site cloud region (issue 20): which cloud regions a site may rent capacity in. NULL = no
-- restriction (every price, as before). Otherwise a comma-separated list of terms, each a cloud
-- region code ("us-east-1", "eastus", "us-central1"), a prefix ending in "*" ("us-*"), or a
-- two-letter country code ("US") matching every known provider region in that country
-- (engine/procure/regions.ts; docs/procurement.md "Cloud regions").
ALTER TABLE site_costs ADD COLUMN cloud_region TEXT CHECK (cloud_region IS NULL OR length(trim(cloud_region)) BETWEEN 1 AND 200);
