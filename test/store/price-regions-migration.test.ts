// Pins migration 0090 (price regions): a database with price lists migrates and keeps them (region/spot null, provenance ''); the new columns and vendor_currencies refuse malformed values.
import { describe, it, expect } from 'vitest';
import Database from 'better-sqlite3';
import path from 'node:path';
import { loadMigrations, migrate, schemaVersion } from '../../src-main/store/migrate.js';

const migrations = loadMigrations(path.resolve(__dirname, '..', '..', 'db'));

function before90(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, 70);
  db.prepare(`INSERT INTO gpu_types (id, name, vendor, memory_gb, memory_bw_tbs, bf16_dense_tflops, release_year, cn_export_status, source_url)
    VALUES ('l4', 'L4', 'NVIDIA', 24, 0.3, 121, 2023, 'restricted', 'https://x')`).run();
  db.prepare(`INSERT INTO price_lists (id, vendor, file_name, sha256, imported_at, kind) VALUES (1, 'V', 'a.csv', ?, '2025-01-01T00:00:00Z', 'file')`).run('a'.repeat(64));
  db.prepare(`INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency) VALUES (1, 'l4', 'cloud_hour', 1, '0.6', 'USD')`).run();
  return db;
}

describe('migration 0090-price-regions', () => {
  it('keeps existing lists and items, with no region, no spot price and empty provenance', () => {
    const db = before90();
    migrate(db, migrations, 90);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(90);
    expect(db.prepare('SELECT unit_price, region, spot_price FROM price_items').get()).toEqual({ unit_price: '0.6', region: null, spot_price: null });
    expect(db.prepare('SELECT provenance FROM price_lists').get()).toEqual({ provenance: '' });
  });

  it('refuses a malformed spot price, an over-long region and a lower-case currency', () => {
    const db = before90();
    migrate(db, migrations, 90);
    const put = db.prepare(`INSERT INTO price_items (price_list_id, gpu_id, kind, gpus_per_unit, unit_price, currency, region, spot_price) VALUES (1, 'l4', 'cloud_hour', 1, '0.6', 'USD', ?, ?)`);
    expect(() => put.run('us-east-1', '-1')).toThrow(/CHECK/);
    expect(() => put.run('x'.repeat(65), null)).toThrow(/CHECK/);
    expect(() => put.run('', null)).toThrow(/CHECK/);
    put.run('us-east-1', '0.32');
    const cur = db.prepare('INSERT INTO vendor_currencies (vendor, currency, updated_at) VALUES (?, ?, ?)');
    expect(() => cur.run('V', 'usd', 'x')).toThrow(/CHECK/);
    cur.run('V', 'USD', 'x');
    expect(() => cur.run('V', 'EUR', 'x')).toThrow(/UNIQUE/);
  });
});
