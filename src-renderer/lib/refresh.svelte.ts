// A change made outside the page in view (undo/redo) bumps `data.version`: the shell then re-creates
// the page, which reads its data again — no reload of the whole app (issue 18: undo took 1.6 s).
export const data = $state({ version: 0 });

/** Every finished API call is announced, so views that summarise the database (the undo tooltip) are never stale. */
export const CALLED = 'headroom:called';
