// The engine's notes and reasons are English sentences with figures; in the zh UI each known
// shape is shown in Chinese (the same rules as the zh PDF, src-main/shared/notes-zh.ts).
import { i18n } from './i18n.svelte';
import { withNames } from './names.svelte';
import { moneyInText } from './format';
import { noteZhOrNull } from '../../src-main/shared/notes-zh';
import { importTextZhOrNull } from '../../src-main/shared/import-zh';

export const engineText = (s: string | null | undefined): string => (s == null ? '' : moneyInText(withNames(i18n.lang === 'zh' ? noteZhOrNull(s) ?? s : s), i18n.locale));

/** A price import's reject detail or assumption (src-main/shared/import-zh.ts) in the UI's language. */
export const importText = (s: string | null | undefined): string => (s == null ? '' : withNames(i18n.lang === 'zh' ? importTextZhOrNull(s) ?? s : s));
