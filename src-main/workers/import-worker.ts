// Reads and previews a big price list off the calling thread. SheetJS's parse of a large XLSX
// is one blocking call (seconds for 100k rows); in the desktop app that would freeze the main
// process and every IPC reply with it. The same file is the worker (when started with
// workerData.importPreview) and the runner `previewInWorker`; cancel terminates the worker.
// Only the preview runs here: the commit stays with the caller's database connection.
// Actuals files (workerData.actualsPreview, `previewActualsInWorker`) are read the same way.
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { compiledWorker, runWorker, type WorkerReply } from './run-worker.js';
import { previewImportAsync, type ImportPreview, type PreviewOptions } from '../io/import/preview.js';
import type { ImportCatalog } from '../io/import/gpu-match.js';
import { ApiError } from '../shared/errors.js';
import { previewActuals, type ActualsOptions, type ActualsPreview } from '../io/actuals/read.js';

type Message = WorkerReply<ImportPreview, { done: number; total: number }>;

export interface PreviewRun {
  mapping?: PreviewOptions['mapping'];
  vendorCurrency?: PreviewOptions['vendorCurrency'];
  onProgress?: (done: number, total: number) => void;
  /** The first rows of a long file, before the rest is read (see PreviewOptions.onEarly). */
  onEarly?: PreviewOptions['onEarly'];
  signal?: AbortSignal;
  /** Compiled worker script; default: this module's own .js file. */
  workerUrl?: URL;
}

const cancelled = () => new ApiError('cancelled', 'import cancelled; nothing was written');

/** Previews in a worker thread; the result, errors (as ApiError) and progress match previewImportAsync. */
export function previewInWorker(bytes: Uint8Array, fileName: string, catalog: ImportCatalog, run: PreviewRun = {}): Promise<ImportPreview> {
  const url = compiledWorker(import.meta.url, run.workerUrl);
  // Under a TS loader (vitest) there is no compiled worker file: preview here instead.
  if (!url) return previewImportAsync(bytes, fileName, catalog, { mapping: run.mapping, vendorCurrency: run.vendorCurrency, onProgress: run.onProgress, onEarly: run.onEarly, signal: run.signal });
  const items: ImportPreview['items'] = [];
  const rejected: ImportPreview['rejected'] = [];
  return runWorker<ImportPreview, { done: number; total: number }>(url, { importPreview: true, bytes, fileName, catalog, mapping: run.mapping, vendorCurrency: run.vendorCurrency, early: !!run.onEarly }, {
    signal: run.signal,
    onProgress: run.onProgress ? (p) => run.onProgress!(p.done, p.total) : undefined,
    onPart: (part) => {
      const p = part as PreviewPart;
      if (p.early) { run.onEarly?.(p.early.preview, p.early.done, p.early.total); return; }
      for (const x of p.items ?? []) items.push(x);
      for (const x of p.rejected ?? []) rejected.push(x);
    },
    cancelled,
    failed: (m) => (m.code ? new ApiError(m.code, m.message, m.field, m.detail) : new Error(m.message)),
    name: 'import',
  }).then((r) => ({ ...r, items, rejected }));
}

/** Rows per slice of a preview sent back to the host (a few ms to deserialise each). */
export const PREVIEW_SLICE = 2_000;
type PreviewPart = { items?: ImportPreview['items']; rejected?: ImportPreview['rejected']; early?: { preview: ImportPreview; done: number; total: number } };

/** Reads an actuals file in a worker thread (previewActuals: read, map, check every row); errors as ApiError. */
export async function previewActualsInWorker(bytes: Uint8Array, fileName: string, opts: ActualsOptions, run: Omit<PreviewRun, 'mapping' | 'vendorCurrency'> = {}): Promise<ActualsPreview> {
  const url = compiledWorker(import.meta.url, run.workerUrl);
  if (!url) {
    if (run.signal?.aborted) throw cancelled();
    return previewActuals(bytes, fileName, opts, run.onProgress);
  }
  return runWorker<ActualsPreview, { done: number; total: number }>(url, { actualsPreview: true, bytes, fileName, opts }, {
    signal: run.signal,
    onProgress: run.onProgress ? (p) => run.onProgress!(p.done, p.total) : undefined,
    cancelled,
    failed: (m) => (m.code ? new ApiError(m.code, m.message, m.field, m.detail) : new Error(m.message)),
    name: 'actuals import',
  });
}

const errorReply = (err: unknown): Message => (err instanceof ApiError
  ? { type: 'error', code: err.code, message: err.message, field: err.field, detail: err.detail }
  : { type: 'error', code: null, message: err instanceof Error ? err.message : String(err) });

if (!isMainThread && parentPort && (workerData as { actualsPreview?: boolean } | null)?.actualsPreview) {
  const port = parentPort;
  const { bytes, fileName, opts } = workerData as { bytes: Uint8Array; fileName: string; opts: ActualsOptions };
  try {
    const result = previewActuals(bytes, fileName, opts, (done, total) => port.postMessage({ type: 'progress', progress: { done, total } } satisfies Message));
    port.postMessage({ type: 'done', result } satisfies WorkerReply<ActualsPreview, { done: number; total: number }>);
  } catch (err) {
    port.postMessage(errorReply(err));
  }
}

if (!isMainThread && parentPort && (workerData as { importPreview?: boolean } | null)?.importPreview) {
  const port = parentPort;
  const { bytes, fileName, catalog, mapping, vendorCurrency, early } = workerData as { bytes: Uint8Array; fileName: string; catalog: ImportCatalog; mapping?: PreviewOptions['mapping']; vendorCurrency?: PreviewOptions['vendorCurrency']; early?: boolean };
  let next: (() => void) | null = null;
  port.on('message', (m) => { if (m === 'next' && next) { const go = next; next = null; go(); } });
  const send = (part: PreviewPart) => new Promise<void>((resolve) => { next = resolve; port.postMessage({ type: 'part', part } satisfies Message); });
  previewImportAsync(bytes, fileName, catalog, {
    mapping, vendorCurrency, onProgress: (done, total) => port.postMessage({ type: 'progress', progress: { done, total } } satisfies Message),
    // Not acknowledged: a few thousand rows at most, sent once while the rest is read.
    ...(early ? { onEarly: (preview: ImportPreview, done: number, total: number) => port.postMessage({ type: 'part', part: { early: { preview, done, total } } } satisfies Message) } : {}),
  })
    .then(async (result) => {
      // The rows in slices (each acknowledged), then the rest of the answer without them.
      for (let i = 0; i < result.items.length; i += PREVIEW_SLICE) await send({ items: result.items.slice(i, i + PREVIEW_SLICE) });
      for (let i = 0; i < result.rejected.length; i += PREVIEW_SLICE) await send({ rejected: result.rejected.slice(i, i + PREVIEW_SLICE) });
      port.postMessage({ type: 'done', result: { ...result, items: [], rejected: [] } } satisfies Message);
    })
    .catch((err: unknown) => port.postMessage((err instanceof ApiError
      ? { type: 'error', code: err.code, message: err.message, field: err.field, detail: err.detail }
      : { type: 'error', code: null, message: err instanceof Error ? err.message : String(err) }) satisfies Message));
}
