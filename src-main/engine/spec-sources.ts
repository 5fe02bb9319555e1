// Spec confidence (issue 13): how far each GPU datasheet figure in gpus.csv can be trusted —
// official (the vendor's datasheet), estimated (vendor figures compiled by a third party, dense
// derived from sparse) or unofficial (no vendor datasheet) — with its source and, where another
// public figure exists, that alternative (for pessimistic what-ifs). Rows: db/seed/gpu_spec_sources.csv.
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
