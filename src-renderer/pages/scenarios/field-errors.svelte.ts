// Scenario fields whose text is not (yet) a valid entry: each NumField says so at the field, and
// the page holds Save until they are fixed (issue 18: the error was a banner naming the schema path).
import { untrack } from 'svelte';

const state = $state<{ bad: Record<string, string>; server: { path: string; message: string } | null }>({ bad: {}, server: null });

/**
 * The field the server refused on Save (its path in the scenario document, `users.monthly_growth.p10`),
 * said at that field; cleared by the next edit or save.
 */
export function setServerError(e: { path: string; message: string } | null): void {
  untrack(() => { state.server = e; });
}
/** The server's message for a field at `path` (or inside it: `path.p10`), and which of its boxes. */
export function serverErrorAt(path: string | undefined): { message: string; key: 'value' | 'p10' | 'p90' } | null {
  const e = state.server;
  if (!path || !e || (e.path !== path && !e.path.startsWith(path + '.'))) return null;
  const rest = e.path.slice(path.length + 1);
  return { message: e.message, key: rest === 'p10' || rest === 'p90' ? rest : 'value' };
}

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
