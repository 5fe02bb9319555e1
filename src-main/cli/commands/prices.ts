import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

export const pricesListCommand: Command = {
  name: 'prices list',
  summary: 'the price book: current price per GPU, vendor and kind, per GPU and per GPU-hour, with its source',
  usage: `headroom prices list --db PATH [--gpu ID] [--as-of YYYY-MM-DD] [--json]

The current price (latest valid_from on or before --as-of, default today) per GPU type, vendor
and kind, normalised per GPU (unit price ÷ GPUs per unit, 6 places half-even) and, for servers,
per server; per GPU-hour: cloud ÷ GPUs, lease ÷ 730 h, purchase ÷ (36 × 730 h).

One entry per GPU, vendor, kind and region (cloud catalogs price each region); a spot price is
shown beside the on-demand one, never instead of it.

JSON: [{ gpu_id, vendor, kind, unit_price, currency, gpus_per_unit, price_per_gpu, price_per_server,
         price_per_gpu_hour, tax_included, lead_time_weeks, min_qty, valid_from, upcoming, item_id,
         price_list_id, list_kind, reference, file_name, source_sheet, source_row, source_text, region,
         spot_price, spot_price_per_gpu_hour }]
(reference: true for the public reference prices shipped in db/seed, which the demo database
holds as their own dated, sourced lists; the plan prefers your own lists over them.)`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, gpu: { type: 'string' }, 'as-of': { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'prices.list', { gpu_id: values.gpu, as_of: values['as-of'] });
      print(io, values.json, rows, () => rows.length
        ? textTable(rows.map((r) => ({ ...r, source: `${r.reference ? 'public reference' : r.file_name ?? 'manual'}${r.source_sheet ? ` [${r.source_sheet}]` : ''}${r.source_row ? ` row ${r.source_row}` : ''}` })),
          ['gpu_id', 'vendor', 'kind', 'region', 'unit_price', 'currency', 'gpus_per_unit', 'price_per_gpu', 'price_per_gpu_hour', 'valid_from', 'source'])
        : 'no prices yet (import a price list with: headroom import FILE --db PATH)');
    });
  }),
};

export const pricesCurrencyCommand: Command = {
  name: 'prices currency',
  summary: "a vendor's usual currency: used (and stated) when a price list of theirs names none",
  usage: `headroom prices currency --db PATH [--vendor NAME (--set CODE | --clear)] [--json]

Without --set/--clear, lists the usual currency set per vendor. A price list that names no
currency anywhere (no currency column, symbol or header word) is read in its vendor's usual
currency, and the preview and the stored list say so ("EUR assumed: the file has no currency
column"). CODE is an ISO 4217 code (USD, CNY, EUR, ...).

JSON: [{ vendor, currency, updated_at }]`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, vendor: { type: 'string' }, set: { type: 'string' }, clear: { type: 'boolean' } });
    if ((values.set !== undefined || values.clear) && !values.vendor) throw new ApiError('bad_request', '--vendor NAME is required with --set or --clear', 'vendor');
    if (values.set !== undefined && values.clear) throw new ApiError('bad_request', 'give either --set CODE or --clear', 'set');
    await withContext(io, values.db, async (ctx) => {
      if (values.set !== undefined) await call(ctx, 'prices.setVendorCurrency', { vendor: values.vendor!, currency: values.set });
      if (values.clear) await call(ctx, 'prices.deleteVendorCurrency', { vendor: values.vendor! });
      const rows = await call(ctx, 'prices.vendorCurrencies', {});
      print(io, values.json, rows, () => rows.length ? textTable(rows, ['vendor', 'currency', 'updated_at']) : 'no usual currencies set (headroom prices currency --vendor NAME --set CODE)');
    });
  }),
};
