// Every reject detail and assumption the price import can produce, as a message code with
// parameters: the English wording and the Chinese one side by side. The importer (io/import/
// preview.ts, cloud-presets.ts) can only write a detail through `importMsg` (the `ImportText`
// type is not a plain string), so there is no free English a translation could miss (issue 18).
// Parameters are the file's own text and figures, kept as they are in both languages.
// test/i18n/import-zh.test.ts checks every code here.

type Params = Record<string, string | number>;
interface Def { en: string; zh: string | ((p: Record<string, string>) => string) }

const QTY_ZH: Record<string, string> = { quantity: '数量', 'minimum quantity': '最小起订量' };

export const IMPORT_MESSAGES = {
  // preview.ts: rows
  column_count: { en: 'the row has {cells} cells but the header has {columns}', zh: '该行有 {cells} 个单元格，但表头只有 {columns} 列' },
  summary_row: { en: 'a subtotal/total row', zh: '小计/合计行' },
  gpu_count_zero: { en: 'the GPU count is 0', zh: 'GPU 数量为 0' },
  no_accelerator: { en: 'no accelerator in this row', zh: '该行没有加速卡' },
  ambiguous_gpu: {
    en: '"{text}" could be {options}: the row does not say which (memory or form factor); confirm an alias or add a memory column',
    zh: (p) => `“${p.text}”可能是 ${p.options.split(' or ').join(' 或 ')}：该行没有说明是哪一种（显存或外形规格）；请确认别名或添加显存列`,
  },
  unknown_gpu: { en: '"{text}" is not a GPU in the catalog', zh: '“{text}”不是目录中的 GPU' },
  spot_only: { en: 'no on-demand price (only a spot price "{price}"; a spot price alone is not imported)', zh: '没有按需价格（只有竞价价格“{price}”；单独的竞价价格不会导入）' },
  no_price: { en: 'no price ("{price}")', zh: '没有价格（“{price}”）' },
  price_not_number: { en: 'the price "{price}" is not a number', zh: '价格“{price}”不是数字' },
  price_negative: { en: 'the price "{price}" is negative', zh: '价格“{price}”为负数' },
  price_unknown_currency: { en: 'the price "{price}" is in a currency Headroom does not know', zh: '价格“{price}”的币种 Headroom 无法识别' },
  unknown_currency: { en: 'unknown currency "{currency}"', zh: '未知币种“{currency}”' },
  no_currency: { en: "the file does not say which currency this price is in (set the vendor's usual currency, or a mapping currency)", zh: '文件没有说明该价格的币种（请设置供应商的常用币种，或在列映射中指定币种）' },
  no_kind: { en: 'the file does not say whether these prices are purchases, hourly cloud rates or monthly leases (choose the kind)', zh: '文件没有说明这些价格是购买价、云按小时价还是按月租赁价（请选择类型）' },
  gpu_count_not_whole: { en: 'GPU count "{value}" is not a whole number', zh: 'GPU 数量“{value}”不是整数' },
  quantity_not_whole: { en: 'quantity "{value}" must be a whole number above 0', zh: (p) => `${QTY_ZH.quantity}“${p.value}”必须是大于 0 的整数` },
  min_quantity_not_whole: { en: 'minimum quantity "{value}" must be a whole number above 0', zh: (p) => `${QTY_ZH['minimum quantity']}“${p.value}”必须是大于 0 的整数` },
  bad_date: { en: '"{value}" is not a valid date', zh: '“{value}”不是有效日期' },
  server_without_count: { en: 'a server whose GPU count the file does not give (add a GPU-count column)', zh: '文件没有给出该服务器的 GPU 数量（请添加 GPU 数量列）' },
  duplicate_zone: { en: 'the same instance, region and price as row {row} (another availability zone: {zone})', zh: '与第 {row} 行的实例、区域和价格相同（另一个可用区：{zone}）' },
  duplicate_row: { en: 'the same item, price, date, lead time and quantity as an earlier row', zh: '与前面某行的条目、价格、日期、交付周期和数量都相同' },
  spot_kept: { en: 'spot price {price} kept beside the on-demand price of row {row}', zh: '竞价价格 {price} 与第 {row} 行的按需价格并列保留' },
  spot_duplicate: { en: 'another spot price for the offer of row {row} (its spot price {price} is kept)', zh: '第 {row} 行报价的另一个竞价价格（保留其竞价价格 {price}）' },
  spot_alone: { en: 'a spot price with no on-demand row for the same instance and region (a spot price alone is not imported)', zh: '竞价价格没有同一实例和区域的按需行（单独的竞价价格不会导入）' },
  // cloud-presets.ts: AWS
  aws_savings_plan: { en: 'a Savings Plans rate, not an on-demand price', zh: 'Savings Plans 费率，不是按需价格' },
  aws_savings_plan_what: { en: 'a Savings Plans rate ({what}), not an on-demand price', zh: 'Savings Plans 费率（{what}），不是按需价格' },
  aws_not_instance: { en: 'not an instance price (product family {family})', zh: '不是实例价格（产品类别 {family}）' },
  aws_no_instance: { en: 'no instance type', zh: '没有实例类型' },
  // before `{instance} has no GPU`, which would also match it
  azure_no_size: { en: 'no VM size has no GPU', zh: '没有 VM 规格，也就没有 GPU' },
  no_gpu_in_instance: { en: '{instance} has no GPU', zh: '{instance} 没有 GPU' },
  aws_unmapped_gpu: { en: '{instance}: its GPU type is not one the AWS preset maps to a catalog GPU (add the part or a mapping)', zh: '{instance}：其 GPU 型号不在 AWS 预设映射到目录 GPU 的范围内（请添加该型号或映射）' },
  aws_other_term: { en: '{instance}: a {term} price, not an on-demand price', zh: '{instance}：{term} 价格，不是按需价格' },
  aws_other_term_how: { en: '{instance}: a {term} price ({how}), not an on-demand price', zh: '{instance}：{term} 价格（{how}），不是按需价格' },
  aws_market: { en: '{instance}: a {market} price (market option), not on-demand', zh: '{instance}：{market} 价格（市场选项），不是按需价格' },
  aws_os: { en: "{instance}: a {os} price; only Linux prices are the instance's own on-demand price", zh: '{instance}：{os} 价格；只有 Linux 价格才是实例本身的按需价格' },
  aws_tenancy: { en: '{instance}: {tenancy} tenancy; only shared tenancy is the on-demand instance price', zh: '{instance}：{tenancy} 租用；只有共享租用才是实例的按需价格' },
  aws_software: { en: '{instance}: with pre-installed {software}', zh: '{instance}：预装 {software}' },
  aws_byol: { en: '{instance}: {licence} (BYOL)', zh: '{instance}：{licence}（自带许可证）' },
  aws_capacity: { en: '{instance}: a capacity-reservation line ({status})', zh: '{instance}：容量预留行（{status}）' },
  priced_per_for: { en: '{instance}: priced per {unit}, not per hour', zh: '{instance}：按 {unit} 计价，不是按小时' },
  priced_per: { en: 'priced per {unit}, not per hour', zh: '按 {unit} 计价，不是按小时' },
  // cloud-presets.ts: Azure
  azure_not_vm: { en: 'not a virtual machine price ({service})', zh: '不是虚拟机价格（{service}）' },
  azure_fraction: { en: '{size}: a fraction of a GPU, not a whole one', zh: '{size}：只有 GPU 的一部分，不是整块' },
  azure_unmapped_gpu: { en: '{size}: its GPU type is not one the Azure preset maps to a catalog GPU (add the part or a mapping)', zh: '{size}：其 GPU 型号不在 Azure 预设映射到目录 GPU 的范围内（请添加该型号或映射）' },
  azure_other_type: { en: '{size}: a {type} price, not pay-as-you-go', zh: '{size}：{type} 价格，不是按量付费价格' },
  azure_other_type_term: { en: '{size}: a {type} price ({term}), not pay-as-you-go', zh: '{size}：{type} 价格（{term}），不是按量付费价格' },
  azure_windows: { en: "{size}: a Windows price; only Linux prices are the VM's own pay-as-you-go price", zh: '{size}：Windows 价格；只有 Linux 价格才是 VM 本身的按量付费价格' },
  azure_dedicated: { en: '{size}: a dedicated host price', zh: '{size}：专用主机价格' },
  azure_non_primary: { en: "{size}: a non-primary meter (isPrimaryMeterRegion false); the primary meter's row carries the price", zh: '{size}：非主计量（isPrimaryMeterRegion 为 false）；价格以主计量行为准' },
  // cloud-presets.ts: Google Cloud
  gcp_not_compute: { en: 'not a Compute Engine price ({service})', zh: '不是 Compute Engine 价格（{service}）' },
  gcp_no_gpu: { en: 'no GPU in "{text}"', zh: '“{text}”中没有 GPU' },
  gcp_commitment: { en: 'a committed-use, reservation or scheduled-capacity price ("{text}"), not on-demand', zh: '承诺使用、预留或计划容量价格（“{text}”），不是按需价格' },
  gcp_not_plain: { en: '"{text}": not the plain on-demand price', zh: '“{text}”：不是普通按需价格' },
  // preview.ts: assumptions
  layout_skypilot: { en: 'layout: SkyPilot catalog (InstanceType, AcceleratorName, AcceleratorCount, GpuInfo, Region, Price, SpotPrice)', zh: '版式：SkyPilot 目录（InstanceType、AcceleratorName、AcceleratorCount、GpuInfo、Region、Price、SpotPrice）' },
  layout_aws: { en: 'layout: AWS Price List bulk CSV (EC2: Instance Type, TermType, Operating System, Tenancy, CapacityStatus, Pre Installed S/W, PricePerUnit, Region Code); on-demand Linux shared-tenancy hourly rows only, GPUs from the instance type', zh: '版式：AWS 价格表批量 CSV（EC2）；只取按需、Linux、共享租用的按小时行，GPU 数取自实例类型' },
  layout_azure: { en: 'layout: Azure Retail Prices export (armSkuName, retailPrice, currencyCode, armRegionName, unitOfMeasure, type); pay-as-you-go Linux hourly rows only, GPUs from the VM size, Spot/Low Priority kept beside pay-as-you-go', zh: '版式：Azure 零售价格导出；只取按量付费 Linux 按小时行，GPU 数取自 VM 规格，Spot/低优先级价格与按量付费价格并列保留' },
  layout_gcp: { en: 'layout: Google Cloud SKU price export (SKU ID, SKU description, unit, price, regions); on-demand hourly GPU SKUs, per GPU, Spot/Preemptible kept beside on-demand', zh: '版式：Google Cloud SKU 价格导出；按需、按小时、按 GPU 计价的 SKU，Spot/抢占式价格与按需价格并列保留' },
  currency_vendor: { en: '{currency} assumed: the file has no currency column (the usual currency set for {vendor})', zh: '假定为 {currency}：文件没有币种列（{vendor} 设定的常用币种）' },
  currency_skypilot: { en: '{currency} assumed: the file has no currency column (SkyPilot catalogs are priced in USD)', zh: '假定为 {currency}：文件没有币种列（SkyPilot 目录以美元计价）' },
  currency_aws: { en: '{currency} assumed: the file has no currency column (the AWS public price list is in USD)', zh: '假定为 {currency}：文件没有币种列（AWS 公开价格表以美元计价）' },
  currency_azure: { en: '{currency} assumed: the file has no currency column (Azure retail prices are in USD unless a currencyCode says otherwise)', zh: '假定为 {currency}：文件没有币种列（Azure 零售价格以美元计价，除非 currencyCode 另有说明）' },
  currency_gcp: { en: '{currency} assumed: the file has no currency column (Google Cloud public SKU prices are in USD)', zh: '假定为 {currency}：文件没有币种列（Google Cloud 公开 SKU 价格以美元计价）' },
  kind_preset: { en: 'hourly cloud prices (cloud_hour): the layout is a cloud catalog', zh: '云按小时价格（cloud_hour）：版式是云目录' },
  kind_shape: { en: 'hourly cloud prices (cloud_hour): the file lists instance types with GPU counts and prices', zh: '云按小时价格（cloud_hour）：文件列出了带 GPU 数量和价格的实例类型' },
  unknown_kind_rows: { en: '{count} row(s) not imported: the file does not say whether its prices are purchases, hourly or monthly (choose a kind)', zh: '{count} 行未导入：文件没有说明价格是购买价、按小时还是按月（请选择类型）' },
} as const satisfies Record<string, Def>;

export type ImportCode = keyof typeof IMPORT_MESSAGES;
export const IMPORT_CODES = Object.keys(IMPORT_MESSAGES) as ImportCode[];

declare const fromCatalogue: unique symbol;
/** An import detail or assumption in English, made only by `importMsg` (never free text). */
export type ImportText = string & { readonly [fromCatalogue]: true };

/** The parameter names a code's English wording takes, in order. */
export const paramsOf = (code: ImportCode): string[] => [...IMPORT_MESSAGES[code].en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

const fill = (tpl: string, p: Record<string, string>) => tpl.replace(/\{(\w+)\}/g, (_, k: string) => {
  if (!(k in p)) throw new Error(`import message: missing parameter ${k}`);
  return p[k];
});
const asText = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)]));

/** The English wording of one message (what the import's `detail` and assumptions hold). */
export function importMsg(code: ImportCode, params: Params = {}): ImportText {
  return fill(IMPORT_MESSAGES[code].en, asText(params)) as ImportText;
}

/** The Chinese wording of one message, the parameters kept as they are. */
export function importMsgZh(code: ImportCode, params: Params = {}): string {
  const zh: Def['zh'] = IMPORT_MESSAGES[code].zh;
  const p = asText(params);
  return typeof zh === 'function' ? zh(p) : fill(zh, p);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MATCHERS = IMPORT_CODES.map((code) => {
  const en = IMPORT_MESSAGES[code].en;
  const re = new RegExp(`^${en.split(/\{\w+\}/).map(escape).join('(.*?)')}$`, 's');
  return { code, re, names: paramsOf(code) };
});

/** The code and parameters of an English detail (as stored or sent), or null for text the catalogue does not make. */
export function parseImportText(s: string): { code: ImportCode; params: Record<string, string> } | null {
  for (const { code, re, names } of MATCHERS) {
    const m = re.exec(s);
    if (!m) continue;
    const params = Object.fromEntries(names.map((n, i) => [n, m[i + 1]]));
    if (importMsg(code, params) === s) return { code, params };
  }
  return null;
}
