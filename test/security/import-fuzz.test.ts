// Pins the import under fuzzing: generated CSV/XLSX (random bytes, wrong encodings, damaged zips, 10^6 columns) are rejected cleanly with the database unchanged, or committed exactly as reported.
import { describe, it, expect, beforeAll } from 'vitest';
import path from 'node:path';
import fc from 'fast-check';
import { invoke } from '../../src-main/api/handlers';
import { openDatabase } from '../../src-main/store/open';
import type { AppContext } from '../../src-main/api/context';
import { hostileFile, importCase, monsters } from './import-fuzz-gen.mjs';
import { ROOT, tmpDir } from '../helpers/tmp';

let ctx: AppContext;
beforeAll(() => {
  const dbPath = path.join(tmpDir(), 'fuzz.db');
  ctx = { db: openDatabase(dbPath, { appRoot: ROOT, create: true }), dbPath, appRoot: ROOT, now: () => new Date('2026-06-01T00:00:00Z') };
  // Parser robustness, not durability, is under test here: skip the fsync per commit.
  ctx.db.pragma('synchronous = OFF');
});

describe('import fuzzing through prices.import', () => {
  it('300 generated files: clean rejection (database unchanged) or an exact commit', async () => {
    const outcomes: Record<string, number> = {};
    await fc.assert(fc.asyncProperty(hostileFile, async (f) => {
      const r = await importCase(invoke, ctx, f);
      outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
    }), { numRuns: 300, seed: 2026 });
    expect((outcomes.commit ?? 0) + (outcomes.rejected ?? 0)).toBe(300);
    // The generator reaches both sides: some files import, some are refused.
    expect(outcomes.commit).toBeGreaterThan(0);
    expect(outcomes.rejected).toBeGreaterThan(0);
  }, 120_000);

  it.each(monsters().filter((m) => ['million-columns-header-only', 'unclosed-quote', 'nul-bytes'].includes(m.kind)).map((m) => [m.kind, m] as const))(
    '%s is handled without a crash', async (_kind, file) => {
      const r = await importCase(invoke, ctx, file);
      expect(['commit', 'rejected']).toContain(r.outcome);
      if (r.outcome === 'rejected') expect(r.code).toBe('unreadable');
    }, 120_000);
});
