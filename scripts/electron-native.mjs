// better-sqlite3 for Electron, kept apart from the Node build so both load without a
// manual rebuild: a copy of the package is built for Electron's ABI under
// build/native/electron/, and the main process passes it as `nativeBinding`.
// (electron-builder's own rebuild would wipe the Node build: TOOLCHAIN.md pitfall 9.)
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const electronBinding = path.join(root, 'build', 'native', 'electron', 'better_sqlite3.node');

export function electronVersion() {
  return JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

export function ensureElectronSqlite() {
  const stamp = electronBinding + '.' + electronVersion();
  if (existsSync(electronBinding) && existsSync(stamp)) return electronBinding;
  const work = path.join(root, 'build', 'native', 'better-sqlite3-electron');
  rmSync(work, { recursive: true, force: true });
  cpSync(path.join(root, 'node_modules', 'better-sqlite3'), work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
  const env = { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion(), npm_config_disturl: 'https://electronjs.org/headers' };
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'prebuild-install', 'bin.js'), '--runtime', 'electron', '--target', electronVersion()], { cwd: work, env, stdio: 'inherit' });
  } catch {
    execFileSync(process.execPath, [path.join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), 'rebuild', '--release', `--target=${electronVersion()}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron'], { cwd: work, env, stdio: 'inherit' });
  }
  mkdirSync(path.dirname(electronBinding), { recursive: true });
  cpSync(path.join(work, 'build', 'Release', 'better_sqlite3.node'), electronBinding);
  cpSync(electronBinding, stamp);
  return electronBinding;
}
