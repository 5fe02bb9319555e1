// Backups and restore through the API: the desktop app's "Back up now / Restore" and the
// CLI's `headroom backup` / `headroom restore` (src-main/store/restore.ts does the work).
import path from 'node:path';
import { z } from 'zod';
import { method } from '../method.js';
import { LocalPath, localPathSchema } from '../../shared/local-path.js';
import { ApiError } from '../errors.js';
import { createBackup, listBackups, restoreDatabase, RestoreError, validateBackup } from '../../store/restore.js';

/** A backup is an SQLite file; the API writes and reads only these extensions (STYLE.md rule 12). */
export const BACKUP_EXTENSIONS = ['.db', '.sqlite', '.sqlite3', '.headroom'];

const backupFileSchema = z.object({ file: z.string(), path: z.string(), reason: z.string(), created_at: z.string(), bytes: z.number().int() });
/** A file the command line names (LocalPath: a page can never send one) with a backup extension. */
const pathSchema = localPathSchema
  .refine((p) => BACKUP_EXTENSIONS.includes(path.extname(p.path).toLowerCase()), `must end in ${BACKUP_EXTENSIONS.join(', ')}`);
/** The name of a backup the app made (as `backup.list` shows it): what a page may restore. */
const backupNameSchema = z.string().min(1).max(255).regex(/^[^/\\\u0000-\u001f]+$/, 'must be a file name from backup.list')
  .refine((p) => p !== '.' && p !== '..' && BACKUP_EXTENSIONS.includes(path.extname(p).toLowerCase()), `must end in ${BACKUP_EXTENSIONS.join(', ')}`);

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
      const file = out === undefined ? undefined : out.path;
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
   * database whose schema is exactly this version's), before the write queue; the restore itself
   * runs alone in the queue (`exclusive`), so no write of this process interleaves with it, and
   * SQLite's backup API takes the file's write lock for other processes. The current database is
   * kept under backups/ so the restore can itself be undone.
   */
  'backup.restore': method({
    /** `from`: a file the command line names; `backup`: the name of one of this database's backups (backup.list). */
    input: z.object({ from: pathSchema.optional(), backup: backupNameSchema.optional() })
      .refine((v) => (v.from === undefined) !== (v.backup === undefined), { message: 'give either from (a path, command line only) or backup (a name from backup.list)', path: ['backup'] }),
    output: z.object({ restored_from: z.string(), previous_copy: z.string().nullable(), schema_version: z.number().int(), method: z.enum(['in_place', 'replaced']) }),
    exclusive: true,
    beforeLock: (ctx, { from, backup }) => {
      try {
        let src: string;
        if (from instanceof LocalPath) src = from.path;
        else {
          const hit = listBackups(ctx.dbPath).find((b) => b.file === backup);
          if (!hit) throw new ApiError('not_found', `backup: ${backup} is not one of this database's backups (see backup.list)`, 'backup');
          src = path.resolve(hit.path);
        }
        const check = validateBackup(src, ctx.appRoot);
        const current = ctx.db.pragma('user_version', { simple: true }) as number;
        // The running app keeps its connection: it can only take a file of its own schema.
        if (check.schema_version !== current) {
          throw new ApiError('conflict', `the backup has schema ${check.schema_version}, the open database ${current}; close Headroom and run: headroom restore --db ${ctx.dbPath} --from ${src}`);
        }
        return src;
      } catch (e) { return asApiError(e); }
    },
    run: async (ctx, _input, src) => {
      // restoreDatabase validates again: the file may have changed while earlier writes ran.
      try { return await restoreDatabase(ctx.dbPath, src, ctx.appRoot, ctx.now()); } catch (e) { return asApiError(e); }
    },
  }),
};
