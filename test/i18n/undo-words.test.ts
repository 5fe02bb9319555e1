// The undo tooltip names a step in words (issue 18: it showed `inventory.add`): every method that
// records an undo step has its words in English and Chinese, and none of them is a method name.
import { describe, it, expect } from 'vitest';
import { handlers } from '../../src-main/api/handlers';
import undo from '../../src-renderer/i18n/undo';

describe('undo step names', () => {
  const mutating = Object.entries(handlers as Record<string, { mutates?: boolean }>).filter(([, m]) => m.mutates).map(([k]) => k)
    .filter((k) => !k.startsWith('undo.'));
  it('covers every mutating API method in en and zh', () => {
    expect(mutating.length).toBeGreaterThan(20);
    const en = undo.en as Record<string, string>, zh = undo.zh as Record<string, string>;
    const missing = mutating.filter((m) => !en[`undo.m.${m}`] || !zh[`undo.m.${m}`]);
    expect(missing).toEqual([]);
    for (const m of mutating) {
      expect(en[`undo.m.${m}`]).not.toMatch(/[a-z]+\.[a-z]+/i);
      expect(zh[`undo.m.${m}`]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
