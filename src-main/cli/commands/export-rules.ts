import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';

export const gpusListCommand: Command = {
  name: 'gpus list',
  summary: 'the GPU catalog with the month each type first shipped (available_from) and its source',
  usage: `headroom gpus list --db PATH [--json]

The optimiser never places an arrival of a type before its available_from month
(db/seed/gpu_availability.csv: first public shipment, with the source).

JSON: [{ id, name, vendor, available_from, available_from_source, memory_gb, tdp_w, release_year, cn_export_status }]`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'gpus.list', {});
      print(io, values.json, rows, () => textTable(rows.map((r) => ({ ...r, available_from: r.available_from ?? '-' })), ['id', 'name', 'vendor', 'available_from', 'memory_gb', 'tdp_w']));
    });
  }),
};

export const exportRulesListCommand: Command = {
  name: 'export-rules list',
  summary: 'effective-dated export rules per destination country and GPU type (from public records, editable on the Sites page)',
  usage: `headroom export-rules list --db PATH [--country CC] [--as-of YYYY-MM] [--json]

--country keeps one destination country; --as-of only the rules in force in that month.
gpu '*' applies to every type; a rule naming the type wins over '*'. to_month null = still in force.
The optimiser applies the rule in force in each order month: 'banned' adds nothing, 'licence'
needs a licence for the site and month (Sites page) or the scenario's licence setting.

JSON: [{ id, seed_key, country, gpu, from_month, to_month, status: "allowed"|"licence"|"banned", source, note, user_edited }]`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, country: { type: 'string' }, 'as-of': { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'sites.exportRules', { country: values.country, as_of: values['as-of'] });
      print(io, values.json, rows, () => rows.length
        ? textTable(rows.map((r) => ({ ...r, to_month: r.to_month ?? '-' })), ['country', 'gpu', 'from_month', 'to_month', 'status', 'note'])
        : 'no export rules match');
    });
  }),
};
