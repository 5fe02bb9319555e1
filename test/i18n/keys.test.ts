// Pins i18n completeness from the code side: every literal t('key') in the renderer exists in
// both the en and the zh catalogue, and no zh message is left identical to a long English one.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/tmp';

const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));

async function catalogues(): Promise<{ en: Record<string, string>; zh: Record<string, string> }> {
  const en: Record<string, string> = {}, zh: Record<string, string> = {};
  for (const f of walk(path.join(ROOT, 'src-renderer', 'i18n')).filter((f) => f.endsWith('.ts'))) {
    const m = (await import(f)) as { default: { en: Record<string, string>; zh: Record<string, string> } };
    Object.assign(en, m.default.en); Object.assign(zh, m.default.zh);
  }
  return { en, zh };
}

describe('i18n keys', () => {
  it('every literal t(\'key\') used by the renderer is in both catalogues', async () => {
    const { en, zh } = await catalogues();
    const missing: string[] = [];
    for (const f of walk(path.join(ROOT, 'src-renderer')).filter((f) => /\.(svelte|ts)$/.test(f) && !f.includes(`${path.sep}i18n${path.sep}`))) {
      const src = fs.readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*[\w-])'\s*[,)]/g)) {
        if (!(m[1] in en) || !(m[1] in zh)) missing.push(`${path.relative(ROOT, f)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every key is in both languages, with the same {placeholders}', async () => {
    const { en, zh } = await catalogues();
    expect(Object.keys(en).filter((k) => !(k in zh))).toEqual([]);
    expect(Object.keys(zh).filter((k) => !(k in en))).toEqual([]);
    const ph = (m: string) => [...new Set(m.match(/\{\w+\}/g) ?? [])].sort().join(' ');
    expect(Object.keys(en).filter((k) => k in zh && ph(en[k]) !== ph(zh[k])).map((k) => `${k}: ${ph(en[k])} / ${ph(zh[k])}`)).toEqual([]);
    expect(Object.values(zh).filter((m) => m.trim() === '')).toEqual([]);
  });

  it('no Chinese message is an untranslated English sentence', async () => {
    const { en, zh } = await catalogues();
    const same = Object.keys(zh).filter((k) => zh[k] === en[k] && /[a-z]{3,} [a-z]{3,} [a-z]{3,}/i.test(zh[k]));
    expect(same).toEqual([]);
  });
});
