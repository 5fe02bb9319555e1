// Pins the import worker: the compiled worker thread previews exactly what the in-process
// pipeline does (CSV and XLSX), reports progress, turns a refusal into the same ApiError,
// and cancels by terminate; and the web host uses it for big files.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { previewInWorker } from '../../src-main/workers/import-worker.js';
import { previewImport } from '../../src-main/io/import/preview.js';
import { ApiError } from '../../src-main/api/errors.js';
import { compileWorker } from '../helpers/compile-worker.js';
import { demoDb, serve } from '../helpers/tmp.js';
import { samplesDir, shippedCatalog } from './helpers.js';

let workerUrl: URL;
beforeAll(() => { workerUrl = compileWorker('workers/import-worker.ts'); }, 120_000);

const bigCsv = (n: number) => Buffer.from(['Part Number,Description,Qty,Unit Price (USD)',
  ...Array.from({ length: n }, (_, i) => `P-${i},NVIDIA H100 PCIe 80GB,${1 + (i % 9)},"$${(25000 + i).toLocaleString('en-US')}.00"`)].join('\n'));

describe('import worker', () => {
  it.each(['vendor_en_quote.csv', 'vendor_cn_quote_gbk.csv', 'cloud_rates.xlsx'])('previews %s exactly as in-process', async (name) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, name)));
    const here = previewImport(bytes, name, shippedCatalog());
    const there = await previewInWorker(bytes, name, shippedCatalog(), { workerUrl });
    expect(there).toEqual(here);
  });

  it('reports progress in rows and ends at the total', async () => {
    const seen: [number, number][] = [];
    const p = await previewInWorker(new Uint8Array(bigCsv(9000)), 'big.csv', shippedCatalog(), { workerUrl, onProgress: (d, t) => seen.push([d, t]) });
    expect(p.items).toHaveLength(9000);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(seen.at(-1)).toEqual([9000, 9000]);
  });

  it('a big answer comes back in acknowledged slices, one per event-loop turn, identical to the in-process preview', async () => {
    // 9,000 items and some rejected rows: more than one PREVIEW_SLICE (2,000) of each kind.
    const rows = ['Part Number,Description,Qty,Unit Price (USD)', ...Array.from({ length: 9000 }, (_, i) => `P-${i},NVIDIA H100 PCIe 80GB,1,"$${25000 + i}.00"`),
      ...Array.from({ length: 2500 }, (_, i) => `X-${i},Rack rail kit ${i},1,"$${10 + i}.00"`)];
    const bytes = new Uint8Array(Buffer.from(rows.join('\n')));
    const here = previewImport(bytes, 'slices.csv', shippedCatalog());
    expect(here.items.length).toBe(9000);
    expect(here.rejected.length).toBe(2500);
    // A timer set while the answer arrives runs between slices (the loop is not held for the whole answer).
    let ticks = 0;
    const t = setInterval(() => { ticks++; }, 0);
    const there = await previewInWorker(bytes, 'slices.csv', shippedCatalog(), { workerUrl });
    clearInterval(t);
    expect(there).toEqual(here);
    expect(ticks).toBeGreaterThan(0);
  });

  it('a file that cannot be read rejects with the same ApiError', async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(samplesDir, 'broken.xlsx')));
    let inProcess: unknown;
    try { previewImport(bytes, 'broken.xlsx', shippedCatalog()); } catch (e) { inProcess = e; }
    const e = await previewInWorker(bytes, 'broken.xlsx', shippedCatalog(), { workerUrl }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'unreadable', message: (inProcess as Error).message });
  });

  it('cancels: an aborted preview rejects with code cancelled', async () => {
    const ac = new AbortController();
    const p = previewInWorker(new Uint8Array(bigCsv(60_000)), 'big.csv', shippedCatalog(), { workerUrl, signal: ac.signal, onProgress: () => ac.abort() });
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
  });
});

describe('web host: big files go through the worker', () => {
  it('previews a 1 MB CSV sent as bytes, with the same counts as the CLI path', async () => {
    const srv = await serve(demoDb());
    try {
      const body = bigCsv(20_000);
      expect(body.length).toBeGreaterThan(512 * 1024);
      const r = await fetch(`${srv.base}/api/prices.preview`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${srv.token}` },
        body: JSON.stringify({ data_base64: body.toString('base64'), file_name: 'big.csv', summary: true }),
      });
      expect(r.status).toBe(200);
      const out = (await r.json()) as { result: { imported: number; rejected: unknown[] } };
      expect(out.result.imported).toBe(20_000);
      expect(out.result.rejected).toEqual([]);
    } finally { await srv.stop(); }
  });
});
