import { chromium } from 'playwright-core';
const [url, out, lang] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const p = await b.newPage({ viewport: { width: 1400, height: 1000 } });
p.on('console', (m) => console.log('console:', m.type(), m.text()));
p.on('pageerror', (e) => console.log('pageerror:', e.message));
await p.goto(url);
await p.waitForTimeout(1200);
if (lang === 'zh') { await p.click('[data-testid=lang-switch]'); await p.waitForTimeout(500); }
await p.screenshot({ path: out, fullPage: true });
await b.close();
