// Effective-dated export rules and availability dates (issue 12): which GPU types may be
// added at a site in a given order month, and from which month a type exists at all.
// Pure: the rules arrive as plain rows (store/export-rules.ts reads them from the database).
import type { CnExportStatus } from '../catalog.js';
import type { Month } from './types.js';

export type ExportStatus = 'allowed' | 'licence' | 'banned';

export interface ExportRule {
  /** ISO 3166-1 alpha-2 destination country. */
  country: string;
  /** GPU type id, or '*' for every type. */
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

/**
 * The rule in force for (country, GPU type) in a month: a rule naming the type wins over a
 * '*' rule; among equals the one that started last wins. null = no rule (allowed).
 */
export function ruleInForce(rules: readonly ExportRule[], country: string, gpu: string, month: Month): ExportRule | null {
  const cc = country.toUpperCase();
  let best: ExportRule | null = null;
  for (const r of rules) {
    if (r.country !== cc || (r.gpu !== gpu && r.gpu !== '*') || !inForce(r, month)) continue;
    if (!best) { best = r; continue; }
    const specific = r.gpu !== '*', bestSpecific = best.gpu !== '*';
    if (specific !== bestSpecific ? specific : r.from > best.from) best = r;
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
  return `${r.status === 'licence' ? 'licence required' : r.status} for ${r.gpu === '*' ? 'every GPU type' : r.gpu} to ${r.country} ${span}${r.source ? ` (${r.source})` : ''}`;
}
