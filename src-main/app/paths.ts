// Where the app's own files are (db/ migrations and seed data) and where user data goes.
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder holding package.json: build/main/app/paths.js → ../../.. ; src-main/app → ../.. */
export function appRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'db'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the Headroom app folder (package.json + db/)');
}

/** The OS user-data folder Electron would use for an app named Headroom. */
export function userDataDir(): string {
  if (process.env.HEADROOM_HOME) return process.env.HEADROOM_HOME;
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Headroom');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Headroom');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Headroom');
}

export function defaultDbPath(): string {
  return path.join(userDataDir(), 'headroom.db');
}
