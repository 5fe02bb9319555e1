// @vitest-environment jsdom
// Pins the Export dialog's "what will be exported" (issue 18): scenario, what-ifs, currency and months are stated, and the Plan page's what-ifs (overrides, runs, seed) go to export.run.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import { render, fireEvent, screen, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';

const calls: { method: string; input: Record<string, unknown> }[] = [];
vi.mock('../../src-renderer/lib/api', () => ({
  ApiCallError: class extends Error { constructor(public code: string, message: string) { super(message); } },
  call: (method: string, input: Record<string, unknown>) => {
    calls.push({ method, input });
    return Promise.resolve({ scenario: 'ernie', format: 'csv', lang: 'en', view: 'accrual', files: [{ name: 'e.zip', mime: 'application/zip', size: 1, base64: 'AA==' }] });
  },
}));

import ExportDialog from '../../src-renderer/lib/ExportDialog.svelte';
import { i18n } from '../../src-renderer/lib/i18n.svelte';

beforeEach(() => {
  calls.length = 0;
  i18n.lang = 'en';
  URL.createObjectURL = vi.fn(() => 'blob:x') as typeof URL.createObjectURL;
  URL.revokeObjectURL = vi.fn();
  HTMLAnchorElement.prototype.click = () => {};
});
afterEach(() => cleanup());

describe('ExportDialog what-ifs', () => {
  it('states the what-ifs, currency and months and sends the overrides with the plan\'s runs and seed', async () => {
    const whatIfs = { overrides: { banned_gpus: ['l20'], allow_cloud: false }, label: 'Ban: NVIDIA L20', runs: 2000, seed: 1 };
    render(ExportDialog, { props: { scenario: 'ernie', open: true, currency: 'CNY', months: 24, whatIfs } });
    expect(screen.getByTestId('export-whatifs').textContent).toBe('Ban: NVIDIA L20');
    expect(screen.getByTestId('export-currency').textContent).toBe('CNY');
    expect(screen.getByTestId('export-summary').textContent).toContain('24 months');
    await fireEvent.click(screen.getByText('Export'));
    await tick(); await tick();
    expect(calls).toEqual([{ method: 'export.run', input: { scenario: 'ernie', format: 'xlsx', lang: 'en', view: 'accrual', months: 24, overrides: whatIfs.overrides, runs: 2000, seed: 1 } }]);
  });

  it('without what-ifs it says the stored settings are used and sends no overrides', async () => {
    render(ExportDialog, { props: { scenario: 'ernie', open: true } });
    expect(screen.getByTestId('export-whatifs').textContent).toBe('none: the stored settings');
    expect(screen.getByTestId('export-currency').textContent).toBe('the scenario\'s currency');
    await fireEvent.click(screen.getByText('Export'));
    await tick(); await tick();
    expect(calls).toEqual([{ method: 'export.run', input: { scenario: 'ernie', format: 'xlsx', lang: 'en', view: 'accrual' } }]);
  });
});
