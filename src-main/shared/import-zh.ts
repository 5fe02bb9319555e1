// The price import's reject details and assumptions in Chinese, for the zh UI. Every detail the
// importer writes is a message of shared/import-messages.ts (code + parameters, made by
// `importMsg`), so each one has its Chinese wording there: the English text (as sent or stored)
// is read back to its code and parameters and re-worded, the file's quoted cells and figures kept.
// A "sheet: " prefix (a multi-sheet workbook's assumptions) is kept. test/i18n/import-zh.test.ts
// checks every code of the catalogue.
import { importMsgZh, parseImportText } from './import-messages.js';

/** One reject detail or assumption in Chinese, or null for text the importer's catalogue does not make. */
export function importTextZhOrNull(s: string): string | null {
  const hit = parseImportText(s);
  if (hit) return importMsgZh(hit.code, hit.params);
  const sheet = /^([^:"]{1,40}): (.*)$/s.exec(s);
  if (sheet) { const inner = importTextZhOrNull(sheet[2]); if (inner !== null) return `${sheet[1]}：${inner}`; }
  return null;
}
