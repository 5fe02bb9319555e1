// preview → commit: writes a preview's items as one price list, in one transaction. The
// preview is the same object the dry run returned, so what is written is what was shown.
import { ApiError } from '../../shared/errors.js';
import type { WritableDB } from '../../store/handles.js';
import * as store from '../../store/prices.js';
import type { ImportPreview } from './preview.js';
import type { ImportMapping } from './mapping.js';

export interface CommitMeta {
  vendor: string;
  /** Import a file whose SHA-256 is already in the database anyway. */
  force?: boolean;
  now: Date;
  notes?: string;
  /** Saved as this vendor's column mapping once the import succeeds. */
  mapping?: ImportMapping;
}

export interface CommitResult { price_list_id: number; imported: number }

/**
 * Write a preview. Refuses (ApiError 'conflict') a file already imported unless `force`.
 * Runs inside one transaction (a savepoint when the caller already holds one): on any
 * error nothing is left behind.
 */
export function commitImport(db: WritableDB, preview: ImportPreview, meta: CommitMeta): CommitResult {
  const vendor = meta.vendor.trim();
  if (!vendor) throw new ApiError('bad_request', 'vendor: is required', 'vendor');
  return db.transaction((): CommitResult => {
    const existing = store.listByHash(db, preview.sha256);
    if (existing !== null && !meta.force) {
      throw new ApiError('conflict', `${preview.file_name} was already imported (price list ${existing}, same SHA-256); use --force to import it again`, 'file', { price_list_id: existing });
    }
    const id = store.insertList(db, {
      vendor, file_name: preview.file_name, sha256: preview.sha256, imported_at: meta.now.toISOString(),
      valid_from: preview.valid_from, kind: 'file', notes: meta.notes ?? '', provenance: preview.assumptions.join('\n'),
    });
    const n = store.insertItems(db, id, preview.items.map(itemRow));
    if (meta.mapping) store.saveMapping(db, vendor, meta.mapping, meta.now.toISOString());
    return { price_list_id: id, imported: n };
  })();
}

const itemRow = (i: ImportPreview['items'][number]) => ({
  gpu_id: i.gpu_id, kind: i.kind, gpus_per_unit: i.gpus_per_unit, unit_price: i.unit_price, currency: i.currency,
  tax_included: i.tax_included, lead_time_weeks: i.lead_time_weeks, min_qty: i.min_qty, valid_from: i.valid_from,
  source_sheet: i.sheet ?? null, source_row: i.row, source_text: i.source_text, region: i.region, spot_price: i.spot_price,
});

/** Rows written per event-loop turn by commitImportInTurns (≈ 20 ms each on this machine). */
export const COMMIT_SLICE = 2_000;

/**
 * commitImport spread over event-loop turns, for a host that must keep answering (issue 17: a 100k-row
 * commit held the loop ~0.8 s). Only inside the caller's own transaction (api/handlers.ts: BEGIN IMMEDIATE
 * for the whole call, ROLLBACK on any throw, reads wait for it), which keeps it all or nothing; outside
 * one it is commitImport. A cancel between slices throws, so the caller rolls everything back.
 */
export async function commitImportInTurns(db: WritableDB, preview: ImportPreview, meta: CommitMeta, signal?: AbortSignal): Promise<CommitResult> {
  if (!db.inTransaction || preview.items.length <= COMMIT_SLICE) return commitImport(db, preview, meta);
  const vendor = meta.vendor.trim();
  if (!vendor) throw new ApiError('bad_request', 'vendor: is required', 'vendor');
  const existing = store.listByHash(db, preview.sha256);
  if (existing !== null && !meta.force) {
    throw new ApiError('conflict', `${preview.file_name} was already imported (price list ${existing}, same SHA-256); use --force to import it again`, 'file', { price_list_id: existing });
  }
  const id = store.insertList(db, {
    vendor, file_name: preview.file_name, sha256: preview.sha256, imported_at: meta.now.toISOString(),
    valid_from: preview.valid_from, kind: 'file', notes: meta.notes ?? '', provenance: preview.assumptions.join('\n'),
  });
  let n = 0;
  for (let i = 0; i < preview.items.length; i += COMMIT_SLICE) {
    if (i > 0) await new Promise<void>((r) => setImmediate(r));
    if (signal?.aborted) throw new ApiError('cancelled', 'import cancelled; nothing was written');
    n += store.insertItems(db, id, preview.items.slice(i, i + COMMIT_SLICE).map(itemRow));
  }
  if (meta.mapping) store.saveMapping(db, vendor, meta.mapping, meta.now.toISOString());
  return { price_list_id: id, imported: n };
}
