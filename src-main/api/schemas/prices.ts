// Wire schemas of the prices domain (import, price book, lists, manual entries, aliases).
import { z } from 'zod';
import { currencySchema, decimalSchema, gpuIdSchema, nonEmpty, positiveInt } from './common.js';
import { importMappingSchema } from '../../io/import/mapping.js';
import { localPathSchema } from '../../shared/local-path.js';

export const itemKindSchema = z.enum(['gpu', 'server', 'cloud_hour', 'lease_month']);
import { dateSchema } from '../../shared/month.js';
export { dateSchema };
export const reasonSchema = z.enum([
  'column_count', 'summary_row', 'not_a_gpu', 'unknown_gpu', 'no_price', 'not_a_number', 'negative_price',
  'unknown_currency', 'unknown_kind', 'other_term', 'other_offer', 'bad_quantity', 'bad_date', 'duplicate', 'spot_kept',
]);

export const importInputSchema = z.object({
  /** A file on this machine, named on the command line (a LocalPath only the CLI host can make) … */
  path: localPathSchema.optional(),
  /** … or its bytes (browser upload / drag and drop) with its name. */
  data_base64: z.string().max(96 * 1024 * 1024).optional(),
  /**
   * … or its raw bytes (issue 18: no base64 on the way): an ArrayBuffer over the desktop app's IPC,
   * an `application/octet-stream` body over the web host (docs/api.md); capped like a file on disk.
   */
  data_bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= 64 * 1024 * 1024, { message: 'a price list file is at most 64 MiB' }).optional(),
  /**
   * … or, for the file last sent with `data_base64` and `rows` (the wizard's page turns and second
   * look), its SHA-256 instead of the bytes again; an error naming this field if it is no longer held.
   */
  data_sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
  file_name: z.string().min(1).max(255).optional(),
  vendor: z.string().trim().min(1).max(120).optional(),
  mapping: importMappingSchema.optional(),
  dry_run: z.boolean().default(false),
  force: z.boolean().default(false),
  /** Leave `items` out of the answer (big files). */
  summary: z.boolean().default(false),
  notes: z.string().max(2000).default(''),
  /**
   * One page of the preview's rows (the wizard): `page` then lists rows `offset`… of those shown
   * (all / rejected / ok, in file order), `items` is left out and `rejected` holds only the page's
   * rejected rows; `rejected_count` and `reasons` still count them all. Without it nothing changes.
   */
  rows: z.object({
    show: z.enum(['all', 'rejected', 'ok']).default('all'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(2000).default(500),
    /**
     * Answer a long file's first rows as soon as they are read (`reading` in the answer then says
     * how far it got; its counts are of those rows); the same call again waits for the whole file.
     */
    early: z.boolean().default(false),
  }).optional(),
}).refine((v) => [v.path, v.data_base64, v.data_bytes, v.data_sha256].filter((x) => x !== undefined).length === 1, { message: 'give one of path, data_base64, data_bytes or data_sha256', path: ['path'] })
  .refine((v) => v.path !== undefined || v.file_name !== undefined, { message: 'file_name is required with data_base64, data_bytes or data_sha256', path: ['file_name'] })
  .refine((v) => v.data_sha256 === undefined || v.rows !== undefined, { message: 'data_sha256 only names the wizard\'s file (with rows)', path: ['data_sha256'] });

export const importItemSchema = z.object({
  row: z.number().int(),
  sheet: z.string().optional(),
  gpu_id: z.string(),
  kind: itemKindSchema,
  gpus_per_unit: z.number().int(),
  unit_price: z.string(),
  currency: z.string(),
  lead_time_weeks: z.number().int().nullable(),
  valid_from: z.string().nullable(),
  min_qty: z.number().int().nullable(),
  tax_included: z.boolean().nullable(),
  source_text: z.string(),
  alias: z.string(),
  via: z.enum(['catalog', 'user_alias']),
  region: z.string().nullable(),
  spot_price: z.string().nullable(),
});

export const importRejectedSchema = z.object({
  row: z.number().int(),
  sheet: z.string().optional(),
  reason: reasonSchema,
  detail: z.string(),
  text: z.string(),
  suggestions: z.array(z.string()).optional(),
});

export const importSheetSchema = z.object({
  name: z.string().nullable(),
  header_row: z.number().int().nullable(),
  header_rows: z.number().int(),
  columns: z.array(z.object({ index: z.number().int(), letter: z.string(), header: z.string(), field: z.string().nullable(), hidden: z.boolean() })),
  title: z.array(z.string()),
  kind: itemKindSchema.nullable(),
  currency: z.string().nullable(),
  valid_from: z.string().nullable(),
  /** The known layout applied (e.g. `skypilot`), else null. */
  preset: z.string().nullable(),
  /** Why the prices are of that kind; null = nothing says (rows rejected as unknown_kind: choose a kind). */
  kind_source: z.enum(['mapping', 'header', 'title', 'preset', 'shape', 'purchase']).nullable(),
  currency_assumed: z.object({ currency: z.string(), note: z.string() }).nullable(),
});

/** A row of a preview page: an item to import (ok) or a rejected row with its reason. */
export const importPageRowSchema = z.object({
  row: z.number().int(),
  sheet: z.string().optional(),
  ok: z.boolean(),
  text: z.string(),
  reason: reasonSchema.optional(),
  detail: z.string().optional(),
  suggestions: z.array(z.string()).optional(),
  gpu_id: z.string().optional(),
  kind: itemKindSchema.optional(),
  unit_price: z.string().optional(),
  currency: z.string().optional(),
  gpus_per_unit: z.number().int().optional(),
  valid_from: z.string().nullable().optional(),
});

export const importOutputSchema = z.object({
  imported: z.number().int(),
  rejected: z.array(importRejectedSchema),
  /** All rejected rows, and how many per reason (also when `rejected` is one page). */
  rejected_count: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  /** With input `rows`: that page of the rows shown, and how many there are in all. */
  page: z.object({
    show: z.enum(['all', 'rejected', 'ok']), offset: z.number().int(), limit: z.number().int(), total: z.number().int(),
    rows: z.array(importPageRowSchema),
  }).optional(),
  price_list_id: z.number().int().nullable(),
  items: z.array(importItemSchema).optional(),
  dry_run: z.boolean(),
  file_name: z.string(),
  sha256: z.string(),
  vendor: z.string(),
  valid_from: z.string().nullable(),
  format: z.string(),
  encoding: z.string().nullable(),
  sheets: z.array(importSheetSchema),
  /** The list this same file (by SHA-256) was imported as before, if any. */
  already_imported_as: z.number().int().nullable(),
  mapping_used: importMappingSchema.nullable(),
  /** The known layout applied, and what the import assumed (stored as the list's provenance). */
  preset: z.string().nullable(),
  assumptions: z.array(z.string()),
  /** With `rows.early`, when the answer covers only the first rows read so far: rows read of all. */
  reading: z.object({ done: z.number().int(), total: z.number().int() }).optional(),
});

export const priceBookEntrySchema = z.object({
  gpu_id: z.string(),
  vendor: z.string(),
  kind: itemKindSchema,
  unit_price: z.string(),
  currency: z.string(),
  gpus_per_unit: z.number().int(),
  price_per_gpu: z.string(),
  price_per_server: z.string().nullable(),
  price_per_gpu_hour: z.string(),
  tax_included: z.boolean().nullable(),
  lead_time_weeks: z.number().int().nullable(),
  min_qty: z.number().int().nullable(),
  valid_from: z.string().nullable(),
  upcoming: z.boolean(),
  item_id: z.number().int(),
  price_list_id: z.number().int(),
  list_kind: z.enum(['manual', 'file']),
  reference: z.boolean(),
  file_name: z.string().nullable(),
  source_sheet: z.string().nullable(),
  source_row: z.number().int().nullable(),
  source_text: z.string(),
  region: z.string().nullable(),
  spot_price: z.string().nullable(),
  spot_price_per_gpu_hour: z.string().nullable(),
});

export const priceListSchema = z.object({
  id: z.number().int(),
  vendor: z.string(),
  file_name: z.string().nullable(),
  sha256: z.string().nullable(),
  imported_at: z.string(),
  valid_from: z.string().nullable(),
  kind: z.enum(['manual', 'file']),
  notes: z.string(),
  provenance: z.string(),
  items: z.number().int(),
  reference: z.boolean(),
});

export const priceItemSchema = z.object({
  id: z.number().int(),
  price_list_id: z.number().int(),
  gpu_id: z.string(),
  kind: itemKindSchema,
  gpus_per_unit: z.number().int(),
  unit_price: z.string(),
  currency: z.string(),
  tax_included: z.boolean().nullable(),
  lead_time_weeks: z.number().int().nullable(),
  min_qty: z.number().int().nullable(),
  valid_from: z.string().nullable(),
  source_sheet: z.string().nullable(),
  source_row: z.number().int().nullable(),
  source_text: z.string(),
  region: z.string().nullable(),
  spot_price: z.string().nullable(),
});

export const manualInputSchema = z.object({
  vendor: nonEmpty(120),
  /** Start from an existing item (edit or discount it): its fields are the defaults. */
  based_on_item_id: z.number().int().optional(),
  gpu_id: gpuIdSchema.optional(),
  kind: itemKindSchema.optional(),
  gpus_per_unit: positiveInt.max(1024).optional(),
  unit_price: decimalSchema.optional(),
  /** Percent off the unit price (of the given price, or of the based-on item's). */
  discount_pct: z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100').optional(),
  currency: currencySchema.optional(),
  tax_included: z.boolean().nullable().optional(),
  lead_time_weeks: z.number().int().min(0).max(520).nullable().optional(),
  min_qty: positiveInt.max(10_000_000, 'must be at most 10,000,000').nullable().optional(),
  valid_from: dateSchema.nullable().optional(),
  notes: z.string().max(2000).default(''),
});
