// Shared plumbing for CLI commands: open the DB, build the context, invoke, print, map
// errors to exit codes (2 = bad input, 1 = anything else).
import path from 'node:path';
import type { ApiOutput, MethodName } from '../api/handlers.js';
import { ApiError, storageError } from '../api/errors.js';
import type { AppContext } from '../api/context.js';
import { openDatabase, closeDatabase, DbOpenError } from '../store/open.js';
import type { CliIO } from './command.js';

/** Not bad input: the run failed (a full disk, a read-only or inaccessible file) — exit 1. */
const FAILURES = new Set(['internal', 'cancelled', 'disk_full', 'read_only', 'permission_denied']);

export function exitCodeFor(e: unknown): number {
  if (e instanceof ApiError) return FAILURES.has(e.code) ? 1 : 2;
  if (e instanceof DbOpenError) return e.kind === 'full' || e.kind === 'readonly' || e.kind === 'denied' ? 1 : 2;
  return 1;
}

export function errorLine(e: unknown): string {
  if (e instanceof ApiError || e instanceof DbOpenError) return `headroom: ${e.message}`.split('\n')[0];
  const storage = storageError(e);
  if (storage) return `headroom: ${storage.message}`;
  const msg = e instanceof Error ? e.message : String(e);
  return `headroom: internal error: ${msg}`.split('\n')[0];
}

/** Opens the DB (must exist unless create), runs fn with a context, always closes. */
export async function withContext<T>(io: CliIO, dbPath: string | undefined, fn: (ctx: AppContext) => Promise<T>, opts: { create?: boolean } = {}): Promise<T> {
  if (!dbPath) throw new ApiError('bad_request', '--db PATH is required', 'db');
  const abs = path.resolve(io.cwd, dbPath);
  const db = openDatabase(abs, { appRoot: io.appRoot, create: opts.create ?? false });
  try {
    return await fn({ db, dbPath: abs, appRoot: io.appRoot, now: () => new Date() });
  } finally {
    closeDatabase(db);
  }
}

export async function call<M extends MethodName>(ctx: AppContext, m: M, input: unknown): Promise<ApiOutput<M>> {
  // The handler table (every domain and its schemas) is loaded when a command first calls it.
  const { invoke } = await import('../api/handlers.js');
  return (await invoke(ctx, m, input)) as ApiOutput<M>;
}

/** Print a result: JSON when --json, else the human text. */
export function print(io: CliIO, json: boolean | undefined, value: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(value, null, 2) : human());
}

/** Wraps a command body: catches, prints one line on stderr, returns the exit code. */
export async function guarded(io: CliIO, body: () => Promise<number | void>): Promise<number> {
  try {
    return (await body()) ?? 0;
  } catch (e) {
    io.err(errorLine(e));
    return exitCodeFor(e);
  }
}

/** Plain-text table for human output. */
export function textTable(rows: Record<string, unknown>[], cols: string[]): string {
  const cells = [cols, ...rows.map((r) => cols.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))))];
  const w = cols.map((_, j) => Math.max(...cells.map((r) => r[j].length)));
  return cells.map((r) => r.map((c, j) => c.padEnd(w[j])).join('  ').trimEnd()).join('\n');
}
