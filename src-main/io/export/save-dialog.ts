// The Electron host's "save export" capability, without importing Electron: main.ts passes
// its dialog.showSaveDialog in. The page sends { name, mime, base64 } (what export.run
// returned); the path always comes from the native dialog (STYLE.md rule 12), the name is only
// a suggestion, the extension must be one the exporters write, and the bytes go to disk
// through a temp file and a rename.
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../shared/errors.js';
import { writeFilesAtomically } from './write.js';

export const EXPORT_EXTENSIONS = ['.xlsx', '.pdf', '.zip', '.csv'] as const;
const MAX_BYTES = 200 * 1024 * 1024;

export const saveFileRequestSchema = z.object({
  name: z.string().min(1).max(200),
  mime: z.string().max(200),
  base64: z.string().max(Math.ceil((MAX_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
});

export interface SaveDialogOptions { title?: string; defaultPath: string; filters: { name: string; extensions: string[] }[] }
export type ShowSaveDialog = (o: SaveDialogOptions) => Promise<{ canceled: boolean; filePath?: string }>;

export async function saveExportWithDialog(show: ShowSaveDialog, raw: unknown, opts: { defaultDir?: string; title?: string } = {}): Promise<{ saved: boolean; path?: string }> {
  const r = saveFileRequestSchema.safeParse(raw);
  if (!r.success) throw new ApiError('bad_request', `saveFile: ${r.error.issues[0]?.message ?? 'invalid request'}`);
  // Only a base name is taken from the page, never a folder.
  const name = path.basename(r.data.name.replace(/\\/g, '/'));
  const ext = path.extname(name).toLowerCase();
  if (!(EXPORT_EXTENSIONS as readonly string[]).includes(ext)) throw new ApiError('bad_request', `saveFile: an export must be ${EXPORT_EXTENSIONS.join(', ')} (got "${ext || 'no extension'}")`);
  const res = await show({
    title: opts.title, defaultPath: opts.defaultDir ? path.join(opts.defaultDir, name) : name,
    filters: [{ name: ext.slice(1).toUpperCase(), extensions: [ext.slice(1)] }],
  });
  if (res.canceled || !res.filePath) return { saved: false };
  const target = path.extname(res.filePath) ? res.filePath : res.filePath + ext;
  writeFilesAtomically([{ path: target, data: Buffer.from(r.data.base64, 'base64') }]);
  return { saved: true, path: target };
}
