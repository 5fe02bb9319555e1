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
