// Unsaved edits on the page in view (issue 18: changing page or Ctrl+Z threw them away). A page
// says what is unsaved; the shell asks before anything that would drop it (page switch, undo/redo,
// closing the window). Cancel keeps the page, and its edits, as they are.
import { untrack } from 'svelte';
import { t } from './i18n.svelte';

const held = $state<{ what: Record<string, string> }>({ what: {} });

/** Mark (what = the thing's name, in words) or clear (null) the unsaved edits of `key`. */
export function markUnsaved(key: string, what: string | null): void {
  // Called from a page's effect: reading the table here must not make that effect depend on it.
  untrack(() => mark(key, what));
}

function mark(key: string, what: string | null): void {
  if (what === null) { if (key in held.what) { const next = { ...held.what }; delete next[key]; held.what = next; } return; }
  if (held.what[key] !== what) held.what = { ...held.what, [key]: what };
}

/** What has unsaved edits, in words (empty when nothing). */
export function unsavedWhat(): string[] {
  return Object.values(held.what);
}

/** True when nothing is unsaved or the user agrees to discard it; `action` says what would discard it. */
export function confirmDiscard(action: 'page' | 'undo' | 'redo'): boolean {
  const what = unsavedWhat();
  if (!what.length) return true;
  return confirm(t(`unsaved.confirm.${action}`, { what: what.join(', ') }));
}

if (typeof window !== 'undefined') {
  window.addEventListener('beforeunload', (e) => { if (unsavedWhat().length) { e.preventDefault(); e.returnValue = ''; } });
}
