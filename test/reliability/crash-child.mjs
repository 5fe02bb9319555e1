// Child process for the crash trials (test/reliability/crash-harness.mjs): runs one kind of
// write against a database through the built code in build/main until it is SIGKILLed.
//   node crash-child.mjs import  DB APPROOT FILE...   imports the files in turn, forever
//   node crash-child.mjs migrate DB APPROOT           opens an old-schema DB (backup, migrations, seed)
//   node crash-child.mjs restore DB APPROOT FROM      restores FROM over DB (headroom restore)
//   node crash-child.mjs backup  DB APPROOT OUT       writes a backup of DB to OUT (headroom backup --out)
// Prints "go" right before the first write and "done N" after each completed operation.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [op, dbPath, appRoot, ...files] = process.argv.slice(2);
const load = (p) => import(pathToFileURL(path.join(appRoot, 'build', 'main', p)).href);
const { openDatabase } = await load('store/open.js');

if (op === 'migrate') {
  process.stdout.write('go\n');
  const t0 = performance.now();
  const db = openDatabase(dbPath, { appRoot });
  process.stdout.write(`done 1 ${(performance.now() - t0).toFixed(1)}\n`);
  db.close();
} else if (op === 'import') {
  const { invoke } = await load('api/handlers.js');
  const { mintLocalPath } = await load('shared/local-path.js');
  const db = openDatabase(dbPath, { appRoot, dailyBackup: false });
  const ctx = { db, dbPath, appRoot, now: () => new Date() };
  process.stdout.write('go\n');
  for (let i = 1; ; i++) {
    const t0 = performance.now();
    await invoke(ctx, 'prices.import', { path: mintLocalPath(files[i % files.length]), vendor: 'crash', force: true, summary: true });
    process.stdout.write(`done ${i} ${(performance.now() - t0).toFixed(1)}\n`);
  }
} else if (op === 'restore') {
  // files[0]: the backup to restore over DB.
  const { restoreDatabase } = await load('store/restore.js');
  process.stdout.write('go\n');
  const t0 = performance.now();
  await restoreDatabase(dbPath, files[0], appRoot, new Date());
  process.stdout.write(`done 1 ${(performance.now() - t0).toFixed(1)}\n`);
} else if (op === 'backup') {
  // files[0]: the new backup file to write.
  const { createBackup } = await load('store/restore.js');
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(dbPath, { readonly: true });
  process.stdout.write('go\n');
  const t0 = performance.now();
  createBackup(db, dbPath, new Date(), { out: files[0] });
  process.stdout.write(`done 1 ${(performance.now() - t0).toFixed(1)}\n`);
  db.close();
} else {
  process.stderr.write(`unknown op ${op}\n`);
  process.exit(2);
}
