// The Catalog page in real Chromium through `headroom serve`: GPU/model tables with sources and export status, the what-if panel recomputing as inputs change, the serving-curve chart, four GPUs at most, Chinese labels.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cliJson, demoDb, serve } from '../helpers/tmp';
import { openApp, closeApp } from '../helpers/browser';

let browser: Browser;
let srv: Awaited<ReturnType<typeof serve>>;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  const db = demoDb();
  ({ srv, browser, page } = await openApp(db, errors));
  await page.goto(`${srv.url}#catalog`);
  await page.waitForSelector('[data-testid=result] [data-testid=tok-per-gpu]');
});
afterAll(() => closeApp(browser, srv));

const tokPerGpu = async (gpu: string) => Number((await page.textContent(`[data-testid=result][data-gpu=${gpu}] [data-testid=tok-per-gpu]`))!.replace(/[^\d.]/g, ''));

describe('Catalog page', () => {
  it('lists every GPU and model with sources and China export status', async () => {
    // The tables load apart from the perf result the page opens with: wait for them before counting.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=gpu-table] tbody tr').length >= 20 && document.querySelectorAll('[data-testid=model-table] tbody tr').length >= 15);
    expect(await page.locator('[data-testid=gpu-table] tbody tr').count()).toBeGreaterThanOrEqual(20);
    expect(await page.locator('[data-testid=model-table] tbody tr').count()).toBeGreaterThanOrEqual(15);
    expect(await page.textContent('[data-testid=gpu-table] tr[data-gpu=h20] [data-testid=export-status]')).toMatch(/licence|restricted|allowed/);
    expect(await page.getAttribute('[data-testid=gpu-table] tr[data-gpu=h100-sxm] a', 'href')).toMatch(/^https:\/\//);
    // Spec confidence (issue 13): the L20's figures are unofficial, the A100's from NVIDIA's datasheet.
    await page.waitForFunction(() => document.querySelector('[data-testid=gpu-table] tr[data-gpu=l20] [data-testid=spec-confidence]')?.textContent?.trim() !== '—');
    expect(await page.textContent('[data-testid=gpu-table] tr[data-gpu=l20] [data-testid=spec-confidence]')).toMatch(/unofficial/);
    expect(await page.textContent('[data-testid=gpu-table] tr[data-gpu=a100-sxm-80gb] [data-testid=spec-confidence]')).toMatch(/official/);
    expect(await page.textContent('[data-testid=calibration]')).toMatch(/median \d/);
    // What each GPU's capacity rests on: its own public rows and their held-out error, or none (its architecture's factors).
    expect(await page.textContent('[data-testid=gpu-table] tr[data-gpu=h100-sxm] [data-testid=measured]')).toMatch(/^\d[\d,]* · ±\d+(\.\d)? %$/);
    expect(await page.textContent('[data-testid=gpu-table] tr[data-gpu=l20] [data-testid=measured]')).toBe('none');
    expect(await page.textContent('[data-testid=result][data-gpu=h100-sxm] [data-testid=fit-coverage]')).toMatch(/^Fitted on \d[\d,]* public results of this GPU under TensorRT-LLM \(\d[\d,]* under any engine\); held-out median error of this GPU \d+(\.\d)? %$/);
    // The power-limit term where it is used: 989.4 TFLOPS at 700 W is the reference (× 1).
    expect(await page.textContent('[data-testid=result][data-gpu=h100-sxm] [data-testid=power-limit]')).toMatch(/^Power limit: 1\.41 TFLOPS per W, prefill efficiency × 1 \(/);
  });

  it('shows one result per chosen GPU, matching the CLI, with a serving-curve chart', async () => {
    expect(await page.locator('[data-testid=result]').count()).toBe(3);
    const cli = cliJson<{ output_tokens_per_s_per_gpu: number }>(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '1', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '300']);
    await page.selectOption('[data-testid=tp]', '1');
    await page.waitForFunction(() => document.querySelector('[data-testid=result][data-gpu=h100-sxm]')?.textContent?.includes('tp 1'));
    expect(Math.abs(await tokPerGpu('h100-sxm') - cli.output_tokens_per_s_per_gpu)).toBeLessThan(1);
    expect(await page.locator('[data-testid=whatif] canvas').count()).toBe(1);
  });

  it('recomputes as the request shape and SLOs change', async () => {
    await page.selectOption('[data-testid=tp]', 'auto');
    await page.fill('[data-testid=tpot-slo]', '');
    await page.waitForSelector('.results[aria-busy=false]');
    const before = await tokPerGpu('h200-sxm');
    await page.fill('[data-testid=tpot-slo]', '20');
    await page.waitForFunction((b) => {
      const el = document.querySelector('[data-testid=result][data-gpu=h200-sxm] [data-testid=tok-per-gpu]');
      return el && Number(el.textContent!.replace(/[^\d.]/g, '')) !== b;
    }, before);
    expect(await tokPerGpu('h200-sxm')).toBeLessThan(before);
    await page.fill('[data-testid=tpot-slo]', '0.5');
    await page.waitForSelector('[data-testid=result][data-gpu=h200-sxm] [data-testid=infeasible]');
    await page.fill('[data-testid=input-tokens]', 'abc');
    await page.waitForSelector('[data-testid=run-error]');
    await page.fill('[data-testid=input-tokens]', '1000');
    await page.fill('[data-testid=tpot-slo]', '');
    await page.waitForFunction(() => !document.querySelector('[data-testid=run-error]'));
  });

  it('allows four GPUs at most', async () => {
    await page.check('input[data-gpu=b200]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length === 4);
    expect(await page.isDisabled('input[data-gpu=l40s]')).toBe(true);
    await page.uncheck('input[data-gpu=b200]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length === 3);
  });

  it('says what each result rests on under the chosen serving engine, and matches the CLI for it', async () => {
    await page.check('input[data-gpu=ascend-910b]');
    await page.waitForSelector('[data-testid=result][data-gpu=ascend-910b] [data-testid=fit-coverage]');
    // The vendor's usual engine on Ascend is MindIE: no public row of the 910B under it (its 3 are vLLM-Ascend).
    const a910 = page.locator('[data-testid=result][data-gpu=ascend-910b] [data-testid=fit-coverage]');
    expect(await a910.textContent()).toMatch(/^No public result of this GPU under MindIE \(Ascend\) \(0 for its family, 3 for this GPU under any engine\)/);
    expect(await a910.getAttribute('data-thin')).toBe('true');
    await page.selectOption('[data-testid=engine]', 'vllm');
    await page.waitForFunction(() => /^Only 3 public results of this GPU under vLLM/.test(document.querySelector('[data-testid=result][data-gpu=ascend-910b] [data-testid=fit-coverage]')?.textContent ?? ''));
    // The H100 under vLLM is thin too (vLLM on NVIDIA has few public rows): the result says so rather than borrowing TensorRT-LLM's count.
    expect(await page.getAttribute('[data-testid=result][data-gpu=h100-sxm] [data-testid=fit-coverage]', 'data-thin')).toBe('true');
    await page.selectOption('[data-testid=tp]', '1');
    await page.waitForSelector('.results[aria-busy=false]');
    const cli = cliJson<{ output_tokens_per_s_per_gpu: number; engine: string }>(['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '1', '--precision', 'fp8', '--input-tokens', '1000', '--output-tokens', '300', '--engine', 'vllm']);
    expect(cli.engine).toBe('vllm');
    await page.waitForFunction((want) => Math.abs(Number(document.querySelector('[data-testid=result][data-gpu=h100-sxm] [data-testid=tok-per-gpu]')!.textContent!.replace(/[^\d.]/g, '')) - want) < 1, cli.output_tokens_per_s_per_gpu);
    await page.selectOption('[data-testid=engine]', '');
    await page.selectOption('[data-testid=tp]', 'auto');
    await page.uncheck('input[data-gpu=ascend-910b]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=result]').length === 3);
  });

  it('switches to Chinese', async () => {
    await page.click('[data-testid=lang-switch]');
    await page.waitForFunction(() => document.body.textContent!.includes('假设分析'));
    expect(await page.textContent('[data-testid=gpu-table] h2')).toBe('GPU');
    await page.click('[data-testid=lang-switch]');
    expect(errors).toEqual([]);
  });
});
