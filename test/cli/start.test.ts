// Pins `npm start` without an Electron binary: one line saying so, then the UI on 127.0.0.1 over a demo DB.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, tmpDir } from '../helpers/tmp';

describe('npm start (scripts/start.mjs)', () => {
  it('falls back to the web host with a token URL and creates the demo database in the user-data folder', async () => {
    const home = tmpDir();
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], { cwd: ROOT, env: { ...process.env, HEADROOM_HOME: home, HEADROOM_WEB: '1' }, detached: true });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL; got: ${out}`)), 60_000);
      child.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/);
        if (m) { clearTimeout(timer); resolve(m[0]); }
      });
    });
    try {
      const lines = out.trim().split('\n');
      expect(lines[0]).toMatch(/(Electron's binary is not installed here and could not be downloaded|HEADROOM_WEB is set), so Headroom runs in your browser/);
      expect(fs.existsSync(path.join(home, 'headroom.db'))).toBe(true);
      // The URL's token is swapped for a cookie and a redirect without it (issue 17); a browser keeps the cookie.
      const swap = await fetch(url, { redirect: 'manual' });
      expect(swap.status).toBe(303);
      const res = await fetch(new URL(swap.headers.get('location')!, url), { headers: { Cookie: swap.headers.get('set-cookie')!.split(';')[0] } });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<div id="app">');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
    }
  });
});
