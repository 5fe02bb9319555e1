// Where the CJK font for the PDF and its charts comes from: Noto Sans SC (OFL-1.1) as full
// TTFs from the @expo-google-fonts/noto-sans-sc package (TOOLCHAIN.md pitfall 6: TTF/OTF/TTC
// only; WOFF2 gives invisible glyphs). pdfmake subsets it, so a report stays small.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface FontFiles { regular: string; bold: string }

/** The font files, or an error naming what is missing. `override` lets a packaged app ship its own copy. */
export function cjkFontFiles(override?: Partial<FontFiles>): FontFiles {
  const find = (rel: string) => {
    try { return require.resolve(`@expo-google-fonts/noto-sans-sc/${rel}`); } catch { return ''; }
  };
  const regular = override?.regular ?? find('400Regular/NotoSansSC_400Regular.ttf');
  const bold = override?.bold ?? (find('700Bold/NotoSansSC_700Bold.ttf') || regular);
  if (!regular || !fs.existsSync(regular)) throw new Error('export: the CJK font NotoSansSC_400Regular.ttf is missing (package @expo-google-fonts/noto-sans-sc)');
  return { regular, bold: fs.existsSync(bold) ? bold : regular };
}
