// Catalog seed: upsert GPU types and models from the shipped CSVs (db/seed), so a new
// Headroom version's corrected datasheet figures reach existing databases too.
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../shared/csv.js';
import type { WritableDB } from './handles.js';
import { seedAvailabilityAndRules } from './export-rules.js';

export function seedDir(appRoot: string): string {
  return path.join(appRoot, 'db', 'seed');
}

const numOrNull = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

export function seedCatalog(db: WritableDB, appRoot: string): void {
  const gpus = parseCsvObjects(fs.readFileSync(path.join(seedDir(appRoot), 'gpus.csv'), 'utf8'));
  const models = parseCsvObjects(fs.readFileSync(path.join(seedDir(appRoot), 'models.csv'), 'utf8'));
  const upGpu = db.prepare(`INSERT INTO gpu_types (id,name,vendor,aliases,form_factor,memory_gb,memory_bw_tbs,bf16_dense_tflops,
      fp8_dense_tflops,int8_dense_tops,fp4_dense_tflops,interconnect_gbs,tdp_w,release_year,cn_export_status,source_url,notes)
    VALUES (@id,@name,@vendor,@aliases,@form_factor,@memory_gb,@memory_bw_tbs,@bf16,@fp8,@int8,@fp4,@ic,@tdp,@year,@cn,@src,@notes)
    ON CONFLICT(id) DO UPDATE SET name=excluded.name,vendor=excluded.vendor,aliases=excluded.aliases,form_factor=excluded.form_factor,
      memory_gb=excluded.memory_gb,memory_bw_tbs=excluded.memory_bw_tbs,bf16_dense_tflops=excluded.bf16_dense_tflops,
      fp8_dense_tflops=excluded.fp8_dense_tflops,int8_dense_tops=excluded.int8_dense_tops,fp4_dense_tflops=excluded.fp4_dense_tflops,
      interconnect_gbs=excluded.interconnect_gbs,tdp_w=excluded.tdp_w,release_year=excluded.release_year,
      cn_export_status=excluded.cn_export_status,source_url=excluded.source_url,notes=excluded.notes`);
  const upModel = db.prepare(`INSERT INTO llm_models (id,name,family,params_total_b,params_active_b,layers,hidden_size,attention_heads,
      kv_heads,head_dim,vocab_size,max_context,attention,kv_lora_rank,qk_rope_head_dim,moe_experts,moe_active_experts,source_url,notes)
    VALUES (@id,@name,@family,@pt,@pa,@layers,@hidden,@heads,@kv,@hd,@vocab,@ctx,@att,@lora,@rope,@experts,@active,@src,@notes)
    ON CONFLICT(id) DO UPDATE SET name=excluded.name,family=excluded.family,params_total_b=excluded.params_total_b,
      params_active_b=excluded.params_active_b,layers=excluded.layers,hidden_size=excluded.hidden_size,
      attention_heads=excluded.attention_heads,kv_heads=excluded.kv_heads,head_dim=excluded.head_dim,vocab_size=excluded.vocab_size,
      max_context=excluded.max_context,attention=excluded.attention,kv_lora_rank=excluded.kv_lora_rank,
      qk_rope_head_dim=excluded.qk_rope_head_dim,moe_experts=excluded.moe_experts,moe_active_experts=excluded.moe_active_experts,
      source_url=excluded.source_url,notes=excluded.notes`);
  db.transaction(() => {
    for (const g of gpus) {
      if (!g.id) continue;
      upGpu.run({
        id: g.id, name: g.name, vendor: g.vendor, aliases: g.aliases ?? '', form_factor: g.form_factor ?? '',
        memory_gb: Number(g.memory_gb), memory_bw_tbs: Number(g.memory_bw_tbs), bf16: Number(g.bf16_dense_tflops),
        fp8: numOrNull(g.fp8_dense_tflops), int8: numOrNull(g.int8_dense_tops), fp4: numOrNull(g.fp4_dense_tflops),
        ic: numOrNull(g.interconnect_gbs), tdp: numOrNull(g.tdp_w), year: Number(g.release_year),
        cn: g.cn_export_status, src: g.source_url, notes: g.notes ?? '',
      });
    }
    for (const m of models) {
      if (!m.id) continue;
      upModel.run({
        id: m.id, name: m.name, family: m.family, pt: Number(m.params_total_b), pa: Number(m.params_active_b),
        layers: Number(m.layers), hidden: Number(m.hidden_size), heads: Number(m.attention_heads), kv: Number(m.kv_heads),
        hd: Number(m.head_dim), vocab: Number(m.vocab_size), ctx: Number(m.max_context), att: m.attention,
        lora: numOrNull(m.kv_lora_rank), rope: numOrNull(m.qk_rope_head_dim), experts: numOrNull(m.moe_experts),
        active: numOrNull(m.moe_active_experts), src: m.source_url, notes: m.notes ?? '',
      });
    }
  })();
  // Availability dates and export rules (migration 0100), after the GPU types they refer to.
  seedAvailabilityAndRules(db, seedDir(appRoot));
}
