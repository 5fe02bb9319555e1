// Spec confidence (issue 13): how far each GPU datasheet figure in gpus.csv can be trusted —
// official (the vendor's datasheet), estimated (vendor figures compiled by a third party, dense
// derived from sparse) or unofficial (no vendor datasheet) — with its source and, where another
// public figure exists, that alternative (for pessimistic what-ifs). Rows: db/seed/gpu_spec_sources.csv.
import type { GpuSpec } from './catalog.js';

export type SpecConfidence = 'official' | 'estimated' | 'unofficial';
export const SPEC_CONFIDENCE: readonly SpecConfidence[] = ['official', 'estimated', 'unofficial'];

export interface SpecSource {
  gpu_id: string;
  /** A gpus.csv column (memory_gb, memory_bw_tbs, bf16_dense_tflops, …). */
  field: string;
  confidence: SpecConfidence;
  value: number | null;
  /** Another public figure for the same field (the pessimistic end of its range), if any. */
  alt_value: number | null;
  source_url: string;
  note: string;
}

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Rows (CSV objects) → spec sources; rows with an unknown confidence are refused with their row number. */
export function specSourcesFromRows(rows: Record<string, string>[]): SpecSource[] {
  return rows.map((r, i) => {
    const c = (r.confidence ?? '').trim() as SpecConfidence;
    if (!SPEC_CONFIDENCE.includes(c)) throw new Error(`gpu_spec_sources row ${i + 1}: confidence must be one of ${SPEC_CONFIDENCE.join(', ')} (got "${r.confidence}")`);
    return {
      gpu_id: (r.gpu_id ?? '').trim(), field: (r.field ?? '').trim(), confidence: c, value: num(r.value), alt_value: num(r.alt_value),
      source_url: r.source_url ?? '', note: r.note ?? '',
    };
  });
}

/** A GPU's weakest field confidence (what the Catalog shows per row); null without rows. */
export function weakestConfidence(rows: readonly SpecSource[], gpuId: string): SpecConfidence | null {
  let worst = -1;
  for (const r of rows) if (r.gpu_id === gpuId) worst = Math.max(worst, SPEC_CONFIDENCE.indexOf(r.confidence));
  return worst < 0 ? null : SPEC_CONFIDENCE[worst];
}

/** A datasheet figure replaced by its pessimistic public alternative. */
export interface SpecChange {
  gpu_id: string;
  field: string;
  confidence: SpecConfidence;
  /** The figure the catalog uses, and the other public figure used instead. */
  value: number | null;
  alt_value: number;
  source_url: string;
  note: string;
}

/** gpus.csv column → GpuSpec field, its unit, and which direction is worse for the buyer. */
const SPEC_FIELDS: Record<string, { key: keyof GpuSpec; scale: number; worse: 'lower' | 'higher' }> = {
  memory_gb: { key: 'hbm_bytes', scale: 2 ** 30, worse: 'lower' },
  memory_bw_tbs: { key: 'mem_bw_bytes_s', scale: 1e12, worse: 'lower' },
  bf16_dense_tflops: { key: 'bf16_flops', scale: 1e12, worse: 'lower' },
  fp8_dense_tflops: { key: 'fp8_flops', scale: 1e12, worse: 'lower' },
  int8_dense_tops: { key: 'int8_ops', scale: 1e12, worse: 'lower' },
  fp4_dense_tflops: { key: 'fp4_flops', scale: 1e12, worse: 'lower' },
  interconnect_gbs: { key: 'interconnect_bytes_s', scale: 1e9, worse: 'lower' },
  tdp_w: { key: 'tdp_w', scale: 1, worse: 'higher' },
};

/**
 * The catalog at the pessimistic end of every spec that has another public figure: the lower of the
 * two for capacity fields, the higher for power. A figure the alternative does not worsen is kept.
 * Pure: returns new GPU records and the list of what was changed.
 */
export function pessimisticSpecs(gpus: Readonly<Record<string, GpuSpec>>, sources: readonly SpecSource[]): { gpus: Record<string, GpuSpec>; changed: SpecChange[] } {
  const out: Record<string, GpuSpec> = { ...gpus };
  const changed: SpecChange[] = [];
  for (const s of sources) {
    const f = SPEC_FIELDS[s.field];
    const g = out[s.gpu_id];
    if (!f || !g || s.alt_value === null) continue;
    const current = g[f.key] as number | null;
    const alt = s.alt_value * f.scale;
    const worse = current === null ? false : f.worse === 'lower' ? alt < current : alt > current;
    if (!worse) continue;
    out[s.gpu_id] = { ...g, [f.key]: alt };
    changed.push({ gpu_id: s.gpu_id, field: s.field, confidence: s.confidence, value: s.value, alt_value: s.alt_value, source_url: s.source_url, note: s.note });
  }
  return { gpus: out, changed };
}
