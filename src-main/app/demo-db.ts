// Creating a demo database file: catalogs (by openDatabase's seed), inventory, and every
// demo part other modules register (scenarios, prices, tariffs...).
import fs from 'node:fs';
import type { WritableDB } from '../store/handles.js';
import { openDatabase, closeDatabase } from '../store/open.js';
import { insertDemoInventory } from './demo.js';
import { demoExtras } from './demo-extras.js';

export function createDemoDatabase(dbPath: string, appRoot: string, force = false): void {
  if (fs.existsSync(dbPath)) {
    if (!force) throw new Error('exists');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  }
  const db = openDatabase(dbPath, { appRoot, create: true });
  try {
    fillDemo(db);
  } finally {
    closeDatabase(db);
  }
}

export function fillDemo(db: WritableDB): void {
  db.transaction(() => {
    insertDemoInventory(db);
    for (const extra of demoExtras) extra(db);
  })();
}
