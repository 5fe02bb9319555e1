// Expected failures travel as data with a stable code; anything else is a bug and is
// reduced to `internal` by the hosts (STYLE.md house rule 4).
export type ApiErrorCode =
  | 'bad_request'      // input failed validation (exit 2 in the CLI)
  | 'not_found'        // a named thing does not exist (exit 2)
  | 'conflict'         // e.g. same file imported twice (exit 2)
  | 'unreadable'       // a file that cannot be read/decoded (exit 2)
  | 'infeasible'       // a plan that cannot be met (exit 0 with data, not thrown)
  | 'cancelled'
  | 'forbidden'        // the caller may not do this (a renderer naming files on disk)
  | 'disk_full'        // SQLITE_FULL / ENOSPC: nothing was written; not corruption (exit 1)
  | 'read_only'        // the database (or its folder) is read-only: view and export only (exit 1)
  | 'permission_denied' // EACCES / EPERM: the OS refused access to a file (exit 1)
  | 'internal';

export class ApiError extends Error {
  constructor(
    public readonly code: ApiErrorCode,
    message: string,
    public readonly field?: string,
    public readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (field: string, message: string, detail?: unknown) =>
  new ApiError('bad_request', field ? `${field}: ${message}` : message, field, detail);
export const notFound = (field: string, message: string, detail?: unknown) =>
  new ApiError('not_found', field ? `${field}: ${message}` : message, field, detail);

export interface WireError { code: ApiErrorCode; message: string; field?: string; detail?: unknown }

export function toWireError(e: unknown): WireError {
  if (e instanceof ApiError) return { code: e.code, message: e.message, field: e.field, detail: e.detail };
  return { code: 'internal', message: 'internal error' };
}

/**
 * A storage failure that is not corruption (issue 17 item 7): SQLite's SQLITE_FULL / SQLITE_READONLY*
 * / SQLITE_PERM / SQLITE_AUTH and the OS's ENOSPC / EDQUOT / EROFS / EACCES / EPERM, told apart from a
 * damaged file so that nobody is told to restore a backup over a file that is fine. Pure: reads `e.code`.
 */
export type StorageProblem = 'disk_full' | 'read_only' | 'permission_denied';

export function storageProblem(e: unknown): StorageProblem | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk_full';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'read_only';
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH' || code === 'EACCES' || code === 'EPERM') return 'permission_denied';
  return undefined;
}

/** The words for a storage problem: what happened, that the file is not damaged, what to do. */
export function storageMessage(kind: StorageProblem, what: string): string {
  switch (kind) {
    case 'disk_full': return `the disk is full: ${what} could not be written and nothing was changed (the file is not damaged); free some space and try again`;
    case 'read_only': return `${what} is read-only: it can be viewed and exported but not changed (the file is not damaged); make it and its folder writable to edit it`;
    case 'permission_denied': return `permission denied: the system does not let Headroom use ${what} (the file is not damaged); check its permissions`;
  }
}

/** A storage failure as an ApiError with its own code, or undefined for anything else. */
export function storageError(e: unknown, what = 'the database'): ApiError | undefined {
  if (e instanceof ApiError) return undefined;
  const kind = storageProblem(e);
  return kind ? new ApiError(kind, storageMessage(kind, what)) : undefined;
}
