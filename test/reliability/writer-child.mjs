// A second writer for test/reliability/concurrency.test.ts: opens the database through the
// built code (as the CLI does) and adds N clusters, each its own API call and transaction.
//   node writer-child.mjs DB APPROOT N TAG
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dbPath, appRoot, n, tag] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(appRoot, 'build', 'main', p)).href);
const { openDatabase, closeDatabase } = await load('store/open.js');
const { invoke } = await load('api/handlers.js');
const db = openDatabase(dbPath, { appRoot });
const ctx = { db, dbPath, appRoot, now: () => new Date() };
let ok = 0;
const errors = [];
for (let i = 0; i < Number(n); i++) {
  try {
    await invoke(ctx, 'inventory.add', { site: 'Ashburn-1', gpu_id: 'h100-sxm', gpus: 8, mode: 'buy', notes: `${tag}-${i}` });
    ok++;
  } catch (e) {
    errors.push(`${e.code ?? ''} ${e.message}`);
  }
}
closeDatabase(db);
process.stdout.write(JSON.stringify({ ok, errors }) + '\n');
