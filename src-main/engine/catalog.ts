// Catalog types: accelerators and LLM architectures in SI base units, built from the
// public datasheet rows in db/seed/gpus.csv and models.csv (see SOURCES.md there).
import { closest } from '../shared/suggest.js';
export type CnExportStatus = 'allowed' | 'licence_required' | 'restricted' | 'domestic';

/** Bytes in one GiB: vendors' "80 GB" of HBM is 80 GiB (an H100 reports 81,559 MiB). */
export const GIB = 1024 ** 3;

export interface GpuSpec {
  id: string;
  name: string;
  vendor: string;
  aliases: string[];
  form_factor: string;
  /** HBM capacity in bytes: memory_gb is read as binary GiB (× 2³⁰), as the vendors mean it. */
  hbm_bytes: number;
  mem_bw_bytes_s: number;
  /** Dense peak FLOP/s per precision; null when the GPU has no native support. */
  bf16_flops: number;
  fp8_flops: number | null;
  int8_ops: number | null;
  fp4_flops: number | null;
  /** Per-GPU scale-up interconnect bandwidth (NVLink/Infinity Fabric/PCIe), bytes/s. */
  interconnect_bytes_s: number | null;
  tdp_w: number | null;
  release_year: number;
  cn_export_status: CnExportStatus;
  source_url: string;
  notes: string;
}

export interface ModelSpec {
  id: string;
  name: string;
  family: string;
  params_total: number;
  params_active: number;
  layers: number;
  hidden_size: number;
  attention_heads: number;
  kv_heads: number;
  head_dim: number;
  vocab_size: number;
  max_context: number;
  attention: 'mha' | 'gqa' | 'mla';
  kv_lora_rank: number | null;
  qk_rope_head_dim: number | null;
  moe_experts: number | null;
  moe_active_experts: number | null;
  source_url: string;
  notes: string;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};
const req = (s: string | undefined, field: string, id: string): number => {
  const n = num(s);
  if (n === null) throw new Error(`catalog row ${id}: ${field} is missing`);
  return n;
};

export function gpuFromRow(r: Record<string, string>): GpuSpec {
  const id = r.id;
  const tera = 1e12;
  const fp8 = num(r.fp8_dense_tflops);
  const int8 = num(r.int8_dense_tops);
  const fp4 = num(r.fp4_dense_tflops);
  const ic = num(r.interconnect_gbs);
  const tdp = num(r.tdp_w);
  return {
    id,
    name: r.name,
    vendor: r.vendor,
    aliases: (r.aliases ?? '').split(';').map((a) => a.trim()).filter(Boolean),
    form_factor: r.form_factor ?? '',
    hbm_bytes: req(r.memory_gb, 'memory_gb', id) * GIB,
    mem_bw_bytes_s: req(r.memory_bw_tbs, 'memory_bw_tbs', id) * 1e12,
    bf16_flops: req(r.bf16_dense_tflops, 'bf16_dense_tflops', id) * tera,
    fp8_flops: fp8 === null ? null : fp8 * tera,
    int8_ops: int8 === null ? null : int8 * tera,
    fp4_flops: fp4 === null ? null : fp4 * tera,
    interconnect_bytes_s: ic === null ? null : ic * 1e9,
    tdp_w: tdp,
    release_year: req(r.release_year, 'release_year', id),
    cn_export_status: (r.cn_export_status || 'restricted') as CnExportStatus,
    source_url: r.source_url ?? '',
    notes: r.notes ?? '',
  };
}

export function modelFromRow(r: Record<string, string>): ModelSpec {
  const id = r.id;
  return {
    id,
    name: r.name,
    family: r.family,
    params_total: req(r.params_total_b, 'params_total_b', id) * 1e9,
    params_active: req(r.params_active_b, 'params_active_b', id) * 1e9,
    layers: req(r.layers, 'layers', id),
    hidden_size: req(r.hidden_size, 'hidden_size', id),
    attention_heads: req(r.attention_heads, 'attention_heads', id),
    kv_heads: req(r.kv_heads, 'kv_heads', id),
    head_dim: req(r.head_dim, 'head_dim', id),
    vocab_size: req(r.vocab_size, 'vocab_size', id),
    max_context: req(r.max_context, 'max_context', id),
    attention: (r.attention || 'gqa') as ModelSpec['attention'],
    kv_lora_rank: num(r.kv_lora_rank),
    qk_rope_head_dim: num(r.qk_rope_head_dim),
    moe_experts: num(r.moe_experts),
    moe_active_experts: num(r.moe_active_experts),
    source_url: r.source_url ?? '',
    notes: r.notes ?? '',
  };
}

/** Closest ids for "unknown id" messages: the engine-side name of shared/suggest.ts `closest`. */
export function closestIds(wanted: string, ids: readonly string[], n = 3): string[] {
  return closest(wanted, ids, n);
}
