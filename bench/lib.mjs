// Bench helpers: time a function, print a table, and a ratio against a baseline measured
// in the same process (so numbers compare across machines of different speed).
import { performance } from 'node:perf_hooks';

/** Runs fn `iterations` times after `warmup` runs; returns per-run stats in ms. */
export async function measure(name, fn, { iterations = 5, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { name, iterations, median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], max_ms: times[times.length - 1] };
}

/** A fixed CPU workload every bench file can time as its in-process baseline. */
export function baselineWork() {
  let x = 0;
  for (let i = 0; i < 2_000_000; i++) x += Math.sqrt(i) * Math.sin(i);
  return x;
}

export async function baseline() {
  return measure('baseline (2M sqrt·sin)', baselineWork, { iterations: 5 });
}

/** Prints rows with their ratio to the baseline and any target (ms). */
export function table(title, base, rows) {
  console.log(`\n## ${title}`);
  console.log(`${'case'.padEnd(52)} ${'median ms'.padStart(10)} ${'min ms'.padStart(9)} ${'× base'.padStart(8)} ${'target'.padStart(9)}`);
  for (const r of [base, ...rows]) {
    const ratio = (r.median_ms / base.median_ms).toFixed(2);
    const target = r.target_ms ? `${r.median_ms <= r.target_ms ? '≤' : '>'}${r.target_ms}` : '';
    console.log(`${r.name.padEnd(52)} ${r.median_ms.toFixed(2).padStart(10)} ${r.min_ms.toFixed(2).padStart(9)} ${ratio.padStart(8)} ${target.padStart(9)}`);
  }
}
