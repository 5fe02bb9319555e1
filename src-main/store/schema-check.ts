// Does a database's schema match what Headroom's own migrations produce at its user_version?
// A backup is restored only if it does (issue 17 item 3): a planted trigger, a view, an extra
// table, a missing table or column, or a user_version that lies about the schema are refused.
// The expected schema is a fresh in-memory database migrated to that version (cached).
import Database from 'better-sqlite3';
import { loadMigrations, migrate, type Migration } from './migrate.js';
import { migrationsDir } from './open.js';

/** One schema object (table, index, trigger, view) as compared: normalised SQL and, for tables, columns. */
export interface SchemaEntry { type: string; name: string; table: string; sql: string | null; columns: string[] }

/** Whitespace, case and spacing around punctuation do not change what a statement means here. */
export function normaliseSql(sql: string | null): string | null {
  if (sql === null) return null;
  return sql.replace(/\s+/g, ' ').replace(/\s*([(),;=<>+*/-])\s*/g, '$1').trim().toLowerCase();
}

const key = (type: string, name: string) => `${type} ${name.toLowerCase()}`;

/**
 * The schema of `db` (main database only): every object in sqlite_master except SQLite's own
 * `sqlite_%` tables (sqlite_sequence, sqlite_stat1: data, not schema) and automatic indexes
 * (compared through their table's SQL).
 */
export function readSchema(db: Database.Database): Map<string, SchemaEntry> {
  const rows = db.prepare("SELECT type, name, tbl_name AS tbl, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name")
    .all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const cols = db.prepare('SELECT name, type, "notnull" AS nn, dflt_value AS dflt, pk, hidden FROM pragma_table_xinfo(?)');
  const out = new Map<string, SchemaEntry>();
  for (const r of rows) {
    const columns = r.type === 'table'
      ? (cols.all(r.name) as { name: string; type: string; nn: number; dflt: string | null; pk: number; hidden: number }[])
        .map((c) => `${c.name} ${c.type.toLowerCase()}${c.nn ? ' not null' : ''}${c.dflt === null ? '' : ` default ${c.dflt}`}${c.pk ? ` pk${c.pk}` : ''}${c.hidden ? ` hidden${c.hidden}` : ''}`)
      : [];
    out.set(key(r.type, r.name), { type: r.type, name: r.name, table: r.tbl, sql: normaliseSql(r.sql), columns });
  }
  return out;
}

const cache = new Map<string, Map<string, SchemaEntry>>();

/** The schema a fresh database has after Headroom's migrations up to `version` (which must be one of theirs). */
export function expectedSchema(migrations: Migration[], version: number, cacheKey?: string): Map<string, SchemaEntry> {
  const k = cacheKey === undefined ? undefined : `${cacheKey}\0${version}`;
  const hit = k === undefined ? undefined : cache.get(k);
  if (hit) return hit;
  const db = new Database(':memory:');
  try {
    db.pragma('foreign_keys = ON');
    migrate(db, migrations, version);
    const schema = readSchema(db);
    if (k !== undefined) cache.set(k, schema);
    return schema;
  } finally { db.close(); }
}

const what = (e: SchemaEntry) => (e.type === 'trigger' || e.type === 'index') && e.table !== e.name ? `${e.type} "${e.name}" on ${e.table}` : `${e.type} "${e.name}"`;

/** The differences between `actual` and `expected`, in words; empty when they match. */
export function schemaDifferences(actual: Map<string, SchemaEntry>, expected: Map<string, SchemaEntry>): string[] {
  const out: string[] = [];
  // Tables first (what a reader needs to know), then views, triggers, indexes.
  const rank: Record<string, number> = { table: 0, view: 1, trigger: 2, index: 3 };
  const ordered = (m: Map<string, SchemaEntry>) => [...m].sort(([, a], [, b]) => (rank[a.type] ?? 4) - (rank[b.type] ?? 4) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const [k, e] of ordered(expected)) if (!actual.has(k)) out.push(`missing ${what(e)}`);
  for (const [k, a] of ordered(actual)) {
    const e = expected.get(k);
    if (!e) { out.push(`unexpected ${what(a)}`); continue; }
    if (a.type === 'table') {
      const missing = e.columns.filter((c) => !a.columns.includes(c));
      const extra = a.columns.filter((c) => !e.columns.includes(c));
      const name = (c: string) => c.split(' ')[0];
      if (missing.length || extra.length) {
        const parts: string[] = [];
        if (missing.length) parts.push(`missing or changed column${missing.length > 1 ? 's' : ''} ${missing.map(name).join(', ')}`);
        if (extra.length) parts.push(`unexpected column${extra.length > 1 ? 's' : ''} ${extra.map(name).join(', ')}`);
        out.push(`table "${a.name}": ${parts.join('; ')}`);
        continue;
      }
    }
    if (a.sql !== e.sql || a.table.toLowerCase() !== e.table.toLowerCase()) out.push(`${what(a)} differs from Headroom's definition`);
  }
  return out;
}

/**
 * Checks `db`'s schema against Headroom's at the file's `user_version`. Returns the problems in
 * words (empty when it matches). A version that is not one of Headroom's migrations is a problem.
 */
export function checkSchema(db: Database.Database, appRoot: string, version: number): string[] {
  const migrations = loadMigrations(migrationsDir(appRoot));
  if (!migrations.some((m) => m.version === version)) return [`schema version ${version} is not one Headroom writes`];
  return schemaDifferences(readSchema(db), expectedSchema(migrations, version, appRoot));
}
