import { z } from 'zod';
import { countrySchema, currencySchema, decimalSchema, gpuIdSchema, monthSchema, nonEmpty, positiveInt } from './common.js';
import { siteSchema, modeSchema, clusterSchema, gpuRowSchema, modelRowSchema, type Site, type Cluster, type GpuRow, type ModelRow } from '../../shared/rows.js';

// The stored rows' shapes live in shared/ (the store returns them); the API checks its output with them.
export { siteSchema, modeSchema, clusterSchema, gpuRowSchema, modelRowSchema, type Site, type Cluster, type GpuRow, type ModelRow };


export const siteInputSchema = z.object({
  name: nonEmpty(80),
  country: countrySchema,
  region: nonEmpty(80),
  power_limit_kw: z.number().nonnegative('must be 0 or more').max(10_000_000),
  pue: z.number().min(1, 'must be at least 1.0').max(3, 'must be at most 3.0'),
  notes: z.string().max(2000).default(''),
});
export const siteUpdateSchema = siteInputSchema.extend({ id: z.number().int().min(1) });



const clusterFields = {
  site: nonEmpty(80),
  gpu_id: gpuIdSchema,
  gpus: positiveInt.max(1_000_000, 'must be at most 1,000,000'),
  servers: positiveInt.max(1_000_000, 'must be at most 1,000,000').nullable().default(null),
  mode: modeSchema,
  in_service_from: monthSchema.nullable().default(null),
  in_service_to: monthSchema.nullable().default(null),
  unit_cost: decimalSchema.nullable().default(null),
  currency: currencySchema.nullable().default(null),
  notes: z.string().max(2000).default(''),
};
const clusterRefine = <T extends z.ZodType<{ in_service_from: string | null; in_service_to: string | null; unit_cost: string | null; currency: string | null }>>(s: T) =>
  s
    .refine((c) => !(c.in_service_from && c.in_service_to && c.in_service_to < c.in_service_from), { message: 'must not be before in_service_from', path: ['in_service_to'] })
    .refine((c) => (c.unit_cost === null) === (c.currency === null), { message: 'unit_cost and currency go together', path: ['currency'] });

export const clusterInputSchema = clusterRefine(z.object(clusterFields));
export const clusterUpdateSchema = clusterRefine(z.object({ id: z.number().int(), ...clusterFields }));
export type ClusterInput = z.input<typeof clusterInputSchema>;

