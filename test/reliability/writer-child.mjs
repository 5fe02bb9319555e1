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
// Start together: the test releases every writer at once, so the overlap does not depend on
// how fast each process happened to boot on a loaded CI machine.
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
let ok = 0;
const errors = [];
for (let i = 0; i < Number(n); i++) {
  try {
    await invoke(ctx, 'inventory.add', { site: 'Ashburn-1', gpu_id: 'h100-sxm', gpus: 8, mode: 'buy', notes: `${tag}-${i}` });
    ok++;
    // A short pause between transactions, as a real client has: lets the other writers in.
    await new Promise((resolve) => setTimeout(resolve, 1));
  } catch (e) {
    errors.push(`${e.code ?? ''} ${e.message}`);
  }
}
closeDatabase(db);
process.stdout.write(JSON.stringify({ ok, errors }) + '\n');
