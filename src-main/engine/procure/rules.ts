// Effective-dated export rules and availability dates (issue 12): which GPU types may be
// added at a site in a given order month, and from which month a type exists at all.
// Pure: the rules arrive as plain rows (store/export-rules.ts reads them from the database).
import type { CnExportStatus } from '../catalog.js';
import type { Month } from './types.js';

export type ExportStatus = 'allowed' | 'licence' | 'banned';

export interface ExportRule {
  /** ISO 3166-1 alpha-2 destination country. */
  country: string;
  /**
   * GPU type id, '*' for every type, or a performance class in the terms the rules themselves
   * use (e.g. `tpp>=4800`, `tpp>=4800&io>=600`): a type the record never named — one added to
   * the catalog later, or a user's own — is then judged by its specs instead of passing silently.
   */
  gpu: string;
  /** First month in force (inclusive). */
  from: Month;
  /** Last month in force (inclusive); null = still in force. */
  to: Month | null;
  status: ExportStatus;
  source?: string;
  id?: number;
}

export interface ExportLicence {
  site: string;
  /** GPU type id, or '*' for any type. */
  gpu: string;
  from: Month;
  to: Month | null;
}

const inForce = (r: { from: Month; to: Month | null }, month: Month) => r.from <= month && (r.to === null || month <= r.to);

/** What a class rule is written in: the US rules' metrics for ECCN 3A090 that a catalog row gives. */
export interface GpuExportMetrics {
  /** Total processing performance: dense TOPS × bit length, the highest over the precisions. */
  tpp: number;
  /** Aggregate bidirectional scale-up interconnect, GB/s (null = not in the catalog). */
  io_gbs: number | null;
  /** Made where the rule does not reach (catalog status `domestic`): class rules skip it. */
  domestic: boolean;
}

/** TPP = 2 × MAC TOPS × bit length = dense TOPS × bit length, for the precision that gives the most. */
export function tppOf(spec: { bf16_flops: number; fp8_flops: number | null; int8_ops: number | null; fp4_flops: number | null }): number {
  const t = (x: number | null, bits: number) => (x && x > 0 ? (x / 1e12) * bits : 0);
  return Math.max(t(spec.bf16_flops, 16), t(spec.fp8_flops, 8), t(spec.int8_ops, 8), t(spec.fp4_flops, 4));
}

interface ClassTerm { metric: 'tpp' | 'io'; op: '>=' | '>' | '<=' | '<'; value: number }
const TERM = /^(tpp|io)\s*(>=|>|<=|<)\s*(\d+(?:\.\d+)?)$/;

/** The terms of a class expression (`tpp>=4800&io>=600`), or null when `gpu` is not one. */
export function parseGpuClass(gpu: string): ClassTerm[] | null {
  const parts = gpu.split('&').map((x) => x.trim().toLowerCase());
  const terms: ClassTerm[] = [];
  for (const part of parts) {
    const m = TERM.exec(part);
    if (!m) return null;
    terms.push({ metric: m[1] as ClassTerm['metric'], op: m[2] as ClassTerm['op'], value: Number(m[3]) });
  }
  return terms.length ? terms : null;
}

export const isGpuClass = (gpu: string): boolean => parseGpuClass(gpu) !== null;

/** Whether a type's metrics fall in the class. An interconnect the catalog lacks counts as meeting the bound (the cautious reading). */
export function inGpuClass(terms: readonly ClassTerm[], m: GpuExportMetrics): boolean {
  if (m.domestic) return false;
  return terms.every((t) => {
    const x = t.metric === 'tpp' ? m.tpp : m.io_gbs;
    if (x === null) return true;
    return t.op === '>=' ? x >= t.value : t.op === '>' ? x > t.value : t.op === '<=' ? x <= t.value : x < t.value;
  });
}

/** 2 = names the type, 1 = a class the type falls in, 0 = '*', -1 = does not apply. */
function specificity(r: ExportRule, gpu: string, metrics: GpuExportMetrics | undefined): number {
  if (r.gpu === gpu) return 2;
  if (r.gpu === '*') return 0;
  const terms = metrics ? parseGpuClass(r.gpu) : null;
  return terms && inGpuClass(terms, metrics!) ? 1 : -1;
}

/**
 * The rule in force for (country, GPU type) in a month: a rule naming the type wins over a
 * class rule the type falls in (given its metrics), which wins over a '*' rule; among equals
 * the one that started last wins. null = no rule (allowed).
 */
export function ruleInForce(rules: readonly ExportRule[], country: string, gpu: string, month: Month, metrics?: GpuExportMetrics): ExportRule | null {
  const cc = country.toUpperCase();
  let best: ExportRule | null = null;
  let bestRank = -1;
  for (const r of rules) {
    if (r.country !== cc || !inForce(r, month)) continue;
    const rank = specificity(r, gpu, metrics);
    if (rank < 0) continue;
    if (!best || rank > bestRank || (rank === bestRank && r.from > best.from)) { best = r; bestRank = rank; }
  }
  return best;
}

/** Whether a licence covers (site, GPU type) in the month. */
export function licenceHeld(licences: readonly ExportLicence[], site: string, gpu: string, month: Month): boolean {
  return licences.some((l) => l.site === site && (l.gpu === gpu || l.gpu === '*') && inForce(l, month));
}

export type AdditionCheck = 'ok' | 'export' | 'banned' | 'unavailable';

/**
 * The static China status from the catalog, used only when no rules table is given (older
 * callers): restricted types may not be added at CN sites; licence_required ones need the licence.
 */
export function staticCnCheck(country: string, status: CnExportStatus, licence: boolean): 'ok' | 'export' {
  if (country.toUpperCase() !== 'CN') return 'ok';
  if (status === 'restricted') return 'export';
  if (status === 'licence_required' && !licence) return 'export';
  return 'ok';
}

/** Months from the first in which each rule set changes, for explanations ("banned from 2023-11"). */
export function describeRule(r: ExportRule): string {
  const span = r.to ? `${r.from} to ${r.to}` : `from ${r.from}`;
  return `${r.status === 'licence' ? 'licence required' : r.status} for ${r.gpu === '*' ? 'every GPU type' : isGpuClass(r.gpu) ? `GPU types with ${r.gpu}` : r.gpu} to ${r.country} ${span}${r.source ? ` (${r.source})` : ''}`;
}
