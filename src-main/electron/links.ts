// Where the desktop window may go, as pure decisions a test checks under plain Node (issue 17
// item 10): the app's own origin only for navigation of any frame, redirects included; https
// links only to the OS browser, and only after the user said yes; the app's files by file URL
// built with pathToFileURL (an install path with '#', '?' or '%' loads the right file).
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './security.js';

/** Parses without throwing: a malformed URL is simply not allowed anywhere. */
function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 8192) return null;
  try { return new URL(url); } catch { return null; }
}

/**
 * May the window (or any frame in it) navigate or be redirected to `url`? Only within the app's
 * own origin (headroom://app). Used for will-navigate, will-frame-navigate and will-redirect.
 */
export function navigationAllowed(url: unknown): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === 'app' && u.username === '' && u.password === '';
}

/**
 * May `url` be offered to the OS browser? https only (no http, file, javascript, data, custom
 * schemes, smb or UNC paths), no user:password@ part, a host name present. The user is asked first.
 */
export function externalLinkAllowed(url: unknown): boolean {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.hostname === '' || u.username !== '' || u.password !== '') return false;
  return !/[\u0000-\u001f\u007f]/.test(url as string);
}

/** The question shown before a link leaves the app (Electron's MessageBoxOptions shape). */
export function externalLinkPrompt(url: string) {
  const u = new URL(url);
  return {
    type: 'question' as const,
    title: 'Headroom',
    message: `Open ${u.hostname} in your browser?`,
    detail: url.length > 300 ? url.slice(0, 300) + '…' : url,
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

/** Did the user say yes to externalLinkPrompt? (the response index of 'Open in browser'). */
export const userChoseOpen = (response: number): boolean => response === 0;

/** A file URL for one of the app's own files, correct for any install path ('#', '?', '%', spaces, non-ASCII). */
export function appFileUrl(file: string): string {
  return pathToFileURL(file).href;
}
