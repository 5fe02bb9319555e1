// Finding the header row below title blocks and mapping columns by their header words
// (English and Chinese), with an optional mapping (file or saved per vendor) on top.
import { z } from 'zod';
import { nfkc, parseMoney, parseCount } from './values.js';
import type { Cell, Sheet } from './read.js';

export const FIELDS = [
  'model', 'description', 'qty', 'unit_price', 'price_per_gpu', 'currency', 'lead_time', 'valid_from', 'min_qty', 'gpus', 'notes', 'ignore',
  // Cloud catalogs: the instance type (provenance, form factor and count; never memory), the
  // region kept on the item, availability zones (never lead times), a spot price kept beside
  // the on-demand one, and GPU memory (GpuInfo's SizeInMiB or a memory-per-GPU column).
  'instance', 'region', 'zone', 'spot_price', 'gpu_memory',
] as const;
export type Field = (typeof FIELDS)[number];

/**
 * Known catalog layouts, recognised from their header (the preview says which one it applied): the
 * SkyPilot catalog, the AWS Price List bulk CSV, the Azure Retail Prices API export and the Google
 * Cloud SKU price export (io/import/cloud-presets.ts reads their rows).
 */
export const PRESETS = ['skypilot', 'aws', 'azure', 'gcp'] as const;
export type Preset = (typeof PRESETS)[number];

/** A mapping file (`--mapping FILE`, or saved per vendor). Keys of `columns` are header texts or column letters. */
export const importMappingSchema = z.object({
  header_row: z.number().int().positive().optional(),
  columns: z.record(z.string(), z.enum(FIELDS)).optional(),
  currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
  kind: z.enum(['gpu', 'server', 'cloud_hour', 'lease_month']).optional(),
  /** A known layout to apply (normally recognised from the header). */
  preset: z.enum(PRESETS).optional(),
  decimal_comma: z.boolean().optional(),
  sheets: z.record(z.string(), z.object({
    header_row: z.number().int().positive().optional(),
    columns: z.record(z.string(), z.enum(FIELDS)).optional(),
    skip: z.boolean().optional(),
  })).optional(),
}).strict();
export type ImportMapping = z.infer<typeof importMappingSchema>;

/** Header words → field. Order matters: the first rule that matches wins. */
const RULES: [RegExp, Field | 'extended' | 'term' | 'memory'][] = [
  // Cloud catalog columns first: `AvailabilityZone` is no lead time, `SpotPrice` no unit price,
  // `GpuInfo`/`GPU memory` no part name, `InstanceType` no part name either.
  [/availability\s*-?\s*zones?|^\s*(zones?|az)(\s*(name|id))?\s*$|可用区/, 'zone'],
  [/spot|preemptible|interruptible|low\s*-?\s*priority|竞价|抢占/, 'spot_price'],
  [/gpu\s*-?\s*info|gpu\s*-?\s*mem(ory)?|vram|显存|mem(ory)?\s*(per|\/)\s*gpu|gpu\s*ram/, 'gpu_memory'],
  [/^\s*(vcpus?|cpus?|cpu\s*cores?|cores?)(\s*\(?\s*count\s*\)?)?\s*$|^\s*vcpu|核数/, 'ignore'],
  [/^\s*(system\s*)?(memory|mem|ram)(\s*\(?\s*(gib|gb|mib|mb)\s*\)?)?\s*$|^\s*memory\s*gib\s*$|^\s*memorygib\s*$|^\s*内存/, 'memory'],
  [/instance\s*-?\s*type|^\s*instance(\s*name)?\s*$|vm\s*size|machine\s*type|实例(规格|类型)/, 'instance'],
  [/^\s*(region|location|地域|区域|地区|data\s*cent(er|re)|数据中心)(\s*(code|name|id))?\s*$|armregionname/, 'region'],
  [/accelerator\s*-?\s*count|gpu\s*-?\s*count/, 'gpus'],
  [/extended|(?<![a-z])total|amount|金额|总价|合计|小计|总计|(?<![a-z])sum(?![a-z])/, 'extended'],
  [/valid(ity)?\s*(until|to|thru|through)|expir|截止|有效期至/, 'ignore'],
  [/(?<![a-z])term(?![a-z])|期限|租期|合同期|commitment/, 'term'],
  [/moq|min(imum)?\.?\s*(order\s*)?(qty|quantity|units?|instances?|order|servers?|nodes?|purchase)|起订|最小(订购|起订|采购)?(量|数量)|最低(订购|采购)?量/, 'min_qty'],
  [/gpus?\s*(per|\/|each|in|of)\s*(unit|instance|server|node|system|box|vm)|gpu\s*(count|qty|quantity|number|数量|数)|#\s*(of\s*)?gpus?|^\s*gpus?\s*$|no\.?\s*of\s*gpus?|卡数|gpu\s*数|显卡数量|加速卡数/, 'gpus'],
  [/(per|\/)\s*gpu|每卡|单卡价|每gpu/, 'price_per_gpu'],
  [/lead\s*-?\s*time|delivery|交货|交期|货期|到货|供货周期|availability|(?<![a-z])eta(?![a-z])/, 'lead_time'],
  [/valid|effective\s*(from|date|since|as\s*of)|start\s*date|有效期|生效|起始日期|价格日期|^\s*date\s*$|^\s*日期\s*$/, 'valid_from'],
  [/^\s*(currency|ccy|cur\.?)\s*$|currency\s*(code)?$|币种|货币/, 'currency'],
  [/price|rate|单价|价格|报价|cost|租金|费用|月租|时租|(?<![a-z])fee|charge|售价/, 'unit_price'],
  [/^\s*(qty|quantity|units|pcs|no\.\s*of\s*units)\.?\s*$|(?<![a-z])qty|quantity|数量/, 'qty'],
  [/desc|描述|configuration|配置|spec|规格|details?|说明|品名|名称/, 'description'],
  [/notes?|remarks?|备注|comments?/, 'notes'],
  [/part\s*(no|number|#|num)|p\/n|model|型号|(?<![a-z])item|sku|product|产品|(?<![a-z])gpu|accelerator|instance|(?<![a-z])name/, 'model'],
];

export function classifyHeader(text: string): Field | 'extended' | 'term' | 'memory' | null {
  const s = nfkc(text).toLowerCase().trim();
  if (!s) return null;
  for (const [re, f] of RULES) if (re.test(s)) return f;
  return null;
}

export interface ColumnMap {
  index: number;
  letter: string;
  header: string;
  field: Field | 'extended' | 'term' | 'memory' | null;
  hidden: boolean;
}

export interface SheetLayout {
  headerRow: number;      // 0-based first header row
  headerRows: 1 | 2;
  columns: ColumnMap[];
  /** Chosen column per field (visible columns only). */
  use: Partial<Record<Field, number[]>>;
  /** Last header column (0-based) with text: cells beyond it are extra cells. */
  width: number;
  /** The known layout recognised from the header (or named by the mapping), if any. */
  preset: Preset | null;
}

export const squash = (s: string) => nfkc(s).toLowerCase().replace(/[^a-z0-9]/g, '');
/** SkyPilot catalog CSVs (vms.csv): InstanceType, AcceleratorName, AcceleratorCount, …, Price, SpotPrice, Region, GpuInfo. */
const SKYPILOT = ['instancetype', 'acceleratorname', 'acceleratorcount', 'price'];

/**
 * Header words (squashed: letters and digits, lower case) that name each layout: every word of one
 * of its sets must be in the header. AWS: the EC2 offer file (`SKU, OfferTermCode, RateCode,
 * TermType, PriceDescription, EffectiveDate, …, Unit, PricePerUnit, Currency, …, Instance Type, …`);
 * Azure: the Retail Prices API items (`currencyCode, retailPrice, unitPrice, armRegionName, location,
 * …, skuName, serviceName, …, unitOfMeasure, type, isPrimaryMeterRegion, armSkuName`); GCP: the SKU
 * price table (`SKU ID, SKU description, …`) or the BigQuery pricing export (`sku.id, sku.description`).
 */
const SIGNATURES: [Preset, string[]][] = [
  ['skypilot', SKYPILOT],
  ['aws', ['sku', 'termtype', 'priceperunit', 'instancetype']],
  // An AWS Savings Plans offer file (SKU, RateCode, Unit, EffectiveDate, DiscountedRate, Currency, DiscountedSKU, …).
  ['aws', ['sku', 'discountedrate', 'discountedusagetype']],
  ['azure', ['retailprice', 'armskuname', 'unitofmeasure']],
  ['azure', ['retailprice', 'skuname', 'servicename', 'unitofmeasure']],
  // SKU ID + SKU description alone could be any reseller's quote: a Google column must be there too.
  ...['servicedescription', 'serviceid', 'producttaxonomy', 'geotaxonomytype', 'geotaxonomyregions', 'usageunit', 'pricingunit']
    .map((w): [Preset, string[]] => ['gcp', ['skuid', 'skudescription', w]]),
];

/** The known layout a header row is in, or null. */
export function detectPreset(headers: string[]): Preset | null {
  const h = new Set(headers.map(squash));
  return SIGNATURES.find(([, words]) => words.every((x) => h.has(x)))?.[0] ?? null;
}

/**
 * Each layout's columns by squashed header; `firstOf`: for a field, the first of these columns the file has
 * (the others are ignored). The cloud exports' other columns are read by name only (cloud-presets.ts).
 */
const PRESET_COLUMNS: Record<Preset, { columns: Record<string, Field>; othersIgnored: boolean; firstOf?: Partial<Record<Field, string[]>> }> = {
  skypilot: {
    columns: {
      instancetype: 'instance', acceleratorname: 'model', acceleratorcount: 'gpus', vcpus: 'ignore', memorygib: 'ignore',
      gpuinfo: 'gpu_memory', region: 'region', spotprice: 'spot_price', price: 'unit_price', availabilityzone: 'zone',
    },
    othersIgnored: false,
  },
  // Older offer files have no Region Code, only the Location's display name; a Savings Plans file's rate is DiscountedRate.
  aws: {
    columns: { instancetype: 'instance', priceperunit: 'unit_price', discountedrate: 'unit_price', description: 'description', currency: 'currency', effectivedate: 'valid_from' },
    othersIgnored: true, firstOf: { region: ['regioncode', 'location'] },
  },
  azure: {
    columns: { retailprice: 'unit_price', currencycode: 'currency', effectivestartdate: 'valid_from' },
    othersIgnored: true, firstOf: { region: ['armregionname', 'location'], instance: ['armskuname', 'skuname'] },
  },
  gcp: {
    columns: {
      skudescription: 'description', machinetype: 'instance', currency: 'currency', currencycode: 'currency', accountcurrencycode: 'currency',
      region: 'region', regions: 'region', geotaxonomyregions: 'region', georegions: 'region',
    },
    othersIgnored: true,
    // The first of these the file has is the price (the public list price before a contract price).
    firstOf: { unit_price: ['unitpriceusd', 'unitprice', 'listpriceusd', 'listprice', 'priceusd', 'price', 'listpricetieredratesusdamount', 'usdamount',
      'listpricetieredratesaccountcurrencyamount', 'accountcurrencyamount', 'contractpriceusd', 'contractprice'] },
  },
};

export const colLetter = (i: number): string => {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

const visibleText = (row: Cell[] | undefined, c: number, sheet: Sheet) => (sheet.hiddenCols.has(c) ? '' : (row?.[c]?.text ?? '').trim());

function rowFields(sheet: Sheet, r: number): Set<string> {
  const row = sheet.rows[r] ?? [];
  const out = new Set<string>();
  for (let c = 0; c < row.length; c++) {
    // A merged parent cell counts when its range reaches a visible column.
    const spansVisible = sheet.merges.some((m) => m.r0 === r && m.c0 === c && Array.from({ length: m.c1 - m.c0 + 1 }, (_, k) => c + k).some((k) => !sheet.hiddenCols.has(k)));
    const t = spansVisible ? (row[c]?.text ?? '').trim() : visibleText(row, c, sheet);
    if (!t || t.length > 60) continue;
    const f = classifyHeader(t);
    if (f) out.add(f);
  }
  return out;
}

const isHeaderCandidate = (f: Set<string>) =>
  (f.has('unit_price') || f.has('price_per_gpu')) && (f.has('model') || f.has('description') || f.has('instance')) && f.size >= 2;

/** Header layout of a sheet, or null when it has no recognisable header. */
export function detectLayout(sheet: Sheet, mapping?: ImportMapping): SheetLayout | null {
  const per = sheet.name !== null ? mapping?.sheets?.[sheet.name] : undefined;
  if (per?.skip) return null;
  const forced = per?.header_row ?? mapping?.header_row;
  let headerRow = -1;
  if (forced !== undefined) headerRow = forced - 1;
  else {
    const limit = Math.min(sheet.rows.length, 80);
    for (let r = 0; r < limit; r++) if (isHeaderCandidate(rowFields(sheet, r))) { headerRow = r; break; }
  }
  if (headerRow < 0 || headerRow >= sheet.rows.length) return null;
  const head = sheet.rows[headerRow] ?? [];
  const next = sheet.rows[headerRow + 1] ?? [];
  // Two-row header: merged parent cells in the header row (XLSX), or a following row of
  // words only that fills gaps under the header (CSV).
  let headerRows: 1 | 2 = 1;
  if (sheet.merges.some((m) => m.r0 === headerRow && (m.r1 > m.r0 || m.c1 > m.c0))) headerRows = 2;
  else if (sheet.name === null || !sheet.merges.length) {
    const cells = next.map((_, c) => visibleText(next, c, sheet)).filter(Boolean);
    const numeric = next.some((cell, c) => {
      const t = visibleText(next, c, sheet);
      return t !== '' && (cell.num !== undefined || parseMoney(t).ok || parseCount(t)?.ok);
    });
    const fillsGap = next.some((_, c) => visibleText(next, c, sheet) && !visibleText(head, c, sheet));
    if (cells.length >= 2 && !numeric && fillsGap && cells.some((t) => classifyHeader(t))) headerRows = 2;
  }
  const ncols = Math.max(head.length, headerRows === 2 ? next.length : 0);
  const columns: ColumnMap[] = [];
  for (let c = 0; c < ncols; c++) {
    let parent = (head[c]?.text ?? '').trim();
    if (!parent && headerRows === 2) {
      const m = sheet.merges.find((x) => x.r0 === headerRow && x.c0 <= c && c <= x.c1);
      if (m) parent = (head[m.c0]?.text ?? '').trim();
      else if (sheet.name === null) for (let k = c - 1; k >= 0; k--) { const t = (head[k]?.text ?? '').trim(); if (t) { parent = t; break; } }
    }
    const child = headerRows === 2 ? (next[c]?.text ?? '').trim() : '';
    const header = [parent, child].filter(Boolean).join(' ');
    columns.push({ index: c, letter: colLetter(c), header, field: header ? classifyHeader(header) : null, hidden: sheet.hiddenCols.has(c) });
  }
  // Overrides: by column letter or by header text (case-insensitive), sheet-level first.
  const overrides = { ...(mapping?.columns ?? {}), ...(per?.columns ?? {}) };
  for (const [key, field] of Object.entries(overrides)) {
    const k = nfkc(key).trim().toLowerCase();
    for (const col of columns) {
      if (col.letter.toLowerCase() === k || nfkc(col.header).trim().toLowerCase() === k) col.field = field;
    }
  }
  // A bare "Memory" column is the GPU's in a list of GPUs, but the machine's in a list of
  // instances (beside vCPUs, an instance type or a GPU-memory column): then nothing reads it.
  const machine = columns.some((c) => c.field === 'instance' || c.field === 'gpu_memory' || /^\s*v?cpus?/i.test(c.header));
  for (const col of columns) if (col.field === 'memory') col.field = machine ? 'ignore' : 'gpu_memory';
  const preset: Preset | null = mapping?.preset ?? detectPreset(columns.map((c) => c.header));
  if (preset) {
    // The layout by name, whatever the header words would say.
    const spec = PRESET_COLUMNS[preset];
    const heads = columns.map((c) => squash(c.header));
    const chosen = new Map<string, Field>();
    for (const [field, names] of Object.entries(spec.firstOf ?? {}) as [Field, string[]][]) {
      const hit = names.find((n) => heads.includes(n));
      if (hit) chosen.set(hit, field);
    }
    for (const col of columns) {
      const k = squash(col.header);
      const f = chosen.get(k) ?? spec.columns[k];
      if (f) col.field = f;
      else if (spec.othersIgnored) col.field = col.header ? 'ignore' : null;
    }
  }
  let width = -1;
  for (let c = 0; c < columns.length; c++) if (columns[c].header) width = c;
  for (const col of columns) if (overrides && col.field && col.index > width) width = col.index;
  if (preset) {
    for (const [key, field] of Object.entries(overrides)) {
      const k = nfkc(key).trim().toLowerCase();
      for (const col of columns) if (col.letter.toLowerCase() === k || nfkc(col.header).trim().toLowerCase() === k) col.field = field;
    }
  }
  const use: Partial<Record<Field, number[]>> = {};
  for (const col of columns) {
    if (col.hidden || !col.field || col.field === 'extended' || col.field === 'term' || col.field === 'ignore' || col.field === 'memory') continue;
    (use[col.field] ??= []).push(col.index);
  }
  // One price column: a "unit"/"per instance" one if several claim it.
  if ((use.unit_price?.length ?? 0) > 1) {
    const pick = use.unit_price!.find((c) => /unit|单价|instance|per\s*(server|unit|system)/i.test(columns[c].header)) ?? use.unit_price![0];
    use.unit_price = [pick];
  }
  for (const f of ['qty', 'min_qty', 'gpus', 'currency', 'lead_time', 'valid_from', 'price_per_gpu', 'instance', 'region', 'zone', 'spot_price', 'gpu_memory'] as const) {
    if ((use[f]?.length ?? 0) > 1) use[f] = [use[f]![0]];
  }
  if (!use.unit_price && !use.price_per_gpu) return null;
  if (!use.model && !use.description && !use.instance) return null;
  return { headerRow, headerRows, columns, use, width, preset };
}
