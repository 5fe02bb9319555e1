import fs from 'node:fs';
import path from 'node:path';
import { mintLocalPath } from '../../shared/local-path.js';
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';
import { importMappingSchema, type ImportMapping } from '../../io/import/mapping.js';

function readMapping(file: string, cwd: string): ImportMapping {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(path.resolve(cwd, file), 'utf8'));
  } catch (e) {
    throw new ApiError('bad_request', `--mapping: cannot read ${file} as JSON (${(e as Error).message.split('\n')[0]})`, 'mapping');
  }
  const r = importMappingSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new ApiError('bad_request', `--mapping: ${i.path.join('.') || '(file)'}: ${i.message}`, 'mapping');
  }
  return r.data;
}

export const importCommand: Command = {
  name: 'import',
  summary: 'import a vendor price list (CSV/XLSX, English or Chinese) into the price book',
  usage: `headroom import FILE --db PATH [--vendor NAME] [--mapping FILE] [--dry-run] [--force] [--summary] [--json]

Reads every sheet, finds the header below any title block, maps columns by their header words
(English/Chinese) or by --mapping (JSON: { "header_row": 4, "columns": { "Part Number": "model",
"C": "unit_price" }, "currency": "USD", "kind": "server", "decimal_comma": true }; saved for --vendor),
and imports each row or rejects it with a reason and its row number. --dry-run writes nothing.
The same file (SHA-256) twice is refused unless --force. A file that cannot be read is refused
whole (exit 2) and nothing is written.

Cloud catalogs in the SkyPilot layout (InstanceType, AcceleratorName, AcceleratorCount, GpuInfo,
Region, Price, SpotPrice, AvailabilityZone) are recognised: prices per instance-hour with the GPU
count, on-demand before spot, regions kept, zones never lead times, USD assumed (and said so).
So are the public price exports of AWS (Price List bulk CSV), Azure (Retail Prices API export, CSV
or the API's JSON answer saved as FILE.json) and
Google Cloud (SKU price export): GPUs and counts from the instance type or SKU, only on-demand Linux
shared-tenancy hourly rows imported; reservations, savings plans and commitments are other_term,
Windows/dedicated/BYOL/pre-installed software other_offer; a spot row's price is kept beside the
on-demand price of the same instance and region (spot_kept).
A file that does not say whether it sells, rents by the hour or leases by the month is never read
as purchases: its rows are rejected as unknown_kind (name the kind in --mapping).

JSON: { imported, rejected: [{ row, sheet?, reason, detail }], price_list_id (null on --dry-run),
        items: [{ row, sheet?, gpu_id, kind, gpus_per_unit, unit_price, currency, lead_time_weeks,
                  valid_from, min_qty, tax_included, region, spot_price }] (left out with --summary),
        dry_run, file_name, vendor, sha256, valid_from, already_imported_as, preset, assumptions }
Reasons: column_count, summary_row, not_a_gpu, unknown_gpu, no_price, not_a_number, negative_price,
         unknown_currency, unknown_kind, other_term, other_offer, bad_quantity, bad_date, duplicate,
         spot_kept.`,
  run: (argv, io) => guarded(io, async () => {
    const { values, positionals } = parse(argv, {
      db: { type: 'string' }, vendor: { type: 'string' }, mapping: { type: 'string' },
      'dry-run': { type: 'boolean' }, force: { type: 'boolean' }, summary: { type: 'boolean' }, notes: { type: 'string' },
    }, true);
    if (positionals.length !== 1) throw new ApiError('bad_request', positionals.length ? 'give one FILE to import' : 'FILE is required (headroom import FILE --db PATH)', 'file');
    const file = path.resolve(io.cwd, positionals[0]);
    const mapping = values.mapping ? readMapping(values.mapping, io.cwd) : undefined;
    if (!values.db) throw new ApiError('bad_request', '--db PATH is required', 'db');
    await withContext(io, values.db, async (ctx) => {
      const input = {
        path: mintLocalPath(file), vendor: values.vendor, mapping, dry_run: values['dry-run'] ?? false, force: values.force ?? false,
        summary: values.summary ?? false, notes: values.notes ?? '',
      };
      // Same pipeline either way; the dry run goes through the read-only method.
      const r = input.dry_run ? await call(ctx, 'prices.preview', input) : await call(ctx, 'prices.import', input);
      const out = {
        imported: r.imported,
        rejected: r.rejected.map((x) => ({ row: x.row, ...(x.sheet !== undefined ? { sheet: x.sheet } : {}), reason: x.reason, detail: x.detail })),
        price_list_id: r.price_list_id,
        ...(r.items ? {
          items: r.items.map((i) => ({
            row: i.row, ...(i.sheet !== undefined ? { sheet: i.sheet } : {}), gpu_id: i.gpu_id, kind: i.kind, gpus_per_unit: i.gpus_per_unit,
            unit_price: i.unit_price, currency: i.currency, lead_time_weeks: i.lead_time_weeks, valid_from: i.valid_from, min_qty: i.min_qty,
            tax_included: i.tax_included, region: i.region, spot_price: i.spot_price,
          })),
        } : {}),
        dry_run: r.dry_run,
        file_name: r.file_name,
        vendor: r.vendor,
        sha256: r.sha256,
        valid_from: r.valid_from,
        already_imported_as: r.already_imported_as,
        preset: r.preset,
        assumptions: r.assumptions,
      };
      print(io, values.json, out, () => {
        const head = r.dry_run
          ? `dry run: ${r.imported} row(s) would be imported from ${r.file_name} (${r.vendor}), ${r.rejected.length} rejected; nothing written`
          : `imported ${r.imported} row(s) from ${r.file_name} as price list ${r.price_list_id} (${r.vendor}); ${r.rejected.length} rejected`;
        const warn = (r.already_imported_as !== null && r.dry_run ? `\nnote: this file was already imported as price list ${r.already_imported_as}` : '')
          + r.assumptions.map((a) => `\nassumed: ${a}`).join('');
        const items = r.items?.length ? `\n\n${textTable(r.items.map((i) => ({ ...i, sheet: i.sheet ?? '' })), ['sheet', 'row', 'gpu_id', 'kind', 'gpus_per_unit', 'unit_price', 'currency', 'region', 'spot_price', 'lead_time_weeks', 'valid_from', 'min_qty'])}` : '';
        const rej = r.rejected.length ? `\n\nrejected:\n${textTable(r.rejected.map((x) => ({ ...x, sheet: x.sheet ?? '' })), ['sheet', 'row', 'reason', 'detail'])}` : '';
        return head + warn + items + rej;
      });
    });
  }),
};
