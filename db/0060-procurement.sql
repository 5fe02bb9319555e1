-- 0060 procurement: the optimiser's settings per scenario (headroom, cloud allowed, export
-- licence held, banned GPU types, quarterly budgets, supply caps, default lead times...).
-- The body is a JSON document validated by procureSettingsSchema (src-main/app/procure-settings.ts)
-- on every write; money inside it is decimal strings in the scenario's currency.
CREATE TABLE procure_settings (
  scenario TEXT PRIMARY KEY REFERENCES scenarios(name) ON DELETE CASCADE ON UPDATE CASCADE,
  body TEXT NOT NULL CHECK (json_valid(body)),
  updated_at TEXT NOT NULL
) STRICT;
