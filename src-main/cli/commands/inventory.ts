import type { Command } from '../command.js';
import { intOpt, parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';

export const sitesListCommand: Command = {
  name: 'sites list',
  summary: 'list sites (name, country, region, power limit, PUE)',
  usage: 'headroom sites list --db PATH [--json]\n\nJSON: [{ id, name, country, region, power_limit_kw, pue, notes }]',
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const sites = await call(ctx, 'sites.list', {});
      print(io, values.json, sites, () => textTable(sites, ['name', 'country', 'region', 'power_limit_kw', 'pue']));
    });
  }),
};

export const inventoryListCommand: Command = {
  name: 'inventory list',
  summary: 'list clusters (site, GPU type, count, mode, service dates, unit cost)',
  usage: 'headroom inventory list --db PATH [--json]\n\nJSON: [{ id, site, gpu_id, gpus, servers, mode, in_service_from, in_service_to, unit_cost, currency, notes }]',
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'inventory.list', {});
      print(io, values.json, rows, () => textTable(rows, ['id', 'site', 'gpu_id', 'gpus', 'mode', 'in_service_from', 'in_service_to', 'unit_cost', 'currency']));
    });
  }),
};

export const inventoryAddCommand: Command = {
  name: 'inventory add',
  summary: 'add a cluster to the inventory',
  usage: `headroom inventory add --db PATH --site NAME --gpu ID --gpus N --mode buy|lease|cloud
    [--servers N] [--from YYYY-MM] [--to YYYY-MM] [--unit-cost X --currency C] [--notes TEXT] [--json]

Prints the created cluster. An unknown GPU id exits 2 and suggests the closest ids; nothing is written.`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      db: { type: 'string' }, site: { type: 'string' }, gpu: { type: 'string' }, gpus: { type: 'string' }, servers: { type: 'string' },
      mode: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'unit-cost': { type: 'string' },
      currency: { type: 'string' }, notes: { type: 'string' },
    });
    await withContext(io, values.db, async (ctx) => {
      const row = await call(ctx, 'inventory.add', {
        site: requireOpt(values.site, 'site'),
        gpu_id: requireOpt(values.gpu, 'gpu'),
        gpus: intOpt(requireOpt(values.gpus, 'gpus'), 'gpus'),
        servers: intOpt(values.servers, 'servers') ?? null,
        mode: requireOpt(values.mode, 'mode'),
        in_service_from: values.from ?? null,
        in_service_to: values.to ?? null,
        unit_cost: values['unit-cost'] ?? null,
        currency: values.currency?.toUpperCase() ?? null,
        notes: values.notes ?? '',
      });
      print(io, values.json, row, () => `added cluster ${row.id}: ${row.gpus} × ${row.gpu_id} at ${row.site} (${row.mode})`);
    });
  }),
};
