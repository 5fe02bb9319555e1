// @vitest-environment jsdom
// Pins the Export dialog: it sends the chosen format/language/view to export.run, downloads in a browser, hands the bytes to the host's save dialog in Electron, and reports failures.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { render, fireEvent, screen, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';

const calls: { method: string; input: Record<string, unknown> }[] = [];
let reply: () => Promise<unknown> = async () => ({});
vi.mock('../../src-renderer/lib/api', () => ({
  ApiCallError: class extends Error { constructor(public code: string, message: string) { super(message); } },
  call: (method: string, input: Record<string, unknown>, opts: { onProgress?: (d: number, t: number, l?: string) => void }) => {
    calls.push({ method, input });
    opts.onProgress?.(50, 100, 'monte-carlo');
    return reply();
  },
}));

import ExportDialog from '../../src-renderer/lib/ExportDialog.svelte';
import { i18n } from '../../src-renderer/lib/i18n.svelte';
import messages from '../../src-renderer/i18n/export';

const file = { name: 'ernie-cash-zh.pdf', mime: 'application/pdf', size: 3, base64: Buffer.from('PDF').toString('base64') };

beforeEach(() => {
  calls.length = 0;
  reply = async () => ({ scenario: 'ernie', format: 'pdf', lang: 'zh', view: 'cash', files: [file] });
  i18n.lang = 'en';
});
afterEach(() => { cleanup(); delete (window as unknown as { headroom?: unknown }).headroom; });

describe('ExportDialog', () => {
  it('has every string in both languages', () => {
    expect(Object.keys(messages.zh).sort()).toEqual(Object.keys(messages.en).sort());
  });

  it('browser: exports with the chosen options and downloads the file', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = vi.fn((b: Blob) => { created.push(b); return 'blob:x'; }) as typeof URL.createObjectURL;
    URL.revokeObjectURL = vi.fn();
    const clicked: string[] = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) { clicked.push(this.download); };
    render(ExportDialog, { props: { scenario: 'ernie', open: true } });
    await fireEvent.click(screen.getByLabelText('PDF report with charts'));
    await fireEvent.change(screen.getByLabelText('Language of the file'), { target: { value: 'zh' } });
    await fireEvent.change(screen.getByLabelText('Cost view'), { target: { value: 'cash' } });
    await fireEvent.click(screen.getByText('Export'));
    await tick(); await tick();
    expect(calls).toEqual([{ method: 'export.run', input: { scenario: 'ernie', format: 'pdf', lang: 'zh', view: 'cash' } }]);
    expect(await screen.findByText('Downloaded ernie-cash-zh.pdf.')).toBeTruthy();
    expect(clicked).toEqual(['ernie-cash-zh.pdf']);
    expect(created[0].type).toBe('application/pdf');
    expect(created[0].size).toBe(3);
  });

  it('electron: hands the file to the host save dialog', async () => {
    const saveFile = vi.fn(async () => ({ saved: true, path: '/home/f/ernie.pdf' }));
    (window as unknown as { headroom: unknown }).headroom = { saveFile };
    render(ExportDialog, { props: { scenario: 'ernie', open: true } });
    await fireEvent.click(screen.getByText('Export'));
    expect(await screen.findByText('Saved to /home/f/ernie.pdf.')).toBeTruthy();
    expect(saveFile).toHaveBeenCalledWith({ name: file.name, mime: file.mime, base64: file.base64 });
    expect(calls[0].input.format).toBe('xlsx');
  });

  it('shows progress while running and the error when it fails', async () => {
    let fail: (e: Error) => void = () => undefined;
    reply = () => new Promise((_, rej) => { fail = rej; });
    i18n.lang = 'zh';
    render(ExportDialog, { props: { scenario: 'ernie', open: true } });
    await fireEvent.click(screen.getByText('导出'));
    expect(await screen.findByText('正在运行规划（50 / 100 条路径）…')).toBeTruthy();
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('50');
    fail(new Error('disk full'));
    expect(await screen.findByText('导出失败：disk full')).toBeTruthy();
  });
});
