-- 0070 undo: a bounded command log of inverse row changes, one step per mutating API call
-- (Actual Budget's undo, kept in the file so it survives restarts and covers every process
-- that writes through the API). Rows are recorded by TEMP triggers that src-main/store/undo.ts
-- installs per connection, so writes outside the API (migrations, the catalog seed) are not
-- recorded and the schema holds no triggers that another program could trip over.
CREATE TABLE undo_steps (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('undo', 'redo')),   -- which stack the step is on
  method TEXT NOT NULL,                                  -- the API method that made the change
  created_at TEXT NOT NULL                               -- ISO 8601 UTC
) STRICT;

CREATE TABLE undo_log (
  id INTEGER PRIMARY KEY,
  step INTEGER NOT NULL REFERENCES undo_steps(id) ON DELETE CASCADE,
  tbl TEXT NOT NULL,
  op TEXT NOT NULL CHECK (op IN ('i', 'u', 'd')),        -- the change made: insert, update, delete
  row_id INTEGER NOT NULL,                               -- rowid of the changed row
  old TEXT CHECK (old IS NULL OR json_valid(old))        -- the row before an update/delete (JSON)
) STRICT;
CREATE INDEX undo_log_step ON undo_log(step);
