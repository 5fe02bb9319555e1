// `scenarios list` and `scenarios show NAME` (issue 19): the stored scenarios, and one scenario
// document exactly as stored (the same JSON the API validates and `plan` reads).
import type { Command } from '../command.js';
import { parse } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

export const scenariosListCommand: Command = {
  name: 'scenarios list',
  summary: 'the stored demand scenarios (name, title, start month, horizon)',
  usage: `headroom scenarios list --db PATH [--json]

JSON: [{ id, name, title, start_month, horizon_months, updated_at }]`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const rows = await call(ctx, 'scenarios.list', {});
      print(io, values.json, rows, () => rows.length
        ? textTable(rows, ['name', 'title', 'start_month', 'horizon_months', 'updated_at'])
        : 'no scenarios yet (create the demo with: headroom demo --db PATH)');
    });
  }),
};

export const scenariosShowCommand: Command = {
  name: 'scenarios show',
  summary: 'one scenario document as stored: users, classes (B2B, batch deadlines, weekly profiles, calendar effects), events, pools',
  usage: `headroom scenarios show NAME --db PATH [--json]

JSON: the scenario document as stored: { name, title, description, start_month, horizon_months,
currency, users, dau_share, classes: [{ id, label, kind, pool, ..., b2b?, batch?, weekly?,
calendar? }], diurnal, events, pools }. Every figure carries its source or "assumed" reason.`,
  run: (argv, io) => guarded(io, async () => {
    const { values, positionals } = parse(argv, { db: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new ApiError('bad_request', positionals.length ? 'give one scenario NAME' : 'NAME is required (headroom scenarios show NAME --db PATH)', 'name');
    await withContext(io, values.db, async (ctx) => {
      const { scenario: s } = await call(ctx, 'scenarios.get', { name: positionals[0] });
      print(io, values.json, s, () => {
        const rows = s.classes.map((c) => ({
          id: c.id, kind: c.kind, pool: c.pool, label: c.label,
          demand: c.b2b ? `${c.b2b.units.value} ${c.b2b.unit}s +${c.b2b.onboarded_per_month.value}/month × ${c.b2b.requests_per_unit_per_day.value} req/day`
            : c.tokens_per_day ? `${c.tokens_per_day.value} tokens/day` : `${c.requests_per_dau?.value} req/DAU/day`,
          tokens_in_out: `${c.input_tokens.value} / ${c.output_tokens.value}`,
          slo: c.batch ? `batch ≤ ${c.batch.deadline_hours} h` : `TTFT ${c.ttft_ms.value} ms`,
          calendar: (c.calendar ?? []).map((e) => `${e.effect}×${e.multiplier.value}`).join(' '),
        }));
        return [`${s.name}: ${s.title}`, `${s.start_month} + ${s.horizon_months} months, ${s.currency}`, textTable(rows, Object.keys(rows[0] ?? {}))].join('\n');
      });
    });
  }),
};
