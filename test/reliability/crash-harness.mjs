// Crash trials shared by test/reliability/crash.test.ts (a small sample) and
// bench/crash.bench.mjs (≥ 100 per operation): prepare a database, start crash-child.mjs,
// SIGKILL it at a random moment, then check the file: integrity_check ok, foreign keys ok,
// and each operation all-or-nothing. Needs `npm run build` (the child runs build/main).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The app under test (build/main, db/); HEADROOM_APP_ROOT points at a private copy for long runs. */
export const ROOT = process.env.HEADROOM_APP_ROOT ? path.resolve(process.env.HEADROOM_APP_ROOT) : REPO;
const CHILD = path.join(REPO, 'test', 'reliability', 'crash-child.mjs');
const SAMPLES = path.join(REPO, 'test', 'fixtures', 'samples');

const load = (p) => import(pathToFileURL(path.join(ROOT, 'build', 'main', p)).href);

/** The engine's seeded generator (mulberry32), so a failing trial can be replayed by its seed. */
export const rng = (await load('engine/montecarlo/random.js')).mulberry32;

const schemaOf = (db) => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
const rowsOf = (db, t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all();

/** Runs the child, kills it `delayMs` after it says "go" (or lets it finish); resolves with what it printed. */
function runChild(args, delayMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    let out = '', err = '', timer;
    child.stdout.on('data', (d) => {
      const before = out;
      out += d;
      if (!before.includes('go\n') && out.includes('go\n') && delayMs !== null) {
        timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const done = out.split('\n').filter((l) => l.startsWith('done ')).map((l) => Number(l.split(' ')[2]));
      resolve({ code, signal, out, err, done });
    });
  });
}

/** Builds the template files for both operations in `dir` (once per run). */
export async function prepare(dir) {
  const { openDatabase, closeDatabase } = await load('store/open.js');
  const { latestVersion, loadMigrations } = await load('store/migrate.js');
  const latest = latestVersion(loadMigrations(path.join(ROOT, 'db')));

  // Migration template: the first schema (0010) with user data and one catalog row.
  const oldDb = path.join(dir, 'old-template.db');
  const o = openDatabase(oldDb, { appRoot: ROOT, create: true, migrateTo: 10 });
  o.exec(`INSERT INTO gpu_types (id, name, vendor, memory_gb, memory_bw_tbs, bf16_dense_tflops, release_year, cn_export_status, source_url)
            VALUES ('h100-sxm', 'H100 SXM', 'NVIDIA', 80, 3.35, 989, 2022, 'restricted', 'https://example.invalid');
          INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES ('Ashburn-1', 'US', 'Virginia', 1000.5, 1.3), ('Ulanqab', 'CN', 'Inner Mongolia', 800, 1.2);
          INSERT INTO clusters (site_id, gpu_id, gpus, mode, unit_cost, currency) VALUES (1, 'h100-sxm', 256, 'buy', '27450.00', 'USD'), (2, 'h100-sxm', 64, 'lease', NULL, NULL);`);
  closeDatabase(o);
  const old = new Database(oldDb, { readonly: true });
  const oldSchema = schemaOf(old), oldSites = rowsOf(old, 'sites'), oldClusters = rowsOf(old, 'clusters'), oldGpus = rowsOf(old, 'gpu_types');
  old.close();

  // Reference: the same file fully migrated and seeded, and the schema right after migration.
  const ref = path.join(dir, 'ref.db');
  fs.copyFileSync(oldDb, ref);
  closeDatabase(openDatabase(ref, { appRoot: ROOT, dailyBackup: false }));
  const r = new Database(ref, { readonly: true });
  const newSchema = schemaOf(r), seededGpus = r.prepare('SELECT count(*) AS n FROM gpu_types').get().n, seededModels = r.prepare('SELECT count(*) AS n FROM llm_models').get().n;
  r.close();

  // Import template: a current database with the catalog; files to import, one large.
  const importDb = path.join(dir, 'import-template.db');
  closeDatabase(openDatabase(importDb, { appRoot: ROOT, create: true }));
  const big = path.join(dir, 'big_quote.csv');
  const names = ['H100 SXM5 80GB', 'H200 SXM 141GB', 'A100 80GB PCIe', 'L40S 48GB'];
  fs.writeFileSync(big, ['Model,Description,Qty,Unit Price', ...Array.from({ length: 1500 }, (_, i) => `${names[i % 4]},GPU card ${i},${1 + (i % 8)},$${20000 + i}.00`)].join('\n'));
  const files = [big, path.join(SAMPLES, 'vendor_en_quote.csv'), path.join(SAMPLES, 'cloud_rates.xlsx'), path.join(SAMPLES, 'vendor_cn_quote_gbk.csv'), path.join(SAMPLES, 'lease_offer_eur.csv')];
  // Items each file yields (reference import, uninterrupted).
  const { invoke } = await load('api/handlers.js');
  const { mintLocalPath } = await load('shared/local-path.js');
  const refImp = path.join(dir, 'ref-import.db');
  fs.copyFileSync(importDb, refImp);
  const db = openDatabase(refImp, { appRoot: ROOT, dailyBackup: false });
  const itemsPerFile = {};
  for (const f of files) {
    const res = await invoke({ db, dbPath: refImp, appRoot: ROOT, now: () => new Date() }, 'prices.import', { path: mintLocalPath(f), vendor: 'crash', force: true, summary: true });
    itemsPerFile[path.basename(f)] = res.imported;
  }
  closeDatabase(db);
  return { dir, latest, oldDb, oldSchema, oldSites, oldClusters, oldGpus, newSchema, seededGpus, seededModels, importDb, files, itemsPerFile };
}

function check(cond, msg) { if (!cond) throw new Error(msg); }
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function integrity(file) {
  const db = new Database(file);
  try {
    const ic = db.pragma('integrity_check', { simple: true });
    check(ic === 'ok', `integrity_check: ${ic}`);
    check(db.pragma('foreign_key_check').length === 0, 'foreign_key_check found violations');
  } finally { db.close(); }
}

/** Every backup written (pre-migration, daily) is complete: a torn backup must never carry a backup name. */
function backupsIntact(file) {
  const dir = path.join(path.dirname(file), 'backups');
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.db'))) {
    const b = new Database(path.join(dir, f), { readonly: true });
    try { check(b.pragma('integrity_check', { simple: true }) === 'ok', `backup ${f} is damaged`); n++; } finally { b.close(); }
  }
  return n;
}

/** One migration trial: copy the old file, open it in the child (backup, migrate, seed), kill at delayMs. */
export async function migrationTrial(ctx, trial, delayMs) {
  const dir = fs.mkdtempSync(path.join(ctx.dir, `m${trial}-`));
  const file = path.join(dir, 'h.db');
  fs.copyFileSync(ctx.oldDb, file);
  const res = await runChild(['migrate', file, ROOT], delayMs);
  check(res.signal === 'SIGKILL' || res.code === 0, `child failed: ${res.err}`);
  integrity(file);
  const db = new Database(file);
  let state;
  try {
    const v = db.pragma('user_version', { simple: true });
    const schema = schemaOf(db);
    check(same(rowsOf(db, 'sites'), ctx.oldSites) && same(rowsOf(db, 'clusters'), ctx.oldClusters), 'user rows changed');
    if (v === 10) {
      check(same(schema, ctx.oldSchema), 'old version but schema changed (half a migration)');
      check(same(rowsOf(db, 'gpu_types'), ctx.oldGpus), 'catalog changed before migrating');
      state = 'old';
    } else {
      check(v === ctx.latest, `user_version ${v} is neither 10 nor ${ctx.latest}`);
      check(same(schema, ctx.newSchema), 'new version but schema differs from a full migration');
      const g = db.prepare('SELECT count(*) AS n FROM gpu_types').get().n, m = db.prepare('SELECT count(*) AS n FROM llm_models').get().n;
      check((g === 1 && m === 0) || (g === ctx.seededGpus && m === ctx.seededModels), `half a seed: ${g} GPUs, ${m} models`);
      state = g === 1 ? 'migrated' : 'seeded';
    }
  } finally { db.close(); }
  backupsIntact(file);
  // Recovery: the next open finishes the job.
  const { openDatabase, closeDatabase } = await load('store/open.js');
  closeDatabase(openDatabase(file, { appRoot: ROOT, dailyBackup: false }));
  fs.rmSync(dir, { recursive: true, force: true });
  return { state, killed: res.signal === 'SIGKILL', ms: res.done[0] };
}

/** One import trial: the child imports files in a loop; kill at delayMs; every price list is whole. */
export async function importTrial(ctx, trial, delayMs) {
  const dir = fs.mkdtempSync(path.join(ctx.dir, `i${trial}-`));
  const file = path.join(dir, 'h.db');
  fs.copyFileSync(ctx.importDb, file);
  const res = await runChild(['import', file, ROOT, ...ctx.files], delayMs);
  check(res.signal === 'SIGKILL', `child was not killed: code ${res.code} ${res.err}`);
  integrity(file);
  const db = new Database(file);
  let lists;
  try {
    lists = db.prepare('SELECT l.id, l.file_name, (SELECT count(*) FROM price_items i WHERE i.price_list_id = l.id) AS n FROM price_lists l ORDER BY id').all();
    for (const l of lists) check(l.n === ctx.itemsPerFile[l.file_name], `price list ${l.id} (${l.file_name}) has ${l.n} of ${ctx.itemsPerFile[l.file_name]} items`);
    check(lists.length >= res.done.length, `${res.done.length} imports reported done but ${lists.length} lists committed`);
    check(lists.length <= res.done.length + 1, `${lists.length} lists but only ${res.done.length} imports done`);
    const steps = db.prepare("SELECT count(*) AS n FROM undo_steps WHERE method = 'prices.import'").get().n;
    check(steps === Math.min(lists.length, 50), `undo history has ${steps} import steps for ${lists.length} lists`);
    check(db.prepare('SELECT count(*) AS n FROM undo_log WHERE step NOT IN (SELECT id FROM undo_steps)').get().n === 0, 'orphaned undo rows');
  } finally { db.close(); }
  const { openDatabase, closeDatabase } = await load('store/open.js');
  closeDatabase(openDatabase(file, { appRoot: ROOT, dailyBackup: false }));
  fs.rmSync(dir, { recursive: true, force: true });
  return { lists: lists.length, done: res.done.length };
}

/** Runs `n` trials of each operation with kill delays drawn from `seed`; returns counts per op. */
export async function runTrials({ n, seed = 1, migrateWindowMs, importWindowMs, log = () => {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-crash-'));
  const ctx = await prepare(dir);
  const rand = rng(seed);
  // Calibrate the migration window with one uninterrupted run (the child reports its time).
  const cal = await migrationTrial(ctx, 'cal', null);
  const mWindow = migrateWindowMs ?? Math.max(20, cal.ms * 1.3);
  const iWindow = importWindowMs ?? 1500;
  const result = { migrate: { run: 0, passed: 0, killed: 0, states: {} }, import: { run: 0, passed: 0, lists: 0 }, dir, mWindow, iWindow };
  for (let t = 0; t < n; t++) {
    const md = rand() * mWindow;
    result.migrate.run++;
    const m = await migrationTrial(ctx, t, md);
    result.migrate.passed++;
    if (m.killed) result.migrate.killed++;
    result.migrate.states[m.state] = (result.migrate.states[m.state] ?? 0) + 1;
    const id = rand() * iWindow;
    result.import.run++;
    const i = await importTrial(ctx, t, id);
    result.import.passed++;
    result.import.lists += i.lists;
    log(`trial ${t}: migrate kill at ${md.toFixed(1)} ms → ${m.state}; import kill at ${id.toFixed(0)} ms → ${i.lists} whole lists`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Two different states (A: current, B: a backup) with enough rows that copying them takes a while. */
export async function prepareRestore(dir) {
  const { openDatabase, closeDatabase } = await load('store/open.js');
  const make = (file, tag, n) => {
    const db = openDatabase(file, { appRoot: ROOT, create: true, dailyBackup: false });
    db.exec('BEGIN');
    db.prepare("INSERT INTO sites (name, country, region, power_limit_kw, pue) VALUES (?, 'US', 'Virginia', 1000, 1.3)").run(`site-${tag}`);
    const ins = db.prepare("INSERT INTO clusters (site_id, gpu_id, gpus, mode, notes) VALUES (1, 'h100-sxm', ?, 'buy', ?)");
    for (let i = 0; i < n; i++) ins.run(1 + (i % 512), `${tag}-${i}-${'x'.repeat(200)}`);
    db.exec('COMMIT');
    closeDatabase(db);
  };
  const a = path.join(dir, 'state-a.db'), b = path.join(dir, 'state-b.db');
  make(a, 'A', 30_000);
  make(b, 'B', 20_000);
  const fingerprint = (file) => {
    const db = new Database(file, { readonly: true });
    try { return JSON.stringify(db.prepare("SELECT (SELECT name FROM sites) AS site, count(*) AS n, sum(gpus) AS g, max(notes) AS m FROM clusters").get()); } finally { db.close(); }
  };
  return { dir, a, b, fa: fingerprint(a), fb: fingerprint(b), fingerprint };
}

/** One restore trial over a healthy (in place) or garbage (replaced) current file, killed at delayMs. */
export async function restoreTrial(ctx, trial, delayMs, corrupt) {
  const dir = fs.mkdtempSync(path.join(ctx.dir, `r${trial}-`));
  const file = path.join(dir, 'h.db');
  const garbage = Buffer.from('not a database '.repeat(1000));
  if (corrupt) fs.writeFileSync(file, garbage); else fs.copyFileSync(ctx.a, file);
  const res = await runChild(['restore', file, ROOT, ctx.b], delayMs);
  check(res.signal === 'SIGKILL' || res.code === 0, `child failed: ${res.err}`);
  let state;
  if (corrupt && fs.readFileSync(file).equals(garbage)) {
    state = 'untouched';
  } else {
    integrity(file);
    const f = ctx.fingerprint(file);
    // A garbage file is either untouched (above) or the backup; a healthy one is the old or the backup.
    check(corrupt ? f === ctx.fb : f === ctx.fa || f === ctx.fb, `restored file is neither the old nor the backup: ${f}`);
    state = f === ctx.fb ? 'restored' : 'old';
  }
  // The copy of the previous file, once it carries its final name, is whole.
  const bdir = path.join(dir, 'backups');
  for (const name of fs.existsSync(bdir) ? fs.readdirSync(bdir).filter((x) => /-pre-restore(-raw)?\.db$/.test(x)) : []) {
    const p = path.join(bdir, name);
    if (name.includes('-raw')) check(fs.readFileSync(p).equals(garbage), 'raw copy of the previous file differs');
    else { integrity(p); check(ctx.fingerprint(p) === ctx.fa, 'pre-restore copy is not the previous file'); }
  }
  const { openDatabase, closeDatabase } = await load('store/open.js');
  if (state !== 'untouched') closeDatabase(openDatabase(file, { appRoot: ROOT, dailyBackup: false }));
  else { try { closeDatabase(openDatabase(file, { appRoot: ROOT, dailyBackup: false })); } catch { /* garbage: refused, as it should be */ } }
  // The open removed the temp files the killed restore left (issue 17 item 9), whatever the file was.
  const left = [dir, bdir].flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : []).filter((x) => /\.(tmp|restore)-\d+(-journal)?$/.test(x)));
  check(left.length === 0, `temp files left after the open: ${left.join(', ')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  return { state, killed: res.signal === 'SIGKILL', ms: res.done[0] };
}

/** One backup trial: `headroom backup --out` killed at delayMs; the out file is absent or whole, the source untouched. */
export async function backupTrial(ctx, trial, delayMs) {
  const dir = fs.mkdtempSync(path.join(ctx.dir, `b${trial}-`));
  const file = path.join(dir, 'h.db');
  fs.copyFileSync(ctx.a, file);
  const out = path.join(dir, 'copy.db');
  const res = await runChild(['backup', file, ROOT, out], delayMs);
  check(res.signal === 'SIGKILL' || res.code === 0, `child failed: ${res.err}`);
  integrity(file);
  check(ctx.fingerprint(file) === ctx.fa, 'the source changed');
  let state = 'absent';
  if (fs.existsSync(out)) {
    integrity(out);
    check(ctx.fingerprint(out) === ctx.fa, 'the backup differs from its source');
    state = 'written';
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { state, killed: res.signal === 'SIGKILL', ms: res.done[0] };
}

/** `n` restore trials (alternating healthy/corrupt current file) and `n` backup trials. */
export async function runFileTrials({ n, seed = 1, log = () => {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-crash-files-'));
  const ctx = await prepareRestore(dir);
  const rand = rng(seed);
  // Undisturbed time: the median of three runs (the first is often slow, caches cold).
  const median = (xs) => xs.sort((x, y) => x - y)[1];
  const calR = [], calB = [];
  for (let i = 0; i < 3; i++) {
    calR.push((await restoreTrial(ctx, `cal${i}`, null, false)).ms);
    calB.push((await backupTrial(ctx, `cal${i}`, null)).ms);
  }
  // Twice the undisturbed time: trials then end in every state (before, during, after the write).
  const rWindow = Math.max(20, median(calR) * 2), bWindow = Math.max(20, median(calB) * 2);
  const result = { restore: { run: 0, passed: 0, killed: 0, states: {} }, backup: { run: 0, passed: 0, killed: 0, states: {} }, rWindow, bWindow };
  for (let t = 0; t < n; t++) {
    const rd = rand() * rWindow;
    result.restore.run++;
    const r = await restoreTrial(ctx, t, rd, t % 2 === 1);
    result.restore.passed++;
    if (r.killed) result.restore.killed++;
    result.restore.states[r.state] = (result.restore.states[r.state] ?? 0) + 1;
    const bd = rand() * bWindow;
    result.backup.run++;
    const b = await backupTrial(ctx, t, bd);
    result.backup.passed++;
    if (b.killed) result.backup.killed++;
    result.backup.states[b.state] = (result.backup.states[b.state] ?? 0) + 1;
    log(`trial ${t}: restore kill at ${rd.toFixed(1)} ms → ${r.state}; backup kill at ${bd.toFixed(1)} ms → ${b.state}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}
