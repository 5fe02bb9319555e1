// Pins issue 17 item 10 without an Electron binary: the fuses and signing/update settings in electron-builder.yml (validated by electron-builder's own schema), and the pure link/navigation decisions main.ts wires (https only after asking, no navigation or redirect of any frame away from the app, file URLs by pathToFileURL, no throw on a malformed escape).
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { ROOT } from '../helpers/tmp';
import { navigationAllowed, externalLinkAllowed, externalLinkPrompt, userChoseOpen, appFileUrl } from '../../src-main/electron/links';
import { resolveAppFile } from '../../src-main/electron/security';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(s: string): unknown };
const config = yaml.load(fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; ASAR-only with integrity; cookies encrypted', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('publishes nothing (no auto-update), verifies update signatures on Windows, hardened runtime on macOS', () => {
    expect(config.publish).toBeNull();
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.signtoolOptions.signingHashAlgorithms).toEqual(['sha256']);
    expect(config.mac.hardenedRuntime).toBe(true);
    // No certificate or password is committed: they come from the release machine's environment.
    const text = fs.readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
    expect(text).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificatePassword|certificateFile)\s*:/m);
  });

  it('is a configuration electron-builder itself accepts (and it refuses a misspelt fuse)', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as { validateConfiguration(c: unknown, l: unknown): Promise<void> };
    const { DebugLogger } = require('builder-util') as { DebugLogger: new (on: boolean) => unknown };
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });

  it('the app does not rely on what the fuses turn off (no ELECTRON_RUN_AS_NODE, no child_process.fork in main)', () => {
    const dir = path.join(ROOT, 'src-main');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts') || f.endsWith('.cts'));
    for (const f of files) {
      const src = fs.readFileSync(path.join(dir, f), 'utf8');
      expect(src, f).not.toMatch(/ELECTRON_RUN_AS_NODE|\bfork\(/);
    }
  });
});

describe('navigation and external links', () => {
  it('navigation (any frame, any redirect) stays inside headroom://app', () => {
    expect(navigationAllowed('headroom://app/index.html#plan')).toBe(true);
    for (const u of ['https://evil.example/', 'http://127.0.0.1:1234/', 'file:///etc/passwd', 'headroom://evil/', 'headroom://user:pw@app/', 'javascript:alert(1)', 'data:text/html,x', 'about:blank', '', 'not a url', null, undefined, 42, '%E0%A4%A']) {
      expect(navigationAllowed(u), String(u)).toBe(false);
    }
  });

  it('external links: https only, no credentials, no control characters', () => {
    expect(externalLinkAllowed('https://docs.example/guide?x=1#y')).toBe(true);
    for (const u of ['http://docs.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-msdt:/id', 'https://user:pw@evil.example/', 'HTTPS://', 'vbscript:x', 'data:text/html,<script>', '\\\\server\\share', 'headroom://app/', '', null, {}, 'https://a.example/\u0000x']) {
      expect(externalLinkAllowed(u), String(u)).toBe(false);
    }
  });

  it('no string makes the decisions throw, and every allowed external link is https', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('%', '%E0%A4%A', 'https://%zz/', 'https://[::1/')), (u) => {
      const ok = externalLinkAllowed(u);
      navigationAllowed(u);
      if (ok) expect(new URL(u).protocol).toBe('https:');
    }), { numRuns: 3000, seed: 10 });
  });

  it('asks before opening: the prompt names the host, Cancel is the default, only "Open in browser" opens', () => {
    const p = externalLinkPrompt('https://docs.example/a');
    expect(p.message).toContain('docs.example');
    expect(p.buttons[p.defaultId]).toBe('Cancel');
    expect(p.cancelId).toBe(p.defaultId);
    expect(userChoseOpen(0)).toBe(true);
    expect(userChoseOpen(1)).toBe(false);
  });

  it('app files load by pathToFileURL: an install path with # ? % and spaces maps back to the same file', () => {
    for (const dir of ['/opt/Head room#1/app?/50%', 'C:/Users/李/AppData/Headroom #2', '/tmp/%41%2e%2e']) {
      const file = path.join(dir, 'build', 'renderer', 'index.html');
      const url = appFileUrl(file);
      expect(url.startsWith('file://')).toBe(true);
      expect(fileURLToPath(url)).toBe(path.resolve(file));
    }
  });

  it('a malformed escape in an app URL is refused, not thrown', () => {
    const dir = path.join(ROOT, 'build', 'renderer');
    for (const u of ['headroom://app/%E0%A4%A', 'headroom://app/%', 'headroom://app/%zz.js']) expect(() => resolveAppFile(dir, u)).not.toThrow();
    expect(resolveAppFile(dir, 'headroom://app/%E0%A4%A')).toBeNull();
  });

  it('main.ts wires will-navigate, will-frame-navigate and will-redirect to navigationAllowed, asks before openExternal, loads files by appFileUrl', () => {
    const src = fs.readFileSync(path.join(ROOT, 'src-main', 'electron', 'main.ts'), 'utf8');
    for (const ev of ['will-navigate', 'will-frame-navigate', 'will-redirect']) expect(src).toMatch(new RegExp(`'${ev}'`));
    expect(src).toContain('navigationAllowed(');
    // openExternal only inside the helper that asks first.
    const opens = src.match(/shell\.openExternal\(/g) ?? [];
    expect(opens.length).toBe(1);
    expect(src).toContain('externalLinkPrompt(');
    expect(src).toMatch(/showMessageBox\(/);
    expect(src).toMatch(/if \(userChoseOpen\(response\)\) await shell\.openExternal\(url\)/);
    expect(src).toContain('appFileUrl(');
    expect(src).not.toMatch(/`file:\/\/\$\{/);
  });
});
