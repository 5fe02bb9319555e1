// Dev helper: screenshots of pages through a running `headroom serve`.
// usage: node scripts/screenshot.mjs URL OUT_PREFIX [lang] [page ...]
import { chromium } from 'playwright-core';
const [url, out, lang = 'en', ...pages] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on('pageerror', (e) => console.log('pageerror:', e.message));
await p.goto(url);
await p.waitForTimeout(1000);
if (lang === 'zh') { await p.click('[data-testid=lang-switch]'); await p.waitForTimeout(300); }
for (const id of pages.length ? pages : ['inventory']) {
  await p.click(`nav [data-page=${id}]`);
  await p.waitForTimeout(Number(process.env.WAIT ?? 2500));
  await p.screenshot({ path: `${out}-${id}.png`, fullPage: true });
}
await b.close();
