// Thin wrapper over node:util parseArgs: unknown flags are bad input (exit 2).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError } from '../api/errors.js';
import { likelyTypos, didYouMean } from '../shared/suggest.js';

/**
 * node:util's parse errors in words a user reads: an unknown option names the closest known
 * ones (`--sceanrio` → did you mean --scenario?), a missing value says which option needs one.
 */
export function describeParseError(e: Error & { code?: string }, known: readonly string[]): string {
  const first = e.message.split('\n')[0];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const m = first.match(/Unknown option '(-{1,2}[^']*)'/);
    const opt = m?.[1] ?? '';
    const name = opt.replace(/^-+/, '').split('=')[0];
    const near = likelyTypos(name, known).map((k) => `--${k}`);
    return `unknown option ${opt}${didYouMean(near)}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const m = first.match(/Option '(-{1,2}[^ ']*)(?: <value>)?' argument missing/);
    if (m) return `option ${m[1].split(',').pop()!.trim()} needs a value`;
  }
  if (e.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const m = first.match(/Unexpected argument '([^']*)'/);
    if (m) return `unexpected argument "${m[1]}" (options start with --; see --help)`;
  }
  return first;
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean' }, json: { type: 'boolean' } }, allowPositionals, strict: true });
  } catch (e) {
    throw new ApiError('bad_request', describeParseError(e as Error & { code?: string }, [...Object.keys(options), 'help', 'json']));
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
