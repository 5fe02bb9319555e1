// A change made outside the page in view (undo/redo) names the data domains it touched
// (src-main/shared/data-domains.ts). A page that registered its reads with `onDataChange` re-runs
// only the reads of those domains — nothing else on the page is read again, and its state (forms,
// filters, scroll) stays (issue 18: re-creating the page after an undo re-read everything).
// A page that registered nothing is re-created instead (`data.version`), which reads all its data.
import { onDestroy } from 'svelte';
import type { DataDomain } from '../../src-main/shared/data-domains';

export const data = $state({ version: 0 });

/** Every finished API call is announced, so views that summarise the database (the undo tooltip) are never stale. */
export const CALLED = 'headroom:called';

interface Reader { domains: readonly DataDomain[]; run: () => unknown }
const readers = new Set<Reader>();

/**
 * Called while a page (or a part of it) is created: `run` reads again when a change touches one of
 * `domains`. Unregistered when the component goes.
 */
export function onDataChange(domains: readonly DataDomain[], run: () => unknown): void {
  const r: Reader = { domains, run };
  readers.add(r);
  onDestroy(() => readers.delete(r));
}

/** After an undo/redo: the registered reads of the touched domains run again; with none registered the page is re-created. */
export async function dataChanged(domains: readonly DataDomain[]): Promise<void> {
  if (!readers.size) { data.version++; return; }
  const hit = [...readers].filter((r) => r.domains.some((d) => domains.includes(d)));
  await Promise.all(hit.map((r) => r.run()));
}
