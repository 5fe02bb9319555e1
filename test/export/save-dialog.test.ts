// Pins the Electron save capability: the path comes from the dialog, only known export extensions, cancel writes nothing, bytes land whole.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { tmpDir } from '../helpers/tmp';
import { saveExportWithDialog, type SaveDialogOptions } from '../../src-main/io/export/save-dialog';

const bytes = Buffer.from('%PDF-1.7 test');
const req = (name: string) => ({ name, mime: 'application/pdf', base64: bytes.toString('base64') });

describe('saveExportWithDialog', () => {
  it('writes the bytes where the dialog says, suggesting only the base name', async () => {
    const dir = tmpDir();
    const seen: SaveDialogOptions[] = [];
    const r = await saveExportWithDialog(async (o) => { seen.push(o); return { canceled: false, filePath: path.join(dir, 'chosen.pdf') }; }, req('../../etc/report.pdf'));
    expect(r).toEqual({ saved: true, path: path.join(dir, 'chosen.pdf') });
    expect(seen[0].defaultPath).toBe('report.pdf');
    expect(seen[0].filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
    expect(fs.readFileSync(path.join(dir, 'chosen.pdf'))).toEqual(bytes);
    expect(fs.readdirSync(dir)).toEqual(['chosen.pdf']);
  });

  it('cancel writes nothing; a name the dialog returns without extension gets it', async () => {
    const dir = tmpDir();
    expect(await saveExportWithDialog(async () => ({ canceled: true }), req('a.pdf'))).toEqual({ saved: false });
    expect(fs.readdirSync(dir)).toEqual([]);
    const r = await saveExportWithDialog(async () => ({ canceled: false, filePath: path.join(dir, 'plain') }), req('a.pdf'));
    expect(r.path).toBe(path.join(dir, 'plain.pdf'));
  });

  it('refuses other extensions and bad bodies before showing any dialog', async () => {
    let shown = 0;
    const show = async () => { shown++; return { canceled: true }; };
    for (const bad of [req('x.exe'), req('x'), { name: 'a.pdf', mime: 'x', base64: 'not base64!' }, null, { name: '' }]) {
      await expect(saveExportWithDialog(show, bad)).rejects.toMatchObject({ code: 'bad_request' });
    }
    expect(shown).toBe(0);
  });
});
