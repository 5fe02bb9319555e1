// Vendor price-list import: parse → map → preview → commit on one code path.
// previewImport(bytes, fileName, catalog, opts) is pure over its inputs (fuzz it);
// commitImport(db, preview, meta) writes one preview in one transaction.
export { previewImport, previewImportAsync, previewWorkbook, previewSteps, REASONS, gpuCountInText } from './preview.js';
export type { ImportPreview, PreviewItem, PreviewRejected, PreviewSheet, PreviewOptions, Reason, ItemKind } from './preview.js';
export { commitImport } from './commit.js';
export type { CommitMeta, CommitResult } from './commit.js';
export { readWorkbook, decodeText, detectDelimiter, parseDelimited, MAX_BYTES, MAX_ROWS } from './read.js';
export type { Workbook, Sheet, Cell } from './read.js';
export { importMappingSchema, classifyHeader, detectLayout, FIELDS } from './mapping.js';
export type { ImportMapping, Field } from './mapping.js';
export { GpuMatcher, nameTokens, looksLikeGpu } from './gpu-match.js';
export type { ImportCatalog, CatalogGpu, UserAlias } from './gpu-match.js';
export { parseMoney, moneyFromNumber, parseDate, parseLeadTime, parseCount, canonicalNumber, currencyIn, excelSerialToDate } from './values.js';
