// Writing export files to disk for the hosts (CLI --out, the Electron save dialog): each file
// goes to a temp name beside its target, then every temp is renamed into place, so a failure
// never leaves a partial file (STYLE.md rule 10). Throws ApiError('bad_request') on failure.
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/errors.js';

export function writeFilesAtomically(files: { path: string; data: Buffer }[]): void {
  const temps: string[] = [];
  try {
    for (const f of files) {
      const tmp = path.join(path.dirname(f.path), `.${path.basename(f.path)}.${process.pid}.tmp`);
      temps.push(tmp);
      fs.writeFileSync(tmp, f.data, { flag: 'wx' });
    }
    files.forEach((f, k) => fs.renameSync(temps[k], f.path));
  } catch (e) {
    for (const t of temps) fs.rmSync(t, { force: true });
    throw new ApiError('bad_request', `out: could not write ${files[0]?.path}: ${(e as Error).message}`, 'out');
  }
}
