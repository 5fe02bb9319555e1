// The shapes of stored rows every layer passes around (the store returns them, the API checks
// them, the import matches against them): kept below both so neither imports the other.
import { z } from 'zod';

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

/** The catalog a price-list import matches part names against. */
export interface CatalogGpu {
  id: string;
  name: string;
  aliases: string[];
  form_factor: string;
  memory_gb: number;
}

export interface UserAlias { alias: string; gpu_id: string }

export interface ImportCatalog {
  gpus: CatalogGpu[];
  /** Aliases the user confirmed in the import wizard (table gpu_aliases). */
  userAliases: UserAlias[];
}
