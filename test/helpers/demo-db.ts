// The demo database in its own temp folder, for a test file's in-process plans: opened (and
// filled) before the file's tests, closed and removed after them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import { fillDemo } from '../../src-main/app/demo-db.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { ROOT } from './tmp.js';

export function openDemoDb(): WritableDB {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
  const db = openDatabase(path.join(dir, 'demo.db'), { appRoot: ROOT, create: true });
  fillDemo(db);
  return db;
}

export function closeDemoDb(db: WritableDB | undefined): void {
  if (!db) return;
  const dir = path.dirname(db.name);
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
}
