// Pins `plan --condition` and `--prior-from` on the demo: the CLI contract fields of `posterior`, ChatGPT's posterior reproduces the Nov 2023 overloads (P(overload) > 0.5 on the observed days, < 0.5 on the held day) with an effective sample size ≥ 200, and ERNIE-growth takes ChatGPT's posterior on the shared inputs.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import { cli, tmpDir } from '../helpers/tmp.js';

let db: string;
beforeAll(() => {
  db = path.join(tmpDir(), 'demo.db');
  expect(cli(['demo', '--db', db]).code).toBe(0);
});

describe('headroom plan --condition', () => {
  it('conditions chatgpt-2023-11 on its observations', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'chatgpt-2023-11', '--no-procure', '--condition', '--runs', '10000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const p = j.posterior;
    expect(p.message).toBeNull();
    expect(p.effective_sample_size).toBeGreaterThanOrEqual(200);
    for (const v of Object.values(p.inputs) as { prior: object; posterior: object }[]) {
      expect(Object.keys(v.prior).sort()).toEqual(['p10', 'p50', 'p90']);
      expect(Object.keys(v.posterior).sort()).toEqual(['p10', 'p50', 'p90']);
    }
    expect(p.inputs['pools.gpt.model_size_factor']).toBeDefined();
    expect(p.observations.length).toBe(4);
    for (const o of p.observations) {
      expect(Object.keys(o)).toEqual(expect.arrayContaining(['date', 'status', 'p_overload']));
      if (o.status === 'overloaded') expect(o.p_overload).toBeGreaterThan(0.5);
      else expect(o.p_overload).toBeLessThan(0.5);
    }
    expect(p.crash_month).toHaveProperty('p50');
    // The stand-in had to grow: the posterior median model size sits above the prior's.
    const m = p.inputs['pools.gpt.model_size_factor'];
    expect(m.posterior.p50).toBeGreaterThan(m.prior.p50);
  });

  it('leaves the plan as it was without --condition', () => {
    const j = JSON.parse(cli(['plan', '--db', db, '--scenario', 'chatgpt-2023-11', '--no-procure', '--runs', '200', '--json']).stdout);
    expect(j.posterior).toBeUndefined();
  });

  it('carries ChatGPT\'s posterior into ernie-growth-2026 with --prior-from', () => {
    const r = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--no-procure', '--prior-from', 'chatgpt-2023-11', '--runs', '2000', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.prior_from.scenario).toBe('chatgpt-2023-11');
    expect(Object.keys(j.prior_from.carried)).toContain('classes.chat.output_tokens');
    expect(Object.keys(j.prior_from.carried)).toContain('diurnal.burst_factor');
    expect(Object.keys(j.prior_from.carried).some((k: string) => /(model_size|fleet)_factor/.test(k))).toBe(false);
    const bad = cli(['plan', '--db', db, '--scenario', 'ernie-growth-2026', '--prior-from', 'chatgtp', '--runs', '100', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/chatgpt-2023-11/);
  });
});
