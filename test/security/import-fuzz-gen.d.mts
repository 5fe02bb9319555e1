// Types for import-fuzz-gen.mjs (plain JS so bench/fuzz.bench.mjs can share it).
import type fc from 'fast-check';
export interface HostileFile { kind: string; name: string; bytes: Buffer }
export const hostileFile: fc.Arbitrary<HostileFile>;
export function monsters(): HostileFile[];
export function digest(db: unknown): string;
export function importCase(
  invoke: (ctx: any, method: string, input: unknown) => Promise<unknown>, ctx: any, file: HostileFile,
): Promise<{ outcome: 'commit' | 'rejected'; code?: string; ms: number; items?: number }>;
