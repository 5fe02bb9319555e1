import path from 'node:path';
import { mintLocalPath } from '../../shared/local-path.js';
import type { Command } from '../command.js';
import { parse, requireOpt } from '../args.js';
import { call, guarded, print, textTable, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';

export const actualsImportCommand: Command = {
  name: 'actuals import',
  summary: 'import actual usage and spend (CSV/XLSX, English or Chinese) for a scenario, all or nothing',
  usage: `headroom actuals import FILE --db PATH --scenario NAME [--dry-run] [--json]

Reads a monthly or daily usage file for the scenario (columns by their header words, English or
Chinese: month/date 月份/日期, pool 资源池, users 用户数, dau 日活, requests 请求数, input tokens 输入token,
output tokens 输出token, peak requests/s 峰值请求, peak tokens/s 峰值token, overloaded 过载 (yes/no 是/否),
overload minutes 过载分钟; spend: category 类别, amount 金额, currency 币种). Same reader as the
price-list import (CSV in UTF-8/UTF-16/GBK, XLSX/XLS). Every row is read or rejected with a reason
and its row number. All or nothing: a file with any rejected row writes nothing (exit 2); a period
(or month and category) given again replaces the stored figure. --dry-run writes nothing.

JSON: { imported, rejected: [{ row, sheet?, reason, detail }], usage_rows, spend_rows, written, dry_run,
        file_name, sha256, import_id }
Reasons: bad_date, not_a_number, negative_value, unknown_pool, bad_flag, unknown_currency, no_category,
         no_values, duplicate.`,
  run: (argv, io) => guarded(io, async () => {
    const { values, positionals } = parse(argv, { db: { type: 'string' }, scenario: { type: 'string' }, 'dry-run': { type: 'boolean' } }, true);
    if (positionals.length !== 1) throw new ApiError('bad_request', positionals.length ? 'give one FILE to import' : 'FILE is required (headroom actuals import FILE --db PATH --scenario NAME)', 'file');
    const scenario = requireOpt(values.scenario, 'scenario');
    const file = path.resolve(io.cwd, positionals[0]);
    return withContext(io, values.db, async (ctx) => {
      const dry = values['dry-run'] ?? false;
      const input = { scenario, path: mintLocalPath(file), dry_run: dry };
      const r = dry ? await call(ctx, 'actuals.preview', input) : await call(ctx, 'actuals.import', input);
      const out = {
        imported: r.imported,
        rejected: r.rejected.map((x) => ({ row: x.row, ...(x.sheet !== undefined ? { sheet: x.sheet } : {}), reason: x.reason, detail: x.detail })),
        usage_rows: r.usage_rows, spend_rows: r.spend_rows, written: r.written, dry_run: r.dry_run, file_name: r.file_name, sha256: r.sha256, import_id: r.import_id,
      };
      print(io, values.json, out, () => {
        const head = r.written
          ? `imported ${r.imported} row(s) from ${r.file_name} into ${scenario} (${r.usage_rows} usage, ${r.spend_rows} spend)`
          : r.dry_run
            ? `dry run: ${r.readable} row(s) readable from ${r.file_name}, ${r.rejected.length} rejected; nothing written`
            : `${r.file_name}: ${r.rejected.length ? `${r.rejected.length} row(s) rejected` : 'no rows'}; nothing written`;
        const rej = r.rejected.length ? `\n\nrejected:\n${textTable(r.rejected.map((x) => ({ ...x, sheet: x.sheet ?? '' })), ['sheet', 'row', 'reason', 'detail'])}` : '';
        return head + rej;
      });
      if (!r.dry_run && !r.written) {
        io.err(`headroom: ${r.file_name}: ${r.rejected.length ? `${r.rejected.length} row(s) rejected (first: row ${r.rejected[0].row} ${r.rejected[0].reason})` : 'no usage or spend rows'}; nothing was written`);
        return 2;
      }
      return 0;
    });
  }),
};
