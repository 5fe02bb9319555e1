// Pins the OWASP formula-injection rule: = + - @ TAB CR at the start get a leading quote; other text is untouched.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { neutralise, isDangerous } from '../../src-main/io/export/neutralise.js';

describe('neutralise', () => {
  it('prefixes the trigger characters', () => {
    for (const s of ['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")']) expect(neutralise(s)).toBe(`'${s}`);
  });
  it('leaves ordinary and Chinese text alone', () => {
    for (const s of ['', 'h100-sxm', '华为 = 代理', "'quoted", ' =1', '1-2']) expect(neutralise(s)).toBe(s);
  });
  it('never leaves a dangerous first character, and only ever adds one quote', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const n = neutralise(s);
      expect(isDangerous(n)).toBe(false);
      expect(n === s || n === `'${s}`).toBe(true);
    }));
  });
});
