// Number fields on the edit forms outside Scenarios (Inventory, Sites): said at the field in words,
// the same way as the Scenarios page (issue 18: "abc" gave zod's `Invalid input: expected number,
// received string`). Numbers are read as people type them (1,200 · 1 200 · 0.5).
import { parseHumanNumber } from '../pages/scenarios/field-errors.svelte';
import { t } from './i18n.svelte';

/** The number in `raw`, or null when it is not one (empty included). */
export const readNumber = (raw: string | number): number | null => parseHumanNumber(String(raw));

/** A decimal text without thousands separators (prices are sent as decimal strings), or null when empty. */
export function readDecimal(raw: string | number): string | null {
  const s = String(raw).trim();
  if (s === '') return null;
  return readNumber(s) === null ? s : s.replace(/[\s\u00a0\u202f,，_']/g, '');
}

/**
 * Messages for the fields of `form` named in `required` (must be a number) and `optional` (empty
 * or a number), keyed by field: "“abc” is not a number: …" / "Enter a number".
 */
export function numberErrors(form: Record<string, string | number>, required: readonly string[], optional: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...required, ...optional]) {
    const raw = String(form[k] ?? '').trim();
    if (raw === '') { if (required.includes(k)) out[k] = t('sc.err.empty'); continue; }
    if (readNumber(raw) === null) out[k] = t('sc.err.notNumber', { text: raw });
  }
  return out;
}
