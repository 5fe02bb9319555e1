// Real Chromium for e2e tests. No browser → the suite fails loudly (never skips).
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoDb, serve } from './tmp';

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(p)) {
    throw new Error(`e2e tests need Chromium at ${p} (install Debian's chromium or set CHROMIUM_PATH); refusing to skip`);
  }
  return p;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type Served = Awaited<ReturnType<typeof serve>>;

/** `headroom serve` on dbPath + Chromium + one page whose uncaught errors land in `errors`. */
export async function openApp(dbPath: string, errors: string[]): Promise<{ srv: Served; browser: Browser; page: Page }> {
  const srv = await serve(dbPath);
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  return { srv, browser, page };
}

export async function closeApp(browser: Browser | undefined, srv: Served | undefined): Promise<void> {
  await browser?.close();
  await srv?.stop();
}

/** A fresh demo database served and opened at `hash` (the first page by default), once `ready` is on screen. */
export async function openDemoApp(errors: string[], ready: string, hash = ''): Promise<{ db: string; srv: Served; browser: Browser; page: Page }> {
  const db = demoDb();
  const app = await openApp(db, errors);
  await app.page.goto(`${app.srv.url}${hash}`);
  await app.page.waitForSelector(ready);
  return { db, ...app };
}
