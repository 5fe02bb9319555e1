-- 0050 scenarios: demand and fleet scenarios. The body is the whole scenario document
-- (src-main/engine/demand/scenario.ts), validated by its zod schema on every write; SQLite
-- checks it is JSON and that its name matches the column (https://www.sqlite.org/json1.html).
CREATE TABLE scenarios (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64),
  title TEXT NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body) AND json_extract(body, '$.name') = name),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
