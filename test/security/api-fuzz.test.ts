// Pins the API edge under fuzzing (issue 17: ≥ 10,000 calls): random and hostile JSON to every method in the handler table gives a valid result or a typed ApiError, never an internal error; a refused write changes nothing and a read never writes.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { handlers, invoke } from '../../src-main/api/handlers';
import { ApiError } from '../../src-main/api/errors';
import { openDatabase } from '../../src-main/store/open';
import { createDemoDatabase } from '../../src-main/app/demo-db';
import type { AppContext } from '../../src-main/api/context';
import { ROOT, tmpDir } from '../helpers/tmp';

let ctx: AppContext;
beforeAll(() => {
  const dbPath = path.join(tmpDir(), 'fuzz.db');
  createDemoDatabase(dbPath, ROOT);
  ctx = { db: openDatabase(dbPath, { appRoot: ROOT }), dbPath, appRoot: ROOT, now: () => new Date('2026-06-01T00:00:00Z') };
});

/** Field names of a method's input object, looking through default/optional/pipe wrappers. */
function keysOf(schema: z.ZodType): string[] {
  let s: unknown = schema;
  for (let i = 0; i < 6 && s; i++) {
    const shape = (s as { shape?: Record<string, unknown> }).shape;
    if (shape && typeof shape === 'object') return Object.keys(shape);
    const def = (s as { _zod?: { def?: { innerType?: unknown; in?: unknown; schema?: unknown } } })._zod?.def;
    s = def?.innerType ?? def?.in ?? def?.schema;
  }
  return [];
}

// Values a hostile or confused client might send; strings never name real files (see 'no files' below).
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '0', '-1', 'NaN', 'null', "'; DROP TABLE sites; --", '../../../etc/passwd', '\u0000', 'h100-sxm', 'Ashburn-1', 'USD', '2026-01', '2026-13', 'x'.repeat(5000), '🙂', '__proto__'),
);
const value: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  // fc.double() includes NaN, ±Infinity and -0: IPC's structured clone carries them, JSON's 1e309 parses to Infinity.
  fc.integer(), fc.double(), fc.constantFrom(0, -1, 1, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, 1e308, 0.1, 5e-324, Infinity, Number.NaN),
  fc.constantFrom('2023-02-30', '0000-01', '10000-01', '2201-01', 'ZZZ', 'a\ud800b', '\u200b', '9'.repeat(400)),
  fc.boolean(), fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** Calls per method: 82 methods × 130 ≈ 10,600 calls, plus the restore and the unknown-method checks. */
const RUNS = 130;
/** Methods that do real work on every valid call (a calibration fit with cross-validation takes seconds). */
const SLOW: Record<string, number> = { 'calibration.run': 3, 'calibration.add': 3, 'plan.run': 10, 'perf.batch': 30, 'backup.create': 30 };
/**
 * The fuzz is about the input edge, not the fit: a calibration body that gets through runs without its
 * cross-validation (70 refits of the public file, exercised on its own in test/engine/calibration.test.ts
 * and test/cli/perf-cli.test.ts), so each valid call costs a fit, not half a minute.
 */
const TAME: Record<string, (b: unknown) => unknown> = {
  'calibration.run': (b) => (b && typeof b === 'object' && !Array.isArray(b) ? { ...b, cv: false } : b),
};
/** The committed database image as this connection sees it (400 KB, ~2 ms to hash). */
const fingerprint = () => createHash('sha256').update(ctx.db.serialize()).digest('hex');
const seen: Record<string, { ok: number; rejected: Record<string, number> }> = {};

async function classify(method: string, body: unknown): Promise<void> {
  const rec = (seen[method] ??= { ok: 0, rejected: {} });
  const mutates = (handlers as Record<string, { mutates?: boolean }>)[method]?.mutates === true;
  const before = mutates ? fingerprint() : '';
  try {
    await invoke(ctx, method, body);
    rec.ok++;
  } catch (e) {
    if (!(e instanceof ApiError) || e.code === 'internal') {
      throw new Error(`${method} ${JSON.stringify(body)?.slice(0, 300)} → ${e instanceof ApiError ? 'internal' : 'uncaught'}: ${(e as Error).message}`);
    }
    rec.rejected[e.code] = (rec.rejected[e.code] ?? 0) + 1;
    if (e.code === 'bad_request') expect(e.field ?? e.message.match(/^[^:\s]+: /)?.[0], `${method}: names the field: ${e.message}`).toBeTruthy();
    if (mutates) expect(fingerprint(), `${method}: a refused write changed nothing`).toBe(before);
  }
}

describe('API fuzzing against the zod schemas', () => {
  const methods = Object.keys(handlers).filter((m) => m !== 'plan.start' && m !== 'backup.restore');

  it.each(methods)('%s: random bodies → result or typed ApiError', async (method) => {
    const def = (handlers as Record<string, { input: z.ZodType }>)[method];
    const keys = keysOf(def.input);
    const shaped = keys.length
      ? fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: keys.length })
      : fc.dictionary(fc.string({ maxLength: 6 }), value, { maxKeys: 3 });
    const body = fc.oneof({ arbitrary: shaped, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 }, { arbitrary: fc.constantFrom(undefined, null, [], 'x', 7), weight: 1 });
    const mutates = (def as { mutates?: boolean }).mutates === true;
    const before = fingerprint();
    const tame = TAME[method] ?? ((b: unknown) => b);
    await fc.assert(fc.asyncProperty(body, (b) => classify(method, tame(b))), { numRuns: SLOW[method] ?? RUNS, seed: 42 });
    // A method that does not mutate never writes, whatever it was sent.
    if (!mutates) expect(fingerprint(), `${method} wrote to the database`).toBe(before);
    expect(seen[method].ok + Object.values(seen[method].rejected).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(SLOW[method] ?? RUNS);
  }, 180_000);

  it('unknown methods and prototype names are not_found', async () => {
    for (const m of ['__proto__', 'constructor', 'toString', 'sites.list.x', 'fs.readFile', '']) {
      await expect(invoke(ctx, m, {})).rejects.toMatchObject({ code: 'not_found' });
    }
  });

  it('backup.restore refuses every fuzzed path without touching the database', async () => {
    const before = fs.readFileSync(ctx.dbPath).length;
    await fc.assert(fc.asyncProperty(fc.record({ from: hostileString }), (b) => classify('backup.restore', b)), { numRuns: 100, seed: 7 });
    expect(seen['backup.restore'].ok).toBe(0);
    expect(fs.statSync(ctx.dbPath).size).toBeGreaterThanOrEqual(before > 0 ? 1 : 0);
    expect(ctx.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('the fuzz reached past validation (some calls succeeded) and every rejection was typed', () => {
    const total = Object.values(seen).reduce((a, r) => a + r.ok + Object.values(r.rejected).reduce((x, y) => x + y, 0), 0);
    const ok = Object.values(seen).reduce((a, r) => a + r.ok, 0);
    const codes = new Set(Object.values(seen).flatMap((r) => Object.keys(r.rejected)));
    console.log(`api fuzz: ${total} calls over ${Object.keys(seen).length} methods, ${ok} succeeded, rejections by code: ${[...codes].join(', ')}`);
    expect(ok).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(10_000);
    expect(codes.has('internal')).toBe(false);
  });

  it('no files were written outside the database folder', () => {
    const stray = fs.readdirSync(ROOT).filter((f) => /\.(db|sqlite3?|headroom)$/i.test(f));
    expect(stray).toEqual([]);
  });
});
