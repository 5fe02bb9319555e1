// `npm start`: the desktop app when Electron's binary is installed; otherwise one line
// saying so, then the same UI on 127.0.0.1 over a demo database in the user-data folder.
import { existsSync, readFileSync } from 'node:fs';
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

/** electron 45 fetches its binary lazily, on first use; do that once, here, before giving up. */
function fetchElectron() {
  try {
    const dir = path.dirname(require.resolve('electron/package.json'));
    spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 10 * 60_000 });
  } catch { /* no electron package: web UI */ }
  return electronBinary();
}

const args = process.argv.slice(2);
const bin = electronBinary() ?? (process.env.HEADROOM_WEB ? null : fetchElectron());
if (bin && !process.env.HEADROOM_WEB) {
  const { ensureElectronSqlite } = await import('./electron-native.mjs');
  ensureElectronSqlite();
  const child = spawn(bin, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  // Same folder rule as the app itself (src-main/app/paths.ts), from the build made above.
  const { defaultDbPath } = await import(pathToFileURL(path.join(root, 'build', 'main', 'app', 'paths.js')).href);
  const dbPath = defaultDbPath();
  const why = process.env.HEADROOM_WEB ? 'HEADROOM_WEB is set' : "Electron's binary is not installed here and could not be downloaded";
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
