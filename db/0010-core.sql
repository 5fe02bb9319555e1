-- 0010 core: catalogs (seeded from db/seed/*.csv), sites and inventory (clusters).
-- Money is stored exactly: unit_cost as a decimal string with its currency beside it.
CREATE TABLE gpu_types (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  vendor TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '',          -- ';'-separated, as in gpus.csv
  form_factor TEXT NOT NULL DEFAULT '',
  memory_gb REAL NOT NULL,
  memory_bw_tbs REAL NOT NULL,
  bf16_dense_tflops REAL NOT NULL,
  fp8_dense_tflops REAL,
  int8_dense_tops REAL,
  fp4_dense_tflops REAL,
  interconnect_gbs REAL,
  tdp_w REAL,
  release_year INTEGER NOT NULL,
  cn_export_status TEXT NOT NULL CHECK (cn_export_status IN ('allowed','licence_required','restricted','domestic')),
  source_url TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE llm_models (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  family TEXT NOT NULL,
  params_total_b REAL NOT NULL,
  params_active_b REAL NOT NULL,
  layers INTEGER NOT NULL,
  hidden_size INTEGER NOT NULL,
  attention_heads INTEGER NOT NULL,
  kv_heads INTEGER NOT NULL,
  head_dim INTEGER NOT NULL,
  vocab_size INTEGER NOT NULL,
  max_context INTEGER NOT NULL,
  attention TEXT NOT NULL,
  kv_lora_rank INTEGER,
  qk_rope_head_dim INTEGER,
  moe_experts INTEGER,
  moe_active_experts INTEGER,
  source_url TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),  -- ISO 3166-1 alpha-2
  region TEXT NOT NULL,
  power_limit_kw REAL NOT NULL CHECK (power_limit_kw >= 0),
  pue REAL NOT NULL CHECK (pue >= 1 AND pue <= 3),
  notes TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE clusters (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id) ON DELETE RESTRICT,
  gpu_id TEXT NOT NULL REFERENCES gpu_types(id) ON DELETE RESTRICT,
  gpus INTEGER NOT NULL CHECK (gpus > 0),
  servers INTEGER CHECK (servers IS NULL OR servers > 0),
  mode TEXT NOT NULL CHECK (mode IN ('buy','lease','cloud')),
  in_service_from TEXT CHECK (in_service_from IS NULL OR in_service_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  in_service_to TEXT CHECK (in_service_to IS NULL OR in_service_to GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  unit_cost TEXT CHECK (unit_cost IS NULL OR unit_cost GLOB '[0-9]*'),  -- decimal string, per GPU
  currency TEXT CHECK (currency IS NULL OR length(currency) = 3),
  notes TEXT NOT NULL DEFAULT '',
  CHECK (in_service_to IS NULL OR in_service_from IS NULL OR in_service_to >= in_service_from),
  CHECK ((unit_cost IS NULL) = (currency IS NULL))
) STRICT;
CREATE INDEX clusters_site ON clusters(site_id);
CREATE INDEX clusters_gpu ON clusters(gpu_id);
