// Prices: vendor price-list import (dry run and commit on one path), the price book,
// price lists, manual entries/discounts, confirmed GPU aliases and saved column mappings.
import path from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Decimal } from 'decimal.js';
import { method } from '../method.js';
import { ApiError, badRequest, notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import type { LocalPath } from '../../shared/local-path.js';
import { readLocalFile } from '../../store/local-file.js';
import { closest } from '../../shared/suggest.js';
import { previewInWorker } from '../../workers/import-worker.js';
import { commitImportInTurns } from '../../io/import/commit.js';
import type { ImportPreview } from '../../io/import/preview.js';
import { MAX_BYTES } from '../../io/import/read.js';
import { ISO_CURRENCIES } from '../../io/import/values.js';
import { importMappingSchema, type ImportMapping } from '../../io/import/mapping.js';
import * as store from '../../store/prices.js';
import { currencySchema } from '../schemas/common.js';
import { gpuIds } from '../../store/inventory.js';
import {
  dateSchema, importInputSchema, importOutputSchema, importPageRowSchema, manualInputSchema, priceBookEntrySchema, priceItemSchema, priceListSchema,
} from '../schemas/prices.js';

/** Extensions a price list may have (STYLE.md rule 12: allowlist, regular file, size cap). */
export const IMPORT_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls', '.json'];

function readImportFile(p: LocalPath): { bytes: Uint8Array; name: string } {
  const f = readLocalFile(p, { field: 'path', extensions: IMPORT_EXTENSIONS, maxBytes: MAX_BYTES });
  return { bytes: new Uint8Array(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), name: f.name };
}

function resolveGpu(ctx: AppContext, id: string): string {
  if (store.gpuExists(ctx.db, id)) return id;
  const ids = gpuIds(ctx.db);
  throw new ApiError('bad_request', `gpu_id: unknown GPU "${id}"; did you mean ${closest(id, ids).join(', ')}?`, 'gpu_id', { suggestions: closest(id, ids) });
}


const today = (ctx: AppContext) => ctx.now().toISOString().slice(0, 10);

/**
 * The one import path: read → map → preview (prepareImport: outside any transaction, in a
 * worker thread), then (unless a dry run) commit the very preview that was computed
 * (finishImport: the only part under the write lock). 'prices.preview' and 'prices.import' both run this.
 */
async function prepareImport(ctx: AppContext, input: z.infer<typeof importInputSchema>) {
  const file = input.path !== undefined
    ? readImportFile(input.path)
    : input.data_base64 !== undefined
      ? { bytes: new Uint8Array(Buffer.from(input.data_base64, 'base64')), name: path.basename(input.file_name!) }
      : input.data_bytes !== undefined
        // A view of the bytes as sent (IPC may hand over a Buffer): no copy.
        ? { bytes: new Uint8Array(input.data_bytes.buffer, input.data_bytes.byteOffset, input.data_bytes.byteLength), name: path.basename(input.file_name!) }
        : heldFile(ctx, input.data_sha256!, input.file_name!);
  // The wizard's file by its SHA-256, hashed once (a file named by hash was checked against it in heldFile):
  // it names the held file and keys the kept preview.
  const fileSha = input.rows ? (input.data_sha256?.toLowerCase() ?? createHash('sha256').update(file.bytes).digest('hex')) : null;
  // The wizard's file is held (one per database) so its page turns and its second look name it by hash.
  if (fileSha && (input.data_base64 !== undefined || input.data_bytes !== undefined)) lastFile.set(ctx.db, { sha256: fileSha, bytes: file.bytes });
  if (input.path === undefined && !IMPORT_EXTENSIONS.includes(path.extname(file.name).toLowerCase())) {
    throw badRequest('file_name', `price lists must be ${IMPORT_EXTENSIONS.join(', ')} files`);
  }
  // A vendor's saved mapping applies unless one is given (which is then saved on commit).
  let mapping: ImportMapping | undefined = input.mapping;
  if (!mapping && input.vendor) {
    const saved = store.getMapping(ctx.db, input.vendor);
    const parsed = saved ? importMappingSchema.safeParse(saved) : null;
    if (parsed?.success) mapping = parsed.data;
  }
  const onProgress = ctx.progress ? (d: number, t: number) => ctx.progress!(d, t, 'rows') : undefined;
  // For the desktop app and the web UI a big file is read in a worker thread, so the host keeps
  // answering (progress, cancel, other calls); a CLI one-shot reads it in place.
  const catalog = store.importCatalog(ctx.db);
  // The vendor's usual currency (a setting) stands in when the file names none.
  const usual = input.vendor ? store.getVendorCurrency(ctx.db, input.vendor) : null;
  const vendorCurrency = usual && input.vendor ? { vendor: input.vendor, currency: usual } : undefined;
  // Always off the calling thread (whatever the file's size: parse work grows with cells, not
  // bytes), so the host keeps answering; under a TS loader (vitest) previewInWorker runs in place.
  // The wizard pages through one file's rows (issue 18): the same bytes, mapping, currency and catalog
  // give the same preview, so the last one is kept per database and a page turn does not read the file again.
  const key = fileSha ? createHash('sha256').update(fileSha).update(JSON.stringify([file.name, mapping ?? null, vendorCurrency ?? null, catalog])).digest('hex') : null;
  const cached = key ? lastPreview.get(ctx.db) : undefined;
  if (key && cached?.key === key) return { preview: cached.preview, mapping, name: file.name };
  if (!key) return { preview: await previewInWorker(file.bytes, file.name, catalog, { mapping, vendorCurrency, onProgress, signal: ctx.signal }), mapping, name: file.name };
  // The same file still being read (the wizard asks again for the whole after its first rows): wait for it.
  const running = pendingPreview.get(ctx.db);
  if (running?.key === key) return { preview: await running.wait(ctx.signal, onProgress), mapping, name: file.name };
  const reading = startPreview(ctx.db, key, () => file.bytes, file.name, catalog, { mapping, vendorCurrency });
  if (input.rows?.early) {
    // First rows now, the rest read on: the answer says how far it got, and the next call gets the whole.
    const first = await reading.first(ctx.signal, onProgress);
    if (first) return { preview: first.preview, mapping, name: file.name, reading: { done: first.done, total: first.total } };
  }
  return { preview: await reading.wait(ctx.signal, onProgress), mapping, name: file.name };
}

type Early = { preview: ImportPreview; done: number; total: number };

/**
 * One preview being read in a worker for the wizard: callers wait for its first rows or the
 * whole; each waiting caller's progress and cancel reach the worker only while it waits.
 */
function startPreview(db: object, key: string, bytes: () => Uint8Array, name: string, catalog: ReturnType<typeof store.importCatalog>, opts: { mapping?: ImportMapping; vendorCurrency?: { vendor: string; currency: string } }) {
  const ctrl = new AbortController();
  const listeners = new Set<(d: number, t: number) => void>();
  let early: (e: Early | null) => void = () => {};
  const earlyP = new Promise<Early | null>((res) => { early = res; });
  const full = previewInWorker(bytes(), name, catalog, {
    ...opts, signal: ctrl.signal,
    onProgress: (d, t) => { for (const l of listeners) l(d, t); },
    onEarly: (preview, done, total) => early({ preview, done, total }),
  });
  full.then((preview) => { lastPreview.set(db, { key, preview }); }, () => {}).finally(() => {
    early(null);
    if (pendingPreview.get(db)?.full === full) pendingPreview.delete(db);
  });
  const during = async <T>(p: Promise<T>, signal?: AbortSignal, onProgress?: (d: number, t: number) => void): Promise<T> => {
    const abort = () => ctrl.abort();
    signal?.addEventListener('abort', abort, { once: true });
    if (onProgress) listeners.add(onProgress);
    try { return await p; } finally { signal?.removeEventListener('abort', abort); if (onProgress) listeners.delete(onProgress); }
  };
  const entry = {
    key, full,
    wait: (signal?: AbortSignal, onProgress?: (d: number, t: number) => void) => during(full, signal, onProgress),
    first: (signal?: AbortSignal, onProgress?: (d: number, t: number) => void) => during(Promise.race([earlyP, full.then(() => null)]), signal, onProgress),
  };
  pendingPreview.set(db, entry);
  return entry;
}

/** The wizard's preview still being read, per database. */
const pendingPreview = new WeakMap<object, { key: string; full: Promise<ImportPreview>; wait: (signal?: AbortSignal, onProgress?: (d: number, t: number) => void) => Promise<ImportPreview> }>();

/** The file the wizard last sent, per database (its bytes, by SHA-256). */
const lastFile = new WeakMap<object, { sha256: string; bytes: Uint8Array }>();

function heldFile(ctx: AppContext, sha256: string, fileName: string): { bytes: Uint8Array; name: string } {
  const held = lastFile.get(ctx.db);
  if (!held || held.sha256 !== sha256.toLowerCase()) throw badRequest('data_sha256', 'that file is no longer held here: send its bytes (data_bytes or data_base64) again');
  return { bytes: held.bytes, name: path.basename(fileName) };
}

/** The last paged preview per database (one file at a time: the wizard's). */
const lastPreview = new WeakMap<object, { key: string; preview: ImportPreview }>();

type PageRow = z.infer<typeof importPageRowSchema>;

/** One page of a preview's rows in file order (sheet, then row): all, only rejected, or only those to import. */
export function previewPage(preview: ImportPreview, show: 'all' | 'rejected' | 'ok', offset: number, limit: number): { total: number; rows: PageRow[] } {
  const sheetAt = new Map(preview.sheets.map((s, i) => [s.name ?? '', i]));
  const byOrder = (a: { row: number; sheet?: string }, b: { row: number; sheet?: string }) =>
    (sheetAt.get(a.sheet ?? '') ?? 0) - (sheetAt.get(b.sheet ?? '') ?? 0) || a.row - b.row;
  const okRow = (i: ImportPreview['items'][number]): PageRow => ({
    row: i.row, ...(i.sheet !== undefined ? { sheet: i.sheet } : {}), ok: true, text: i.source_text, gpu_id: i.gpu_id, kind: i.kind,
    unit_price: i.unit_price, currency: i.currency, gpus_per_unit: i.gpus_per_unit, valid_from: i.valid_from,
  });
  const badRow = (r: ImportPreview['rejected'][number]): PageRow => ({
    row: r.row, ...(r.sheet !== undefined ? { sheet: r.sheet } : {}), ok: false, text: r.text, reason: r.reason, detail: r.detail,
    ...(r.suggestions ? { suggestions: r.suggestions } : {}),
  });
  if (show === 'ok') return { total: preview.items.length, rows: [...preview.items].sort(byOrder).slice(offset, offset + limit).map(okRow) };
  if (show === 'rejected') return { total: preview.rejected.length, rows: [...preview.rejected].sort(byOrder).slice(offset, offset + limit).map(badRow) };
  // Both lists are each in file order already (sorted here to be sure): merge them up to the page's end.
  const items = [...preview.items].sort(byOrder), rejected = [...preview.rejected].sort(byOrder);
  const rows: PageRow[] = [];
  let i = 0, j = 0;
  while (rows.length < offset + limit && (i < items.length || j < rejected.length)) {
    if (j >= rejected.length || (i < items.length && byOrder(items[i], rejected[j]) <= 0)) rows.push(okRow(items[i++]));
    else rows.push(badRow(rejected[j++]));
  }
  return { total: items.length + rejected.length, rows: rows.slice(offset) };
}

type Prepared = Awaited<ReturnType<typeof prepareImport>>;

async function finishImport(ctx: AppContext, input: z.infer<typeof importInputSchema>, { preview, mapping, name, reading }: Prepared, dryRun: boolean): Promise<z.infer<typeof importOutputSchema>> {
  const vendor = input.vendor ?? preview.vendor_guess ?? path.parse(name).name;
  const already = store.listByHash(ctx.db, preview.sha256);
  let listId: number | null = null;
  // A file in which no row is a price writes nothing (no empty list); its rejected rows are the answer.
  if (!dryRun && preview.items.length > 0) {
    listId = (await commitImportInTurns(ctx.db, preview, { vendor, force: input.force, now: ctx.now(), notes: input.notes, mapping: input.mapping && input.vendor ? input.mapping : undefined }, ctx.signal)).price_list_id;
  }
  const reasons: Record<string, number> = {};
  for (const r of preview.rejected) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
  const page = input.rows ? { ...input.rows, ...previewPage(preview, input.rows.show, input.rows.offset, input.rows.limit) } : undefined;
  return {
    imported: preview.items.length,
    rejected: page ? page.rows.filter((r) => !r.ok).map((r) => ({ row: r.row, ...(r.sheet !== undefined ? { sheet: r.sheet } : {}), reason: r.reason!, detail: r.detail!, text: r.text, ...(r.suggestions ? { suggestions: r.suggestions } : {}) })) : preview.rejected,
    rejected_count: preview.rejected.length,
    reasons,
    ...(page ? { page } : {}),
    price_list_id: listId,
    ...(input.summary || page ? {} : { items: preview.items }),
    dry_run: dryRun,
    file_name: preview.file_name,
    sha256: preview.sha256,
    vendor,
    valid_from: preview.valid_from,
    format: preview.format,
    encoding: preview.encoding,
    sheets: preview.sheets,
    already_imported_as: already,
    mapping_used: mapping ?? null,
    preset: preview.preset,
    assumptions: preview.assumptions,
    ...(reading ? { reading } : {}),
  };
}

export const pricesMethods = {
  /** Dry run: the same pipeline, read-only (writes nothing, records no undo step). */
  'prices.preview': method({
    input: importInputSchema,
    output: importOutputSchema,
    run: async (ctx, input) => finishImport(ctx, input, await prepareImport(ctx, input), true),
  }),

  /** Import; with dry_run it writes nothing either (prefer prices.preview for that). */
  'prices.import': method({
    input: importInputSchema,
    output: importOutputSchema,
    mutates: true,
    beforeLock: prepareImport,
    run: (ctx, input, prepared) => finishImport(ctx, input, prepared, input.dry_run),
  }),

  'prices.list': method({
    input: z.object({ gpu_id: z.string().optional(), as_of: dateSchema.optional() }).default({}),
    output: z.array(priceBookEntrySchema),
    run: (ctx, input) => {
      if (input.gpu_id) resolveGpu(ctx, input.gpu_id);
      return store.priceBook(ctx.db, input.as_of ?? today(ctx), input.gpu_id);
    },
  }),

  'prices.lists': method({
    input: z.object({}).default({}),
    output: z.array(priceListSchema),
    run: (ctx) => store.listLists(ctx.db),
  }),

  'prices.items': method({
    input: z.object({ price_list_id: z.number().int() }),
    output: z.array(priceItemSchema),
    run: (ctx, input) => {
      if (!store.getList(ctx.db, input.price_list_id)) throw notFound('price_list_id', `price list ${input.price_list_id} does not exist`);
      return store.listItems(ctx.db, input.price_list_id);
    },
  }),

  'prices.deleteList': method({
    input: z.object({ id: z.number().int() }),
    output: z.object({ deleted: z.literal(true), id: z.number().int() }),
    mutates: true,
    run: (ctx, input) => {
      if (!store.deleteList(ctx.db, input.id)) throw notFound('id', `price list ${input.id} does not exist`);
      return { deleted: true as const, id: input.id };
    },
  }),

  'prices.addManual': method({
    input: manualInputSchema,
    output: z.object({ price_list_id: z.number().int(), item: priceItemSchema }),
    mutates: true,
    run: (ctx, input) => {
      const base = input.based_on_item_id !== undefined ? store.getItem(ctx.db, input.based_on_item_id) : undefined;
      if (input.based_on_item_id !== undefined && !base) throw notFound('based_on_item_id', `price item ${input.based_on_item_id} does not exist`);
      const need = <T>(v: T | undefined, field: string): T => {
        if (v === undefined) throw badRequest(field, 'is required');
        return v;
      };
      const gpu_id = resolveGpu(ctx, need(input.gpu_id ?? base?.gpu_id, 'gpu_id'));
      let price = new Decimal(need(input.unit_price ?? base?.unit_price, 'unit_price'));
      // A discount keeps the price exact: x × (100 − pct) / 100, then 6 places half-even.
      if (input.discount_pct !== undefined) price = price.times(new Decimal(100).minus(input.discount_pct)).div(100).toDecimalPlaces(6, Decimal.ROUND_HALF_EVEN);
      const unit_price = price.toFixed().replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
      if (price.isZero()) throw badRequest('unit_price', 'must be greater than 0');
      const item: store.PriceItemWrite = {
        gpu_id,
        kind: need(input.kind ?? base?.kind, 'kind'),
        gpus_per_unit: need(input.gpus_per_unit ?? base?.gpus_per_unit, 'gpus_per_unit'),
        unit_price,
        currency: need(input.currency ?? base?.currency, 'currency'),
        tax_included: input.tax_included !== undefined ? input.tax_included : base?.tax_included ?? null,
        lead_time_weeks: input.lead_time_weeks !== undefined ? input.lead_time_weeks : base?.lead_time_weeks ?? null,
        min_qty: input.min_qty !== undefined ? input.min_qty : base?.min_qty ?? null,
        valid_from: input.valid_from !== undefined ? input.valid_from : today(ctx),
        source_sheet: null,
        source_row: null,
        source_text: base
          ? `manual entry based on item ${base.id} (${base.vendor}: ${base.unit_price} ${base.currency})${input.discount_pct !== undefined ? `, ${input.discount_pct}% off` : ''}`
          : `manual entry${input.discount_pct !== undefined ? `, ${input.discount_pct}% off` : ''}`,
      };
      const id = store.insertList(ctx.db, {
        vendor: input.vendor, file_name: null, sha256: null, imported_at: ctx.now().toISOString(), valid_from: item.valid_from, kind: 'manual', notes: input.notes,
      });
      store.insertItems(ctx.db, id, [item]);
      return { price_list_id: id, item: store.listItems(ctx.db, id)[0] };
    },
  }),

  'prices.confirmAlias': method({
    input: z.object({ alias: z.string().trim().min(2, 'is required').max(300), gpu_id: z.string() }),
    output: z.object({ alias: z.string(), gpu_id: z.string() }),
    mutates: true,
    run: (ctx, input) => {
      resolveGpu(ctx, input.gpu_id);
      store.upsertAlias(ctx.db, input.alias, input.gpu_id, ctx.now().toISOString());
      return { alias: input.alias, gpu_id: input.gpu_id };
    },
  }),

  'prices.aliases': method({
    input: z.object({}).default({}),
    output: z.array(z.object({ alias: z.string(), gpu_id: z.string(), created_at: z.string() })),
    run: (ctx) => store.listAliases(ctx.db),
  }),

  'prices.deleteAlias': method({
    input: z.object({ alias: z.string() }),
    output: z.object({ deleted: z.literal(true) }),
    mutates: true,
    run: (ctx, input) => {
      if (!store.deleteAlias(ctx.db, input.alias)) throw notFound('alias', `alias "${input.alias}" does not exist`);
      return { deleted: true as const };
    },
  }),

  /** Vendors' usual currencies: used for a file of theirs that names no currency (stated in the preview and the list's provenance). */
  'prices.vendorCurrencies': method({
    input: z.object({}).default({}),
    output: z.array(z.object({ vendor: z.string(), currency: z.string(), updated_at: z.string() })),
    run: (ctx) => store.listVendorCurrencies(ctx.db),
  }),

  'prices.setVendorCurrency': method({
    input: z.object({
      vendor: z.string().trim().min(1).max(120),
      currency: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), currencySchema
        .refine((c) => ISO_CURRENCIES.has(c), 'is not a currency the importer knows (ISO 4217, e.g. USD, CNY, EUR)')),
    }),
    output: z.object({ vendor: z.string(), currency: z.string() }),
    mutates: true,
    run: (ctx, input) => {
      const currency = input.currency;
      store.setVendorCurrency(ctx.db, input.vendor, currency, ctx.now().toISOString());
      return { vendor: input.vendor, currency };
    },
  }),

  'prices.deleteVendorCurrency': method({
    input: z.object({ vendor: z.string().trim().min(1).max(120) }),
    output: z.object({ deleted: z.literal(true) }),
    mutates: true,
    run: (ctx, input) => {
      if (!store.deleteVendorCurrency(ctx.db, input.vendor)) throw notFound('vendor', `no usual currency is set for "${input.vendor}"`);
      return { deleted: true as const };
    },
  }),

  'prices.mapping': method({
    input: z.object({ vendor: z.string().min(1) }),
    output: importMappingSchema.nullable(),
    run: (ctx, input) => {
      const m = store.getMapping(ctx.db, input.vendor);
      const p = m ? importMappingSchema.safeParse(m) : null;
      return p?.success ? p.data : null;
    },
  }),

  'prices.saveMapping': method({
    input: z.object({ vendor: z.string().trim().min(1).max(120), mapping: importMappingSchema }),
    output: z.object({ vendor: z.string(), mapping: importMappingSchema }),
    mutates: true,
    run: (ctx, input) => {
      store.saveMapping(ctx.db, input.vendor, input.mapping, ctx.now().toISOString());
      return { vendor: input.vendor, mapping: input.mapping };
    },
  }),
};
