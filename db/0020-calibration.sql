-- Calibration (issue 3): the user's own throughput measurements (the columns of
-- db/seed/benchmarks_public.csv) and fitted efficiency-factor tables. The shipped fit lives
-- in db/seed/calibration.json; a fit stored here (active = 1) replaces it for this database.
CREATE TABLE calibration_measurements (
  id            INTEGER PRIMARY KEY,
  source        TEXT NOT NULL,
  source_url    TEXT NOT NULL DEFAULT '',
  version       TEXT NOT NULL DEFAULT '',
  gpu_id        TEXT NOT NULL REFERENCES gpu_types(id),
  gpus          INTEGER NOT NULL CHECK (gpus >= 1),
  tp            INTEGER CHECK (tp IS NULL OR tp >= 1),
  model_id      TEXT NOT NULL REFERENCES llm_models(id),
  precision     TEXT NOT NULL CHECK (precision IN ('bf16','fp16','fp8','int8','int4','fp4')),
  engine        TEXT NOT NULL DEFAULT '',
  scenario      TEXT NOT NULL DEFAULT 'offline' CHECK (scenario IN ('offline','server')),
  input_tokens  REAL CHECK (input_tokens IS NULL OR input_tokens > 0),
  output_tokens REAL CHECK (output_tokens IS NULL OR output_tokens > 0),
  concurrency   REAL CHECK (concurrency IS NULL OR concurrency > 0),
  metric        TEXT NOT NULL CHECK (metric IN ('output_tokens_per_s','output_tokens_per_s_per_gpu','requests_per_s')),
  value         REAL NOT NULL CHECK (value > 0),   -- a measured rate, not money
  ttft_ms       REAL,
  tpot_ms       REAL,
  notes         TEXT NOT NULL DEFAULT '',
  file_name     TEXT NOT NULL DEFAULT '',
  file_row      INTEGER,
  added_at      TEXT NOT NULL
);

CREATE TABLE calibration_fits (
  id              INTEGER PRIMARY KEY,
  created_at      TEXT NOT NULL,
  file_json       TEXT NOT NULL,   -- engine/calibration CalibrationFile: factors, resolved, cv, provenance
  active          INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
);
CREATE UNIQUE INDEX calibration_fits_one_active ON calibration_fits(active) WHERE active = 1;
