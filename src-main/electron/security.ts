// The Electron security settings as plain data and small functions, so a test can assert
// each one without an Electron binary (Electron security checklist items cited inline).
import path from 'node:path';
import { CSP } from '../web/csp.js';

export const APP_SCHEME = 'headroom';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

export function windowOptions(preloadPath: string) {
  return {
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 640,
    title: 'Headroom',
    show: false,
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,          // checklist #3: isolate preload from page
      sandbox: true,                   // checklist #4: sandbox the renderer
      nodeIntegration: false,          // checklist #2: no Node in the renderer
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,               // checklist #5: never disable
      allowRunningInsecureContent: false,
      experimentalFeatures: false,     // checklist #9
      webviewTag: false,               // checklist #12
      navigateOnDragDrop: false,
      spellcheck: false,
      enableBlinkFeatures: '',         // checklist #10
    },
  } as const;
}

export const CONTENT_SECURITY_POLICY = CSP;

/** Only our own custom-scheme origin may call IPC (checklist #17: validate the sender). */
export function isTrustedSender(frameUrl: string | undefined | null): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === `${APP_SCHEME}:` && u.host === 'app';
  } catch {
    return false;
  }
}

/** Navigation away from the app is never allowed (checklist #13). */
export function isAllowedNavigation(url: string): boolean {
  return isTrustedSender(url);
}

/** External links open in the OS browser, and only http(s) (checklist #15). */
export function isSafeExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** No permission (camera, geolocation, notifications...) is ever granted (checklist #6). */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/** Map headroom://app/<path> to a file under the renderer folder, refusing traversal. */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let u: URL;
  try { u = new URL(requestUrl); } catch { return null; }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'app') return null;
  // A malformed escape (%E0%A4%A) is refused, never thrown out of the protocol handler (issue 17).
  let rel: string;
  try { rel = decodeURIComponent(u.pathname); } catch { return null; }
  if (rel.includes('\0') || rel.split(/[\\/]/).includes('..')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(path.join(root, rel));
  const inside = path.relative(root, file);
  return inside && !inside.startsWith('..') && !path.isAbsolute(inside) ? file : null;
}
