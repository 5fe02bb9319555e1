-- 0120 actuals: what really happened, per scenario, imported from a usage/spend file
-- (src-main/io/actuals). Every row keeps its provenance: the import it came from (file name,
-- SHA-256, time) and the row number in that file. Usage is per month ('YYYY-MM') or per day
-- ('YYYY-MM-DD'), for one pool or the whole scenario (pool ''); spend is per month and category,
-- money as a decimal string with its currency (never REAL). Rows follow the scenario on rename
-- and go with it on delete.
CREATE TABLE actuals_imports (
  id INTEGER PRIMARY KEY,
  scenario TEXT NOT NULL REFERENCES scenarios(name) ON DELETE CASCADE ON UPDATE CASCADE,
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  imported_at TEXT NOT NULL,
  usage_rows INTEGER NOT NULL CHECK (usage_rows >= 0),
  spend_rows INTEGER NOT NULL CHECK (spend_rows >= 0)
) STRICT;

CREATE TABLE actuals_usage (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES actuals_imports(id) ON DELETE CASCADE,
  scenario TEXT NOT NULL REFERENCES scenarios(name) ON DELETE CASCADE ON UPDATE CASCADE,
  pool TEXT NOT NULL DEFAULT '',
  period TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' OR period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  users REAL CHECK (users IS NULL OR users >= 0),
  daily_active_users REAL CHECK (daily_active_users IS NULL OR daily_active_users >= 0),
  requests REAL CHECK (requests IS NULL OR requests >= 0),
  input_tokens REAL CHECK (input_tokens IS NULL OR input_tokens >= 0),
  output_tokens REAL CHECK (output_tokens IS NULL OR output_tokens >= 0),
  peak_requests_per_s REAL CHECK (peak_requests_per_s IS NULL OR peak_requests_per_s >= 0),
  peak_tokens_per_s REAL CHECK (peak_tokens_per_s IS NULL OR peak_tokens_per_s >= 0),
  overloaded INTEGER CHECK (overloaded IS NULL OR overloaded IN (0, 1)),
  overload_minutes REAL CHECK (overload_minutes IS NULL OR overload_minutes >= 0),
  source_row INTEGER NOT NULL CHECK (source_row >= 1),
  source_sheet TEXT,
  UNIQUE (scenario, pool, period)
) STRICT;

CREATE TABLE actuals_spend (
  id INTEGER PRIMARY KEY,
  import_id INTEGER NOT NULL REFERENCES actuals_imports(id) ON DELETE CASCADE,
  scenario TEXT NOT NULL REFERENCES scenarios(name) ON DELETE CASCADE ON UPDATE CASCADE,
  month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  category TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 64),
  amount TEXT NOT NULL CHECK (amount GLOB '[0-9]*' OR amount GLOB '-[0-9]*'),
  currency TEXT NOT NULL CHECK (length(currency) = 3),
  source_row INTEGER NOT NULL CHECK (source_row >= 1),
  source_sheet TEXT,
  UNIQUE (scenario, month, category)
) STRICT;

CREATE INDEX actuals_usage_import ON actuals_usage(import_id);
CREATE INDEX actuals_spend_import ON actuals_spend(import_id);
