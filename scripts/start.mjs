// `npm start`: the desktop app when Electron's binary is installed; otherwise one line
// saying so, then the same UI on 127.0.0.1 over a demo database in the user-data folder.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

if (!existsSync(path.join(root, 'build', 'main', 'cli', 'entry.js')) || !existsSync(path.join(root, 'build', 'renderer', 'index.html'))) {
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
}

/** Electron's binary, found without require('electron') (which would try to download it). */
function electronBinary() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    const p = path.join(dir, 'path.txt');
    if (!existsSync(p)) return null;
    const bin = path.join(dir, 'dist', readFileSync(p, 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Where a failed Electron download is remembered, so later starts do not retry it silently. */
const failMark = path.join(root, 'build', 'electron-download-failed.json');

/** electron 45 fetches its binary lazily, on first use; do that once, here, before giving up.
 * A failure is remembered in build/electron-download-failed.json (per Electron version): later
 * starts skip the download and say so in one line; HEADROOM_RETRY_ELECTRON=1 (or deleting that
 * file) tries again. Returns the binary or { failed: reason }. */
function fetchElectron() {
  let dir, version;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
    version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return { failed: 'the electron package is not installed' };
  }
  if (!process.env.HEADROOM_RETRY_ELECTRON && existsSync(failMark)) {
    try {
      const m = JSON.parse(readFileSync(failMark, 'utf8'));
      if (m.version === version) return { failed: m.reason, cached: m.at };
    } catch { /* unreadable mark: try again */ }
  }
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], { encoding: 'utf8', timeout: 10 * 60_000 });
  const bin = electronBinary();
  if (bin) { rmSync(failMark, { force: true }); return bin; }
  const text = `${r.stderr ?? ''}\n${r.stdout ?? ''}`;
  const reason = (text.match(/(getaddrinfo \S+ \S+|fetch failed|ETIMEDOUT|ECONNREFUSED|ENOTFOUND \S+|HTTPError[^\n]*)/)?.[0] ?? (r.error ? r.error.message : text.trim().split('\n').pop()) ?? 'unknown error').trim();
  try {
    mkdirSync(path.dirname(failMark), { recursive: true });
    writeFileSync(failMark, JSON.stringify({ version, reason, at: new Date().toISOString() }) + '\n');
  } catch { /* read-only checkout: retry next time */ }
  return { failed: reason };
}

const args = process.argv.slice(2);
const found = electronBinary() ?? (process.env.HEADROOM_WEB ? null : fetchElectron());
const bin = typeof found === 'string' ? found : null;
if (bin && !process.env.HEADROOM_WEB) {
  const { ensureElectronSqlite } = await import('./electron-native.mjs');
  ensureElectronSqlite();
  const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  // Same folder rule as the app itself (src-main/app/paths.ts), from the build made above.
  const { defaultDbPath } = await import(pathToFileURL(path.join(root, 'build', 'main', 'app', 'paths.js')).href);
  const dbPath = defaultDbPath();
  const why = process.env.HEADROOM_WEB ? 'HEADROOM_WEB is set'
    : found?.cached ? `Electron's binary is not installed here and could not be downloaded (${found.failed}; not retried since ${found.cached.slice(0, 16).replace('T', ' ')} UTC: HEADROOM_RETRY_ELECTRON=1 npm start tries again)`
    : `Electron's binary is not installed here and could not be downloaded (${found?.failed ?? 'unknown error'}; remembered, so the next start does not wait for it)`;
  console.log(`${why}, so Headroom runs in your browser instead (database: ${dbPath}).`);
  const cli = path.join(root, 'bin', 'headroom.mjs');
  if (!existsSync(dbPath)) execFileSync(process.execPath, [cli, 'demo', '--db', dbPath], { stdio: 'inherit' });
  const port = process.env.PORT ?? '0';
  const child = spawn(process.execPath, [cli, 'serve', '--db', dbPath, '--port', port], { stdio: 'inherit' });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  child.on('exit', (code) => process.exit(code ?? 0));
}
