-- 0100 availability and export rules (issue 12).
-- gpu_availability: when each GPU type first shipped publicly (seeded from
-- db/seed/gpu_availability.csv on every open, like the catalog); the optimiser never places
-- an arrival before it.
CREATE TABLE gpu_availability (
  gpu_id TEXT PRIMARY KEY REFERENCES gpu_types(id) ON DELETE CASCADE,
  available_from TEXT NOT NULL CHECK (available_from GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  source TEXT NOT NULL DEFAULT ''
) STRICT;

-- export_rules: effective-dated rules per destination country and GPU type ('*' = every type),
-- from public records (db/seed/export_rules.csv, seed_key set) or the user (seed_key NULL).
-- Months are inclusive; to_month NULL = still in force. A seed row the user edited keeps
-- user_edited = 1 so a later seed never overwrites it; a deleted seed row stays with active = 0.
CREATE TABLE export_rules (
  id INTEGER PRIMARY KEY,
  seed_key TEXT UNIQUE,
  country TEXT NOT NULL CHECK (length(country) = 2 AND country = upper(country)),
  gpu TEXT NOT NULL CHECK (length(gpu) BETWEEN 1 AND 64),
  from_month TEXT NOT NULL CHECK (from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  to_month TEXT CHECK (to_month IS NULL OR (to_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND to_month >= from_month)),
  status TEXT NOT NULL CHECK (status IN ('allowed', 'licence', 'banned')),
  source TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  user_edited INTEGER NOT NULL DEFAULT 0 CHECK (user_edited IN (0, 1)),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
CREATE INDEX export_rules_country ON export_rules(country, gpu);

-- export_licences: a licence held for a site (and a GPU type, '*' = any) over a period, so a
-- 'licence' rule in force lets the optimiser add that type there in those months.
CREATE TABLE export_licences (
  id INTEGER PRIMARY KEY,
  site TEXT NOT NULL REFERENCES sites(name) ON DELETE CASCADE ON UPDATE CASCADE,
  gpu TEXT NOT NULL DEFAULT '*',
  from_month TEXT NOT NULL CHECK (from_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  to_month TEXT CHECK (to_month IS NULL OR (to_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]' AND to_month >= from_month)),
  note TEXT NOT NULL DEFAULT ''
) STRICT;
