// File paths in API inputs are CLI-only by construction. A path field's schema accepts only a
// `LocalPath`, an object with a private class field that JSON (the web host) and structured clone
// (Electron IPC) cannot produce, so no renderer can name a file on disk whatever the handler does.
// Only the command-line host mints one (`mintLocalPath`; scripts/lint.mjs allows the import from
// src-main/cli/ and tests only). Pure: no fs here; store/local-file.ts reads one, bounded.
import { z } from 'zod';

export class LocalPath {
  readonly #abs: string;
  private constructor(abs: string) { this.#abs = abs; }
  /** The absolute path. */
  get path(): string { return this.#abs; }
  toString(): string { return this.#abs; }
  toJSON(): string { return this.#abs; }
  static is(v: unknown): v is LocalPath {
    return typeof v === 'object' && v !== null && #abs in v;
  }
  /** @internal use mintLocalPath (CLI host only). */
  static mint(abs: string): LocalPath { return new LocalPath(abs); }
}

/** What a path must look like: absolute, no NUL, at most 4096 characters. */
export function checkPathText(abs: string): string | null {
  if (abs.length === 0) return 'is required';
  if (abs.length > 4096) return 'is longer than 4096 characters';
  if (abs.includes('\0')) return 'must not contain NUL';
  if (!(abs.startsWith('/') || /^[A-Za-z]:[\\/]/.test(abs) || abs.startsWith('\\\\'))) return 'must be an absolute path';
  return null;
}

/** The CLI host (and only it) turns a resolved absolute path from argv into a LocalPath. */
export function mintLocalPath(abs: string): LocalPath {
  const bad = checkPathText(abs);
  if (bad) throw new TypeError(`path ${bad}`);
  return LocalPath.mint(abs);
}

export const LOCAL_ONLY = 'file paths are accepted from the command line only; send the file\'s bytes instead';

/** Marks a schema issue that parseInput reports as `forbidden` (not `bad_request`). */
export const LOCAL_PATH_ISSUE = { localPathOnly: true } as const;

export const isLocalPathIssue = (i: { code: string; params?: unknown }): boolean =>
  i.code === 'custom' && typeof i.params === 'object' && i.params !== null && (i.params as { localPathOnly?: unknown }).localPathOnly === true;

/** A path field: a LocalPath from the CLI; anything else (a string from a page) is refused as forbidden. */
export const localPathSchema = z.custom<LocalPath>((v) => LocalPath.is(v), { message: LOCAL_ONLY, params: LOCAL_PATH_ISSUE });

/** A field that is one of `words` from anyone, or a LocalPath from the CLI (e.g. calibration: default|none|FILE). */
export function wordOrLocalPath<const W extends readonly [string, ...string[]]>(words: W) {
  return z.custom<W[number] | LocalPath>(
    (v) => (typeof v === 'string' && (words as readonly string[]).includes(v)) || LocalPath.is(v),
    { message: `must be ${words.map((w) => `"${w}"`).join(' or ')} (${LOCAL_ONLY})`, params: LOCAL_PATH_ISSUE },
  );
}
