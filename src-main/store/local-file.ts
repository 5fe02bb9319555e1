// Reads a file the command line named (a LocalPath), bounded: an allowed extension, a regular
// file (a FIFO, device or directory is refused without blocking on it: opened O_NONBLOCK and
// checked with fstat on the very descriptor that is read), and a size cap checked before reading.
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../shared/errors.js';
import type { LocalPath } from '../shared/local-path.js';

export interface LocalFileRules {
  /** The input field named in errors. */
  field: string;
  /** Lower-case extensions with the dot ('.csv'); empty = any. */
  extensions: readonly string[];
  maxBytes: number;
}

export function readLocalFile(p: LocalPath, rules: LocalFileRules): { bytes: Buffer; name: string; abs: string } {
  const abs = path.resolve(p.path);
  const ext = path.extname(abs).toLowerCase();
  if (rules.extensions.length && !rules.extensions.includes(ext)) {
    throw new ApiError('bad_request', `${rules.field}: must be a ${rules.extensions.join(', ')} file (got "${ext || 'no extension'}")`, rules.field);
  }
  let fd: number;
  try {
    fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new ApiError('not_found', `${rules.field}: ${p.path} does not exist`, rules.field);
    throw new ApiError('unreadable', `${rules.field}: ${p.path} cannot be read (${code ?? 'error'})`, rules.field);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new ApiError('bad_request', `${rules.field}: ${p.path} is not a regular file`, rules.field);
    if (st.size > rules.maxBytes) throw new ApiError('unreadable', `${rules.field}: ${p.path} is larger than ${fmtBytes(rules.maxBytes)}`, rules.field);
    // Read at most the cap (+1 to notice a file that grew meanwhile).
    const buf = Buffer.alloc(Math.min(st.size, rules.maxBytes) + 1);
    let n = 0;
    for (;;) {
      const r = fs.readSync(fd, buf, n, buf.length - n, n);
      if (r === 0) break;
      n += r;
      if (n >= buf.length) break;
    }
    if (n > rules.maxBytes) throw new ApiError('unreadable', `${rules.field}: ${p.path} is larger than ${fmtBytes(rules.maxBytes)}`, rules.field);
    return { bytes: buf.subarray(0, n), name: path.basename(abs), abs };
  } finally {
    fs.closeSync(fd);
  }
}

const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${n / 1024 / 1024} MB` : `${n} bytes`);
