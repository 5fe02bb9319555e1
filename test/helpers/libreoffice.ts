// Recalculates XLSX files in a real spreadsheet engine (LibreOffice headless, installed by .ci/run:
// `apt-get install -y libreoffice-calc-nogui`): a private profile is created once and set to
// "always recalculate" on load, then each file is converted back to XLSX, so the copy holds the
// values LibreOffice computed from the formulas rather than the caches Headroom wrote.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as XLSX from 'xlsx';

const RECALC = '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n';

function profile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-lo-'));
  const url = `file://${dir}`;
  // First start writes the profile (and would overwrite a settings file put there before it).
  execFileSync('soffice', ['--headless', '--norestore', '--terminate_after_init', `-env:UserInstallation=${url}`], { stdio: 'ignore', timeout: 120_000 });
  const reg = path.join(dir, 'user', 'registrymodifications.xcu');
  const text = fs.existsSync(reg) ? fs.readFileSync(reg, 'utf8') : '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n';
  fs.mkdirSync(path.dirname(reg), { recursive: true });
  fs.writeFileSync(reg, text.replace('</oor:items>', `${RECALC}</oor:items>`));
  return url;
}

/** Paths of the recalculated copies (same base names, in a new folder), in the order given. */
export function recalcXlsx(files: string[]): string[] {
  const url = profile();
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-lo-out-'));
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=${url}`, '--convert-to', 'xlsx:Calc MS Excel 2007 XML', '--outdir', out, ...files],
    { stdio: 'ignore', timeout: 300_000 });
  return files.map((f) => {
    const p = path.join(out, path.basename(f));
    if (!fs.existsSync(p)) throw new Error(`LibreOffice did not convert ${f}`);
    return p;
  });
}

/** Formula cells whose LibreOffice value differs from the cache (to the cent), and how many were compared. */
export function compareRecalc(ours: Buffer, theirs: Buffer): { n: number; bad: string[] } {
  const a = XLSX.read(ours, { cellFormula: true });
  const b = XLSX.read(theirs, { cellFormula: true });
  const bad: string[] = [];
  let n = 0;
  for (const name of a.SheetNames) {
    for (const [addr, cell] of Object.entries(a.Sheets[name])) {
      if (addr.startsWith('!') || !(cell as XLSX.CellObject).f) continue;
      const c = cell as XLSX.CellObject;
      const r = b.Sheets[name]?.[addr] as XLSX.CellObject | undefined;
      n++;
      const same = typeof c.v === 'number' ? typeof r?.v === 'number' && Math.abs(c.v - r.v) < 0.005 : String(c.v ?? '') === String(r?.v ?? '');
      if (!same) bad.push(`${name}!${addr} ${c.f}: cached ${String(c.v)}, LibreOffice ${String(r?.v)}`);
    }
  }
  return { n, bad };
}
