// Scenario fields whose text is not (yet) a valid entry: each NumField says so at the field, and
// the page holds Save until they are fixed (issue 18: the error was a banner naming the schema path).
import { untrack } from 'svelte';

const state = $state<{ bad: Record<string, string> }>({ bad: {} });

/** Set (message) or clear (null) the error of one field instance. */
export function setFieldError(id: string, message: string | null): void {
  untrack(() => {
    if (message === null) {
      if (id in state.bad) { const next = { ...state.bad }; delete next[id]; state.bad = next; }
    } else if (state.bad[id] !== message) state.bad = { ...state.bad, [id]: message };
  });
}

/** How many fields are in error now. */
export function fieldErrorCount(): number {
  return Object.keys(state.bad).length;
}

/** Parse a number as people type it: thousands separators (`1,200,000`, `1 200 000`), a trailing `%`. Null when it is not one. */
export function parseHumanNumber(raw: string): number | null {
  const s = raw.trim().replace(/[\s\u00a0\u202f,，_']/g, '').replace(/[%％]$/, '');
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
