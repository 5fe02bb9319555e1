// Load the shipped catalog from CSV text (the caller reads the files: engine does no I/O).
import { parseCsvObjects } from '../shared/csv.js';
import { gpuFromRow, modelFromRow, type GpuSpec, type ModelSpec } from './catalog.js';

export function gpusFromCsv(text: string): GpuSpec[] {
  return parseCsvObjects(text).filter((r) => r.id).map(gpuFromRow);
}
export function modelsFromCsv(text: string): ModelSpec[] {
  return parseCsvObjects(text).filter((r) => r.id).map(modelFromRow);
}
