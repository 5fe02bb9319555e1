// The catalog.* methods: the read-only GPU and model catalog, and how sure each GPU spec is.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { method } from '../method.js';
import { gpuRowSchema, modelRowSchema } from '../schemas/inventory.js';
import * as store from '../../store/inventory.js';
import { parseCsvObjects } from '../../shared/csv.js';
import { SPEC_CONFIDENCE, specSourcesFromRows, type SpecSource } from '../../engine/spec-sources.js';

export const catalogMethods = {
  'catalog.gpus': method({
    input: z.object({}).default({}),
    output: z.array(gpuRowSchema),
    run: (ctx) => store.listGpus(ctx.db),
  }),
  'catalog.models': method({
    input: z.object({}).default({}),
    output: z.array(modelRowSchema),
    run: (ctx) => store.listModels(ctx.db),
  }),
  'catalog.specSources': method({
    input: z.object({}).default({}),
    output: z.array(z.object({
      gpu_id: z.string(), field: z.string(), confidence: z.enum(SPEC_CONFIDENCE as unknown as ['official', 'estimated', 'unofficial']),
      value: z.number().nullable(), alt_value: z.number().nullable(), source_url: z.string(), note: z.string(),
    })),
    run: (ctx) => readSpecSources(ctx.appRoot),
  }),
};

/** The shipped spec-confidence rows (db/seed/gpu_spec_sources.csv); none when the file is absent. */
export function readSpecSources(appRoot: string): SpecSource[] {
  const file = path.join(appRoot, 'db', 'seed', 'gpu_spec_sources.csv');
  return fs.existsSync(file) ? specSourcesFromRows(parseCsvObjects(fs.readFileSync(file, 'utf8'))) : [];
}
