// Reads and previews a big price list off the calling thread. SheetJS's parse of a large XLSX
// is one blocking call (seconds for 100k rows); in the desktop app that would freeze the main
// process and every IPC reply with it. The same file is the worker (when started with
// workerData.importPreview) and the runner `previewInWorker`; cancel terminates the worker.
// Only the preview runs here: the commit stays with the caller's database connection.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { previewImportAsync, type ImportPreview, type PreviewOptions } from '../io/import/preview.js';
import type { ImportCatalog } from '../io/import/gpu-match.js';
import { ApiError, type ApiErrorCode } from '../api/errors.js';

type Message =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; preview: ImportPreview }
  | { type: 'error'; code: ApiErrorCode | null; message: string; field?: string; detail?: unknown };

export interface PreviewRun {
  mapping?: PreviewOptions['mapping'];
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Compiled worker script; default: this module's own .js file. */
  workerUrl?: URL;
}

const cancelled = () => new ApiError('cancelled', 'import cancelled; nothing was written');

/** Previews in a worker thread; the result, errors (as ApiError) and progress match previewImportAsync. */
export function previewInWorker(bytes: Uint8Array, fileName: string, catalog: ImportCatalog, run: PreviewRun = {}): Promise<ImportPreview> {
  const url = run.workerUrl ?? new URL(import.meta.url);
  // Under a TS loader (vitest) there is no compiled worker file: preview here instead.
  if (!run.workerUrl && (!url.pathname.endsWith('.js') || !existsSync(fileURLToPath(url)))) {
    return previewImportAsync(bytes, fileName, catalog, { mapping: run.mapping, onProgress: run.onProgress, signal: run.signal });
  }
  return new Promise((resolve, reject) => {
    if (run.signal?.aborted) { reject(cancelled()); return; }
    const worker = new Worker(url, { workerData: { importPreview: true, bytes, fileName, catalog, mapping: run.mapping } });
    let settled = false;
    const finish = (fn: () => void) => { if (!settled) { settled = true; run.signal?.removeEventListener('abort', onAbort); fn(); } };
    const onAbort = () => { void worker.terminate(); finish(() => reject(cancelled())); };
    run.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: Message) => {
      if (msg.type === 'progress') run.onProgress?.(msg.done, msg.total);
      else if (msg.type === 'done') { finish(() => resolve(msg.preview)); void worker.terminate(); }
      else finish(() => reject(msg.code ? new ApiError(msg.code, msg.message, msg.field, msg.detail) : new Error(msg.message)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`import worker exited with code ${code}`))));
  });
}

if (!isMainThread && parentPort && (workerData as { importPreview?: boolean } | null)?.importPreview) {
  const port = parentPort;
  const { bytes, fileName, catalog, mapping } = workerData as { bytes: Uint8Array; fileName: string; catalog: ImportCatalog; mapping?: PreviewOptions['mapping'] };
  previewImportAsync(bytes, fileName, catalog, { mapping, onProgress: (done, total) => port.postMessage({ type: 'progress', done, total } satisfies Message) })
    .then((preview) => port.postMessage({ type: 'done', preview } satisfies Message))
    .catch((err: unknown) => port.postMessage((err instanceof ApiError
      ? { type: 'error', code: err.code, message: err.message, field: err.field, detail: err.detail }
      : { type: 'error', code: null, message: err instanceof Error ? err.message : String(err) }) satisfies Message));
}
