import { z } from 'zod';
import { countrySchema, currencySchema, decimalSchema, gpuIdSchema, monthSchema, nonEmpty, positiveInt } from './common.js';

export const siteSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  country: z.string(),
  region: z.string(),
  power_limit_kw: z.number(),
  pue: z.number(),
  notes: z.string(),
});
export type Site = z.infer<typeof siteSchema>;

export const siteInputSchema = z.object({
  name: nonEmpty(80),
  country: countrySchema,
  region: nonEmpty(80),
  power_limit_kw: z.number().nonnegative('must be 0 or more').max(10_000_000),
  pue: z.number().min(1, 'must be at least 1.0').max(3, 'must be at most 3.0'),
  notes: z.string().max(2000).default(''),
});
export const siteUpdateSchema = siteInputSchema.extend({ id: z.number().int() });

export const modeSchema = z.enum(['buy', 'lease', 'cloud']);

export const clusterSchema = z.object({
  id: z.number().int(),
  site: z.string(),
  site_id: z.number().int(),
  gpu_id: z.string(),
  gpus: z.number().int(),
  servers: z.number().int().nullable(),
  mode: modeSchema,
  in_service_from: z.string().nullable(),
  in_service_to: z.string().nullable(),
  unit_cost: z.string().nullable(),
  currency: z.string().nullable(),
  notes: z.string(),
});
export type Cluster = z.infer<typeof clusterSchema>;

const clusterFields = {
  site: nonEmpty(80),
  gpu_id: gpuIdSchema,
  gpus: positiveInt.max(1_000_000, 'must be at most 1,000,000'),
  servers: positiveInt.nullable().default(null),
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

export const gpuRowSchema = z.object({
  id: z.string(), name: z.string(), vendor: z.string(), aliases: z.array(z.string()), form_factor: z.string(),
  memory_gb: z.number(), memory_bw_tbs: z.number(), bf16_dense_tflops: z.number(), fp8_dense_tflops: z.number().nullable(),
  int8_dense_tops: z.number().nullable(), fp4_dense_tflops: z.number().nullable(), interconnect_gbs: z.number().nullable(),
  tdp_w: z.number().nullable(), release_year: z.number(), cn_export_status: z.string(), source_url: z.string(), notes: z.string(),
});
export type GpuRow = z.infer<typeof gpuRowSchema>;
export const modelRowSchema = z.object({
  id: z.string(), name: z.string(), family: z.string(), params_total_b: z.number(), params_active_b: z.number(),
  layers: z.number(), hidden_size: z.number(), attention_heads: z.number(), kv_heads: z.number(), head_dim: z.number(),
  vocab_size: z.number(), max_context: z.number(), attention: z.string(), kv_lora_rank: z.number().nullable(),
  qk_rope_head_dim: z.number().nullable(), moe_experts: z.number().nullable(), moe_active_experts: z.number().nullable(),
  source_url: z.string(), notes: z.string(),
});
export type ModelRow = z.infer<typeof modelRowSchema>;
