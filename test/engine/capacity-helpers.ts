// Shared catalog for capacity/calibration tests: the shipped seed CSVs, read once.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../helpers/tmp.js';
import { gpusFromCsv, modelsFromCsv } from '../../src-main/engine/seed-catalog.js';
import type { GpuSpec, ModelSpec } from '../../src-main/engine/catalog.js';

export const GPUS: GpuSpec[] = gpusFromCsv(fs.readFileSync(path.join(ROOT, 'db/seed/gpus.csv'), 'utf8'));
export const MODELS: ModelSpec[] = modelsFromCsv(fs.readFileSync(path.join(ROOT, 'db/seed/models.csv'), 'utf8'));
export const gpu = (id: string): GpuSpec => { const g = GPUS.find((x) => x.id === id); if (!g) throw new Error(id); return g; };
export const model = (id: string): ModelSpec => { const m = MODELS.find((x) => x.id === id); if (!m) throw new Error(id); return m; };
export const BENCH_CSV = fs.readFileSync(path.join(ROOT, 'db/seed/benchmarks_public.csv'), 'utf8');
