// Import fuzzing: ≥ 10,000 generated hostile price lists (test/security/import-fuzz-gen.mjs)
// through the real prices.import call, plus fixed monsters (10^6 columns, 4 MB cells, 100k
// rows). Each must be a clean rejection with the database unchanged, or an exact commit, within
// a per-file time bound. Prints cases, outcomes, throughput and the slowest files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { baseline, table } from './lib.mjs';
import { hostileFile, importCase, monsters } from '../test/security/import-fuzz-gen.mjs';

const root = process.env.HEADROOM_APP_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Per-file bounds: generated files are small; monsters are megabytes. */
const BOUND_MS = { generated: 2_000, monster: 60_000 };

export default async function () {
  const { openDatabase, closeDatabase } = await import(path.join(root, 'build', 'main', 'store', 'open.js'));
  const { invoke } = await import(path.join(root, 'build', 'main', 'api', 'handlers.js'));
  const n = Number(process.env.HEADROOM_FUZZ_CASES ?? 10_000);
  const base = await baseline();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-fuzz-'));
  const dbPath = path.join(dir, 'fuzz.db');
  const db = openDatabase(dbPath, { appRoot: root, create: true });
  db.pragma('synchronous = OFF'); // parser robustness is measured here, not fsync latency
  const ctx = { db, dbPath, appRoot: root, now: () => new Date() };
  const outcomes = {};
  const failures = [];
  const slow = [];
  let bytes = 0;
  const run = async (file, bound) => {
    bytes += file.bytes.length;
    try {
      const r = await importCase(invoke, ctx, file);
      const k = `${r.outcome}${r.code ? `:${r.code}` : ''}`;
      outcomes[k] = (outcomes[k] ?? 0) + 1;
      if (r.ms > bound) failures.push(`${file.kind} (${file.bytes.length} bytes) took ${r.ms.toFixed(0)} ms > ${bound} ms`);
      slow.push({ kind: file.kind, size: file.bytes.length, ms: r.ms });
      return r.ms;
    } catch (e) {
      failures.push(e.message.slice(0, 300));
      return 0;
    }
  };
  const files = fc.sample(hostileFile, { numRuns: n, seed: Number(process.env.HEADROOM_FUZZ_SEED ?? 1) });
  const t0 = performance.now(); // import time only, not generation
  const times = [];
  for (const f of files) times.push(await run(f, BOUND_MS.generated));
  const genMs = performance.now() - t0;
  const monsterRows = [];
  for (const m of monsters()) {
    const ms = await run(m, BOUND_MS.monster);
    monsterRows.push({ name: `monster ${m.kind} (${(m.bytes.length / 1e6).toFixed(1)} MB)`, median_ms: ms, min_ms: ms });
  }
  closeDatabase(db);
  fs.rmSync(dir, { recursive: true, force: true });
  times.sort((a, b) => a - b);
  table('import fuzz (prices.import, generated hostile files)', base, [
    { name: `${n} generated files: per file`, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0] },
    { name: `  p99 per file`, median_ms: times[Math.floor(times.length * 0.99)], min_ms: times[0] },
    { name: `  slowest generated file`, median_ms: times[times.length - 1], min_ms: times[0] },
    ...monsterRows,
  ]);
  const total = Object.values(outcomes).reduce((a, b) => a + b, 0);
  console.log(`cases: ${total} (${n} generated + ${monsterRows.length} monsters); outcomes: ${JSON.stringify(outcomes)}`);
  console.log(`throughput (generated): ${(n / (genMs / 1000)).toFixed(0)} files/s through prices.import; all cases ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(failures.length ? `FAILURES (${failures.length}):\n  ${failures.slice(0, 20).join('\n  ')}` : 'failures: 0 (no crash, no internal error, no change on rejection, every file within its bound)');
  if (failures.length) process.exitCode = 1;
}
