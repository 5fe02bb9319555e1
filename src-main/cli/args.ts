// Thin wrapper over node:util parseArgs: unknown flags are bad input (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../api/errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new ApiError('bad_request', (e as Error).message.split('\n')[0]);
  }
}

export function requireOpt(v: string | undefined, flag: string): string {
  if (v === undefined || v === '') throw new ApiError('bad_request', `--${flag} is required`, flag);
  return v;
}

export function intOpt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v.trim())) throw new ApiError('bad_request', `--${flag} must be an integer (got "${v}")`, flag);
  return Number(v);
}

export function numOpt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new ApiError('bad_request', `--${flag} must be a number (got "${v}")`, flag);
  return n;
}
