import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';

export const pricesListCommand: Command = {
  name: 'prices list',
  summary: 'the price book: current price per GPU, vendor and kind, per GPU and per GPU-hour, with its source',
  usage: `headroom prices list --db PATH [--gpu ID] [--as-of YYYY-MM-DD] [--json]

The current price (latest valid_from on or before --as-of, default today) per GPU type, vendor
and kind, normalised per GPU (unit price ÷ GPUs per unit, 6 places half-even) and, for servers,
per server; per GPU-hour: cloud ÷ GPUs, lease ÷ 730 h, purchase ÷ (36 × 730 h).

JSON: [{ gpu_id, vendor, kind, unit_price, currency, gpus_per_unit, price_per_gpu, price_per_server,
         price_per_gpu_hour, tax_included, lead_time_weeks, min_qty, valid_from, upcoming, item_id,
         price_list_id, list_kind, reference, file_name, source_sheet, source_row, source_text }]
(reference: true for the public reference prices shipped in db/seed, which the demo database
holds as their own dated, sourced lists; the plan prefers your own lists over them.)`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, gpu: { type: 'string' }, 'as-of': { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'prices.list', { gpu_id: values.gpu, as_of: values['as-of'] });
      print(io, values.json, rows, () => rows.length
        ? textTable(rows.map((r) => ({ ...r, source: `${r.reference ? 'public reference' : r.file_name ?? 'manual'}${r.source_sheet ? ` [${r.source_sheet}]` : ''}${r.source_row ? ` row ${r.source_row}` : ''}` })),
          ['gpu_id', 'vendor', 'kind', 'unit_price', 'currency', 'gpus_per_unit', 'price_per_gpu', 'price_per_gpu_hour', 'valid_from', 'source'])
        : 'no prices yet (import a price list with: headroom import FILE --db PATH)');
    });
  }),
};
