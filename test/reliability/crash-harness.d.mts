// Types for crash-harness.mjs (plain JS so bench/crash.bench.mjs can share it).
export interface TrialCounts {
  migrate: { run: number; passed: number; killed: number; states: Record<string, number> };
  import: { run: number; passed: number; lists: number };
  dir: string; mWindow: number; iWindow: number;
}
export function runTrials(opts: { n: number; seed?: number; migrateWindowMs?: number; importWindowMs?: number; log?: (line: string) => void }): Promise<TrialCounts>;
export function rng(seed: number): () => number;
export const ROOT: string;
export interface FileTrialCounts {
  restore: { run: number; passed: number; killed: number; states: Record<string, number> };
  backup: { run: number; passed: number; killed: number; states: Record<string, number> };
  rWindow: number; bWindow: number;
}
export function runFileTrials(opts: { n: number; seed?: number; log?: (line: string) => void }): Promise<FileTrialCounts>;
