// Electron main: window, menu, custom scheme, IPC. Thin on purpose: every behaviour is in
// api/ (shared with the web host and the CLI); security settings live in security.ts.
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { invoke } from '../api/handlers.js';
import { toWireError } from '../api/errors.js';
import { JobRegistry } from '../api/jobs.js';
import { openDatabase, closeDatabase, DbOpenError, restoreHelps } from '../store/open.js';
import { newestValidBackup, restoreDatabase } from '../store/restore.js';
import { backupDir } from '../store/backups.js';
import { appRoot } from '../app/paths.js';
import { createDemoDatabase } from '../app/demo-db.js';
import { saveExportWithDialog } from '../io/export/save-dialog.js';
import {
  APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isTrustedSender, permissionDecision, resolveAppFile, windowOptions,
} from './security.js';
import { appFileUrl, externalLinkAllowed, externalLinkPrompt, navigationAllowed, userChoseOpen } from './links.js';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const electron = require('electron') as typeof import('electron');
const { app, BrowserWindow, ipcMain, protocol, session, shell, Menu, dialog, net } = electron;

const root = appRoot();
const rendererDir = path.join(root, 'build', 'renderer');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const w = BrowserWindow.getAllWindows()[0];
    if (w) { if (w.isMinimized()) w.restore(); w.focus(); }
  });
  app.whenReady().then(start).catch((e) => { dialog.showErrorBox('Headroom', String(e)); app.quit(); });
}

function dbPathFromArgs(): string {
  const i = process.argv.indexOf('--db');
  if (i > 0 && process.argv[i + 1]) return path.resolve(process.argv[i + 1]);
  return path.join(app.getPath('userData'), 'headroom.db');
}

async function start() {
  const dbPath = dbPathFromArgs();
  if (!fs.existsSync(dbPath)) createDemoDatabase(dbPath, root);
  const db = await openOrRecover(dbPath);
  const jobs = new JobRegistry();

  protocol.handle(APP_SCHEME, (req) => {
    const file = resolveAppFile(rendererDir, req.url);
    if (!file || !fs.existsSync(file)) return new Response('not found', { status: 404 });
    // pathToFileURL: an install path with '#', '?' or '%' still names the right file (issue 17).
    return net.fetch(appFileUrl(file)).then((r) => {
      const headers = new Headers(r.headers);
      if (file.endsWith('.html')) headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      return new Response(r.body, { status: r.status, headers });
    });
  });

  session.defaultSession.setPermissionRequestHandler((_wc, permission, cb) => cb(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => permissionDecision(permission));

  // A link leaving the app: https only, and only after the user says yes (issue 17).
  const offerExternal = async (url: string) => {
    if (!externalLinkAllowed(url)) return;
    const owner = BrowserWindow.getFocusedWindow();
    const opts = externalLinkPrompt(url);
    const { response } = await (owner ? dialog.showMessageBox(owner, opts) : dialog.showMessageBox(opts));
    if (userChoseOpen(response)) await shell.openExternal(url);
  };
  app.on('web-contents-created', (_e, contents) => {
    // The main frame, any subframe and any server redirect stay inside headroom://app.
    const guard = (ev: { preventDefault(): void }, url: string) => {
      if (navigationAllowed(url)) return;
      ev.preventDefault();
      void offerExternal(url);
    };
    contents.on('will-navigate', (ev, url) => guard(ev, url));
    contents.on('will-frame-navigate', (ev) => { if (!navigationAllowed(ev.url)) ev.preventDefault(); });
    contents.on('will-redirect', (ev, url) => { if (!navigationAllowed(url)) ev.preventDefault(); });
    contents.on('will-attach-webview', (ev) => ev.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      void offerExternal(url);
      return { action: 'deny' };
    });
  });

  ipcMain.handle('headroom:call', async (ev, method: unknown, input: unknown, jobId: unknown) => {
    if (!isTrustedSender(ev.senderFrame?.url)) return { error: { code: 'forbidden', message: 'untrusted sender' } };
    if (typeof method !== 'string') return { error: { code: 'bad_request', message: 'method must be a string' } };
    try {
      const result = await jobs.track(typeof jobId === 'string' ? jobId : null, (h) => invoke({
        db, dbPath, appRoot: root, now: () => new Date(), signal: h.signal, progress: h.progress, fromRenderer: true, jobs,
      }, method, input));
      return { result };
    } catch (e) {
      return { error: toWireError(e) };
    }
  });
  ipcMain.handle('headroom:progress', (ev, jobId: unknown) => {
    if (!isTrustedSender(ev.senderFrame?.url) || typeof jobId !== 'string') return { running: false };
    const p = jobs.progress(jobId);
    return p.running ? p : { running: false };
  });
  ipcMain.handle('headroom:cancel', (ev, jobId: unknown) => {
    if (!isTrustedSender(ev.senderFrame?.url) || typeof jobId !== 'string') return false;
    jobs.cancel(jobId);
    return true;
  });

  ipcMain.handle('headroom:saveFile', async (ev, file: unknown) => {
    if (!isTrustedSender(ev.senderFrame?.url)) return { error: { code: 'forbidden', message: 'untrusted sender' } };
    const owner = BrowserWindow.fromWebContents(ev.sender);
    try {
      const r = await saveExportWithDialog((o) => (owner ? dialog.showSaveDialog(owner, o) : dialog.showSaveDialog(o)), file, { defaultDir: app.getPath('documents') });
      // Reveal, never open (STYLE.md rule 12).
      if (r.path) shell.showItemInFolder(r.path);
      return { result: r };
    } catch (e) {
      return { error: toWireError(e) };
    }
  });

  Menu.setApplicationMenu(Menu.buildFromTemplate([
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ]));

  const win = new BrowserWindow(windowOptions(path.join(root, 'build', 'main', 'electron', 'preload.cjs')));
  win.once('ready-to-show', () => win.show());
  await win.loadURL(`${APP_ORIGIN}/index.html`);

  app.on('window-all-closed', () => {
    closeDatabase(db);
    app.quit();
  });
}

/**
 * Opens the database; if it is corrupt or not ours, says so and offers the newest valid backup.
 * The file itself is never overwritten without the user's yes, and even then restoreDatabase
 * keeps its exact bytes under backups/ first. A file from a newer Headroom is only refused.
 */
async function openOrRecover(dbPath: string) {
  try {
    return openDatabase(dbPath, { appRoot: root });
  } catch (e) {
    if (!(e instanceof DbOpenError) || e.kind === 'missing') throw e;
    // Only a damaged or foreign file is helped by a restore; a full disk, a read-only file or a
    // permission problem is said as it is, with no restore offered (issue 17 item 7).
    const backup = restoreHelps(e.kind) ? newestValidBackup(dbPath, root) : undefined;
    const detail = e.kind === 'future'
      ? `${e.message}.\n\nInstall the newer Headroom to open it.`
      : !restoreHelps(e.kind)
      ? `${e.message}.\n\nThe file itself is not damaged; no backup needs to be restored.`
      : `${e.message}.\n\n` + (backup
        ? `The newest good backup is from ${backup.created_at.replace('T', ' ').slice(0, 16)} UTC (${backup.file}). Restore it? The current file will be kept in ${backupDir(dbPath)}.`
        : `No backup was found in ${backupDir(dbPath)}. Restore one from the command line with: headroom restore --db "${dbPath}" --from FILE`);
    const buttons = backup ? ['Restore backup', 'Quit'] : ['Quit'];
    const { response } = await dialog.showMessageBox({ type: 'error', title: 'Headroom', message: 'Headroom could not open its database', detail, buttons, defaultId: 0, cancelId: buttons.length - 1, noLink: true });
    if (!backup || response !== 0) { app.exit(1); throw e; }
    await restoreDatabase(dbPath, backup.path, root, new Date());
    return openDatabase(dbPath, { appRoot: root });
  }
}
