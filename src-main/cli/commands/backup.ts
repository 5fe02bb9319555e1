// `headroom backup` and `headroom restore`: a consistent copy of a database, and a validated
// restore that keeps the current file first (src-main/store/restore.ts).
import path from 'node:path';
import { mintLocalPath } from '../../shared/local-path.js';
import type { Command } from '../command.js';
import { parse, requireOpt } from '../args.js';
import { call, guarded, print, withContext } from '../run-api.js';
import { ApiError } from '../../api/errors.js';
import { restoreDatabase, RestoreError } from '../../store/restore.js';

export const backupCommand: Command = {
  name: 'backup',
  summary: 'write a consistent copy of a database (to --out, or to its backups folder)',
  usage: `headroom backup --db PATH [--out FILE.db] [--json]

Writes a consistent copy of PATH (SQLite VACUUM INTO a temp file, then rename) to FILE, which
must not exist yet and must end in .db, .sqlite, .sqlite3 or .headroom; without --out, to
<folder of PATH>/backups/. Headroom also keeps a daily backup and one before each migration.

JSON: { file, path, reason, created_at, bytes }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, out: { type: 'string' } });
    await withContext(io, values.db, async (ctx) => {
      const r = await call(ctx, 'backup.create', values.out !== undefined ? { out: mintLocalPath(path.resolve(io.cwd, values.out)) } : {});
      print(io, values.json, r, () => `backed up ${ctx.dbPath} to ${r.path} (${r.bytes} bytes)`);
    });
  }),
};

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'replace a database with a backup (validated first; the current file is kept)',
  usage: `headroom restore --db PATH --from FILE [--json]

Checks FILE first (an intact Headroom database, not from a newer Headroom) and changes nothing
if it is not. Then keeps the current PATH under <folder of PATH>/backups/ (…-pre-restore.db, or
…-pre-restore-raw.db for a file that would not open) so the restore can be undone, and restores
FILE over PATH. PATH may be missing, corrupt or foreign. Close the desktop app first if the
backup is from an older schema. Exit 2 if FILE is refused.

JSON: { restored_from, previous_copy, schema_version, method }`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, from: { type: 'string' } });
    const dbPath = path.resolve(io.cwd, requireOpt(values.db, 'db'));
    const from = path.resolve(io.cwd, requireOpt(values.from, 'from'));
    try {
      const r = await restoreDatabase(dbPath, from, io.appRoot, new Date());
      print(io, values.json, r, () => `restored ${dbPath} from ${from}` + (r.previous_copy ? `; the previous file is kept as ${r.previous_copy}` : ''));
    } catch (e) {
      if (e instanceof RestoreError) throw new ApiError(e.code, `${e.message}; nothing was changed`);
      throw e;
    }
  }),
};
