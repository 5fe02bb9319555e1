// Creating a demo database file: catalogs (by openDatabase's seed), inventory, and every
// demo part other modules register (scenarios, prices, tariffs...).
import fs from 'node:fs';
import type { WritableDB } from '../store/handles.js';
import { openDatabase, closeDatabase } from '../store/open.js';
import { insertDemoInventory } from './demo.js';
import { demoExtras } from './demo-extras.js';
import { insertReferencePriceLists } from './reference-demo.js';

export function createDemoDatabase(dbPath: string, appRoot: string, force = false): void {
  if (fs.existsSync(dbPath)) {
    if (!force) throw new Error('exists');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  }
  const db = openDatabase(dbPath, { appRoot, create: true });
  try {
    fillDemo(db, appRoot);
  } finally {
    closeDatabase(db);
  }
}

/** The demo inventory and extras; with appRoot, also the public reference price lists. */
export function fillDemo(db: WritableDB, appRoot?: string): void {
  db.transaction(() => {
    insertDemoInventory(db);
    for (const extra of demoExtras) extra(db);
    if (appRoot) insertReferencePriceLists(db, appRoot);
  })();
}
