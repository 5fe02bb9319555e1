// Pins the scenarios store (migration 0050), the demo scenarios' provenance, the scenarios/plan
// API methods on a real SQLite demo database, and plan determinism.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createDemoDatabase } from '../../src-main/app/demo-db.js';
import { openDatabase, closeDatabase } from '../../src-main/store/open.js';
import type { WritableDB } from '../../src-main/store/handles.js';
import { invoke } from '../../src-main/api/handlers.js';
import type { AppContext } from '../../src-main/api/context.js';
import { planFromDb, worldFrom } from '../helpers/plan.js';
import { planInputs } from '../../src-main/engine/plan/inputs.js';
import { runMonteCarloInWorkers, splitRanges } from '../../src-main/workers/montecarlo-worker.js';
import { compile } from '../../src-main/engine/timeline/index.js';
import { monteCarlo } from '../../src-main/engine/montecarlo/index.js';
import type { Num } from '../../src-main/engine/demand/scenario.js';

const root = process.cwd();
let dir: string, dbPath: string, db: WritableDB, ctx: AppContext;

beforeAll(() => {
  dir = fs.mkdtempSync(os.tmpdir() + '/headroom-');
  dbPath = path.join(dir, 'demo.db');
  createDemoDatabase(dbPath, root);
  db = openDatabase(dbPath, { appRoot: root });
  ctx = { db, dbPath, appRoot: root, now: () => new Date('2026-11-25T12:00:00Z') };
});
afterAll(() => { closeDatabase(db); fs.rmSync(dir, { recursive: true, force: true }); });

const call = (m: string, i: unknown) => invoke(ctx, m, i) as Promise<any>;

/** Every Num in a document, with its path. */
function nums(x: unknown, at = ''): [string, Num][] {
  if (Array.isArray(x)) return x.flatMap((v, i) => nums(v, `${at}[${i}]`));
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    if (typeof o.value === 'number') return [[at, o as unknown as Num]];
    return Object.entries(o).flatMap(([k, v]) => nums(v, at ? `${at}.${k}` : k));
  }
  return [];
}

describe('scenarios table (migration 0050)', () => {
  it('refuses a body that is not JSON or whose name differs from the column', () => {
    const raw = new Database(dbPath);
    const ins = raw.prepare("INSERT INTO scenarios (name, title, body, created_at, updated_at) VALUES (?, 't', ?, 'x', 'x')");
    expect(() => ins.run('a', '{not json')).toThrow(/CHECK/);
    expect(() => ins.run('a', JSON.stringify({ name: 'b' }))).toThrow(/CHECK/);
    raw.close();
  });
  it('migrates an empty database from the version before it', () => {
    const f = path.join(dir, 'm.db');
    const d1 = openDatabase(f, { appRoot: root, create: true, migrateTo: 40 });
    expect(d1.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'scenarios'").get()).toEqual({ n: 0 });
    closeDatabase(d1);
    const d2 = openDatabase(f, { appRoot: root });
    expect(d2.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'scenarios'").get()).toEqual({ n: 1 });
    closeDatabase(d2);
  });
});

describe('demo scenarios', () => {
  it('are the three named ones, each input with a source or an assumed reason', async () => {
    const list = await call('scenarios.list', {});
    expect(list.map((s: { name: string }) => s.name)).toEqual(['chatgpt-2023-11', 'ernie-2023-11', 'ernie-growth-2026']);
    for (const { name } of list) {
      const { scenario } = await call('scenarios.get', { name });
      const all = nums(scenario);
      expect(all.length).toBeGreaterThan(8);
      for (const [p, n] of all) expect(Boolean(n.source) !== Boolean(n.assumed), p).toBe(true);
      expect(scenario.diurnal.assumed ?? scenario.diurnal.source).toBeTruthy();
      for (const e of scenario.events) expect(e.assumed ?? e.source).toBeTruthy();
      expect(scenario.pools.every((p: { clusters: unknown[] }) => p.clusters.length > 0)).toBe(true);
    }
  });
  it('ChatGPT runs on the SemiAnalysis A100 estimate and carries the Nov 2023 events', async () => {
    const { scenario } = await call('scenarios.get', { name: 'chatgpt-2023-11' });
    const cl = db.prepare('SELECT gpu_id, gpus FROM clusters WHERE id = ?').get(scenario.pools[0].clusters[0].cluster_id);
    expect(cl).toEqual({ gpu_id: 'a100-sxm-80gb', gpus: 28_936 });
    expect(scenario.events.map((e: { start_date: string }) => e.start_date)).toEqual(['2023-11-06', '2023-11-21']);
    expect(scenario.users.points[0]).toMatchObject({ month: '2023-11', users: 100e6 });
  });
  it('the CN growth fleet has only export-allowed, licensed-for-China or domestic additions', async () => {
    const { scenario } = await call('scenarios.get', { name: 'ernie-growth-2026' });
    const ids = scenario.pools.flatMap((p: { clusters: { cluster_id: number }[] }) => p.clusters.map((c) => c.cluster_id));
    const rows = db.prepare(`SELECT c.gpu_id, g.cn_export_status s, si.country FROM clusters c JOIN gpu_types g ON g.id = c.gpu_id JOIN sites si ON si.id = c.site_id WHERE c.id IN (${ids.join(',')})`).all() as { gpu_id: string; s: string; country: string }[];
    expect(rows.every((r) => r.country === 'CN')).toBe(true);
    expect(rows.map((r) => r.gpu_id).sort()).toEqual(['a800-sxm-80gb', 'ascend-910b', 'h20', 'l20']);
  });
});

describe('scenarios API', () => {
  it('duplicates, saves edits, refuses bad input and deletes', async () => {
    await call('scenarios.duplicate', { name: 'ernie-2023-11', new_name: 'ernie-copy' });
    const { scenario } = await call('scenarios.get', { name: 'ernie-copy' });
    expect(scenario.title).toMatch(/copy/);
    scenario.horizon_months = 6;
    await call('scenarios.save', { scenario });
    expect((await call('scenarios.get', { name: 'ernie-copy' })).scenario.horizon_months).toBe(6);
    await expect(call('scenarios.duplicate', { name: 'ernie-2023-11', new_name: 'ernie-copy' })).rejects.toMatchObject({ code: 'conflict' });
    const bad = { ...scenario, dau_share: { value: 2, assumed: 'x' } };
    await expect(call('scenarios.save', { scenario: bad })).rejects.toMatchObject({ code: 'bad_request' });
    const noProv = { ...scenario, dau_share: { value: 0.5 } };
    await expect(call('scenarios.save', { scenario: noProv })).rejects.toMatchObject({ code: 'bad_request' });
    await expect(call('scenarios.get', { name: 'ernie-cpy' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('ernie-copy') });
    expect(await call('scenarios.delete', { name: 'ernie-copy' })).toEqual({ deleted: true });
    await expect(call('scenarios.delete', { name: 'ernie-copy' })).rejects.toMatchObject({ code: 'not_found' });
  });
  it('plan.timeline answers from an unsaved body and moves the crash with the growth rate', async () => {
    const { scenario } = await call('scenarios.get', { name: 'ernie-growth-2026' });
    const base = await call('plan.timeline', { scenario: 'ernie-growth-2026' });
    const faster = JSON.parse(JSON.stringify(scenario));
    faster.classes[1].api_monthly_growth = { value: 0.2, assumed: 'test' };
    const r = await call('plan.timeline', { scenario: 'ernie-growth-2026', body: faster });
    expect(base.deterministic_crash_month).not.toBeNull();
    expect(r.deterministic_crash_month < base.deterministic_crash_month).toBe(true);
    expect(r.months).toHaveLength(36);
  });
  it('plan.run is reproducible by seed and gives the DESIGN.md fields', async () => {
    const a = await call('plan.run', { scenario: 'chatgpt-2023-11', runs: 600, seed: 5, months: 12 });
    const b = await call('plan.run', { scenario: 'chatgpt-2023-11', runs: 600, seed: 5, months: 12 });
    expect(b).toEqual(a);
    expect(a.months).toHaveLength(12);
    for (const k of ['month', 'users', 'peak_requests_per_s', 'peak_output_tokens_per_s', 'capacity_output_tokens_per_s', 'utilisation', 'overload_hours_per_day', 'p_overload', 'gpus']) {
      expect(a.months[0]).toHaveProperty(k);
    }
    expect(a.months[0].gpus).toEqual({ 'a100-sxm-80gb': 28_936 });
    expect(a.monte_carlo.runs).toBe(600);
    await expect(call('plan.run', { scenario: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('plan.run', { scenario: 'chatgpt-2023-11', months: 121 })).rejects.toMatchObject({ code: 'bad_request' });
  });
  it('plan.start runs in the background, reports progress, and can be cancelled', async () => {
    const { job, total } = await call('plan.start', { scenario: 'ernie-2023-11', runs: 800, seed: 2 });
    expect(total).toBe(800);
    let st = await call('plan.status', { job });
    for (let i = 0; i < 3000 && st.state === 'running'; i++) { await new Promise((r) => setTimeout(r, 20)); st = await call('plan.status', { job }); }
    expect(st.state).toBe('done');
    expect(st.done).toBe(800);
    expect(st.result.scenario).toBe('ernie-2023-11');
    const { job: j2 } = await call('plan.start', { scenario: 'ernie-growth-2026', runs: 200_000, seed: 2 });
    expect(await call('plan.cancel', { job: j2 })).toEqual({ cancelled: true });
    let s2 = await call('plan.status', { job: j2 });
    for (let i = 0; i < 3000 && s2.state === 'running'; i++) { await new Promise((r) => setTimeout(r, 20)); s2 = await call('plan.status', { job: j2 }); }
    expect(s2.state).toBe('cancelled');
  });
});

describe('Monte Carlo split', () => {
  it('splits paths into contiguous ranges and the worker runner matches one process', async () => {
    expect(splitRanges(10, 2)).toEqual([[0, 5], [5, 10]]);
    expect(splitRanges(1, 2)).toEqual([[0, 1]]);
    const { scenario } = await call('scenarios.get', { name: 'ernie-growth-2026' });
    const plan = await planFromDb(db, { scenario: 'ernie-growth-2026', runs: 10, seed: 1 }, root);
    expect(plan.months).toHaveLength(scenario.horizon_months);
    const { input } = planInputs(worldFrom(db, { scenario: 'ernie-growth-2026' }, root));
    const seen: number[] = [];
    const w = await runMonteCarloInWorkers(input, 1500, 9, { onProgress: (d) => seen.push(d) });
    const one = monteCarlo(compile(input), 1500, 9);
    expect(w).toEqual(one);
    expect(seen[seen.length - 1]).toBe(1500);
  });
});
