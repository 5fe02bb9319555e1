// Backups and restore through the API: the desktop app's "Back up now / Restore" and the
// CLI's `headroom backup` / `headroom restore` (src-main/store/restore.ts does the work).
import path from 'node:path';
import { z } from 'zod';
import { method } from '../method.js';
import { localPathsOnly } from '../context.js';
import { ApiError } from '../errors.js';
import { createBackup, listBackups, restoreDatabase, RestoreError, validateBackup } from '../../store/restore.js';

/** A backup is an SQLite file; the API writes and reads only these extensions (STYLE.md rule 12). */
export const BACKUP_EXTENSIONS = ['.db', '.sqlite', '.sqlite3', '.headroom'];

const backupFileSchema = z.object({ file: z.string(), path: z.string(), reason: z.string(), created_at: z.string(), bytes: z.number().int() });
const pathSchema = z.string().min(1, 'is required').max(4096).refine((p) => !p.includes('\0'), 'must not contain NUL')
  .refine((p) => BACKUP_EXTENSIONS.includes(path.extname(p).toLowerCase()), `must end in ${BACKUP_EXTENSIONS.join(', ')}`);

const asApiError = (e: unknown): never => {
  if (e instanceof RestoreError) throw new ApiError(e.code, e.message);
  throw e;
};

export const backupMethods = {
  /** A consistent copy of the open database, in its backups folder or at `out` (a new file). */
  'backup.create': method({
    input: z.object({ out: pathSchema.optional() }).default({}),
    output: backupFileSchema,
    run: (ctx, { out }) => {
      if (out !== undefined) localPathsOnly(ctx, 'out');
      // A relative name lands beside the database, never in the host's working directory.
      const file = out === undefined ? undefined : path.resolve(path.dirname(ctx.dbPath), out);
      try { return createBackup(ctx.db, ctx.dbPath, ctx.now(), { out: file }); } catch (e) { return asApiError(e); }
    },
  }),
  /** Backups in the database's backups folder, newest first (daily, manual, pre-migration, pre-restore). */
  'backup.list': method({
    input: z.object({}).default({}),
    output: z.array(backupFileSchema),
    run: (ctx) => listBackups(ctx.dbPath),
  }),
  /**
   * Restores a backup over the open database. The file is validated first (intact, a Headroom
   * database of this schema version); the current database is kept under backups/ so the restore
   * can itself be undone. Not a `mutates` call: SQLite's backup API takes the write lock itself.
   */
  'backup.restore': method({
    input: z.object({ from: pathSchema }),
    output: z.object({ restored_from: z.string(), previous_copy: z.string().nullable(), schema_version: z.number().int(), method: z.enum(['in_place', 'replaced']) }),
    run: async (ctx, { from }) => {
      try {
        const src = path.resolve(ctx.dbPath, '..', from);
        // A renderer may restore only a backup the app made (one `backup.list` shows).
        if (ctx.fromRenderer && !listBackups(ctx.dbPath).some((b) => path.resolve(b.path) === src)) localPathsOnly(ctx, 'from');
        const check = validateBackup(src, ctx.appRoot);
        const current = ctx.db.pragma('user_version', { simple: true }) as number;
        // The running app keeps its connection: it can only take a file of its own schema.
        if (check.schema_version !== current) {
          throw new ApiError('conflict', `the backup has schema ${check.schema_version}, the open database ${current}; close Headroom and run: headroom restore --db ${ctx.dbPath} --from ${src}`);
        }
        return await restoreDatabase(ctx.dbPath, src, ctx.appRoot, ctx.now());
      } catch (e) { return asApiError(e); }
    },
  }),
};
