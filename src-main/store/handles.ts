// Branded database handles (Signal Desktop's pattern): reads accept ReadableDB,
// writes demand WritableDB, so a query in the wrong place fails to compile.
import type Database from 'better-sqlite3';

export type ReadableDB = Database.Database & { readonly __readable_db: never };
export type WritableDB = ReadableDB & { readonly __writable_db: never };

export function asWritable(db: Database.Database): WritableDB {
  return db as WritableDB;
}
