// The price import's reject details and assumptions (English sentences with the file's own text
// quoted) in Chinese, for the zh UI: each known shape is matched and re-worded with its quoted cells
// and figures kept as they are. test/i18n/import-zh.test.ts runs the real import on every vendor
// sample and cloud-export fixture and fails on any detail or assumption no rule translates.
type Rule = [RegExp, (m: RegExpExecArray) => string];
const zhQty = (s: string) => ({ 'GPU count': 'GPU 数量', 'lead time': '交付周期', 'minimum quantity': '最小起订量', 'minimum order': '最小起订量', quantity: '数量' } as Record<string, string>)[s] ?? s;

const PRESET_WHY: Record<string, string> = {
  'SkyPilot catalogs are priced in USD': 'SkyPilot 目录以美元计价',
  'the AWS public price list is in USD': 'AWS 公开价格表以美元计价',
  'Azure retail prices are in USD unless a currencyCode says otherwise': 'Azure 零售价格以美元计价（除非 currencyCode 另有说明）',
  'Google Cloud public SKU prices are in USD': 'Google Cloud 公开 SKU 价格以美元计价',
};
const LAYOUT: [RegExp, string][] = [
  [/^SkyPilot catalog/, 'SkyPilot 目录'],
  [/^AWS Price List bulk CSV/, 'AWS 价格表批量 CSV（EC2）；只取按需、Linux、共享租用的按小时行，GPU 数取自实例类型'],
  [/^Azure Retail Prices export/, 'Azure 零售价格导出；只取按量付费 Linux 按小时行，GPU 数取自 VM 规格，Spot/低优先级价格与按量付费价格并列保留'],
  [/^Google Cloud SKU price export/, 'Google Cloud SKU 价格导出；按需、按小时、按 GPU 计价的 SKU，Spot/抢占式价格与按需价格并列保留'],
];

const RULES: Rule[] = [
  // preview.ts
  [/^the row has (\d+) cells but the header has (\d+)$/, (m) => `该行有 ${m[1]} 个单元格，但表头只有 ${m[2]} 列`],
  [/^a subtotal\/total row$/, () => '小计/合计行'],
  [/^the GPU count is 0$/, () => 'GPU 数量为 0'],
  [/^no accelerator in this row$/, () => '该行没有加速卡'],
  [/^"(.*)" could be (.+): the row does not say which \(memory or form factor\); confirm an alias or add a memory column$/s, (m) => `“${m[1]}”可能是 ${m[2].split(' or ').join(' 或 ')}：该行没有说明是哪一种（显存或外形规格）；请确认别名或添加显存列`],
  [/^"(.*)" is not a GPU in the catalog$/s, (m) => `“${m[1]}”不是目录中的 GPU`],
  [/^no on-demand price \(only a spot price "(.*)"; a spot price alone is not imported\)$/, (m) => `没有按需价格（只有竞价价格“${m[1]}”；单独的竞价价格不会导入）`],
  [/^no price \("(.*)"\)$/, (m) => `没有价格（“${m[1]}”）`],
  [/^the price "(.*)" is not a number$/, (m) => `价格“${m[1]}”不是数字`],
  [/^the price "(.*)" is negative$/, (m) => `价格“${m[1]}”为负数`],
  [/^the price "(.*)" is in a currency Headroom does not know$/, (m) => `价格“${m[1]}”的币种 Headroom 无法识别`],
  [/^unknown currency "(.*)"$/, (m) => `未知币种“${m[1]}”`],
  [/^the file does not say which currency this price is in \(set the vendor's usual currency, or a mapping currency\)$/, () => '文件没有说明该价格的币种（请设置供应商的常用币种，或在列映射中指定币种）'],
  [/^the file does not say whether these prices are purchases, hourly cloud rates or monthly leases \(choose the kind\)$/, () => '文件没有说明这些价格是购买价、云按小时价还是按月租赁价（请选择类型）'],
  [/^GPU count "(.*)" is not a whole number$/, (m) => `GPU 数量“${m[1]}”不是整数`],
  [/^(.+?) "(.*)" must be a whole number above 0$/, (m) => `${zhQty(m[1])}“${m[2]}”必须是大于 0 的整数`],
  [/^"(.*)" is not a valid date$/, (m) => `“${m[1]}”不是有效日期`],
  [/^a server whose GPU count the file does not give \(add a GPU-count column\)$/, () => '文件没有给出该服务器的 GPU 数量（请添加 GPU 数量列）'],
  [/^the same instance, region and price as row (\d+) \(another availability zone: (.*)\)$/, (m) => `与第 ${m[1]} 行的实例、区域和价格相同（另一个可用区：${m[2]}）`],
  [/^the same item, price, date, lead time and quantity as an earlier row$/, () => '与前面某行的条目、价格、日期、交付周期和数量都相同'],
  [/^spot price (\S+) kept beside the on-demand price of row (\d+)$/, (m) => `竞价价格 ${m[1]} 与第 ${m[2]} 行的按需价格并列保留`],
  [/^another spot price for the offer of row (\d+) \(its spot price (\S+) is kept\)$/, (m) => `第 ${m[1]} 行报价的另一个竞价价格（保留其竞价价格 ${m[2]}）`],
  [/^a spot price with no on-demand row for the same instance and region \(a spot price alone is not imported\)$/, () => '竞价价格没有同一实例和区域的按需行（单独的竞价价格不会导入）'],
  // cloud-presets.ts
  [/^a Savings Plans rate(?: \((.*)\))?, not an on-demand price$/, (m) => `Savings Plans 费率${m[1] ? `（${m[1]}）` : ''}，不是按需价格`],
  [/^not an instance price \(product family (.*)\)$/, (m) => `不是实例价格（产品类别 ${m[1]}）`],
  [/^no instance type$/, () => '没有实例类型'],
  [/^(.+) has no GPU$/, (m) => `${m[1] === 'no VM size' ? '没有 VM 规格' : m[1]} 没有 GPU`],
  [/^(.+): its GPU type is not one the (AWS|Azure) preset maps to a catalog GPU \(add the part or a mapping\)$/, (m) => `${m[1]}：其 GPU 型号不在 ${m[2]} 预设映射到目录 GPU 的范围内（请添加该型号或映射）`],
  [/^(.+): a (.+?) price(?: \((.*)\))?, not (an on-demand price|pay-as-you-go)$/, (m) => `${m[1]}：${m[2]} 价格${m[3] ? `（${m[3]}）` : ''}，不是${m[4] === 'pay-as-you-go' ? '按量付费价格' : '按需价格'}`],
  [/^(.+): a (.+) price \(market option\), not on-demand$/, (m) => `${m[1]}：${m[2]} 价格（市场选项），不是按需价格`],
  [/^(.+): a (.+) price; only Linux prices are the instance's own on-demand price$/, (m) => `${m[1]}：${m[2]} 价格；只有 Linux 价格才是实例本身的按需价格`],
  [/^(.+): (.+) tenancy; only shared tenancy is the on-demand instance price$/, (m) => `${m[1]}：${m[2]} 租用；只有共享租用才是实例的按需价格`],
  [/^(.+): with pre-installed (.+)$/, (m) => `${m[1]}：预装 ${m[2]}`],
  [/^(.+): (.+) \(BYOL\)$/, (m) => `${m[1]}：${m[2]}（自带许可证）`],
  [/^(.+): a capacity-reservation line \((.*)\)$/, (m) => `${m[1]}：容量预留行（${m[2]}）`],
  [/^(?:(.+): )?priced per (.+), not per hour$/, (m) => `${m[1] ? `${m[1]}：` : ''}按 ${m[2]} 计价，不是按小时`],
  [/^not a virtual machine price \((.*)\)$/, (m) => `不是虚拟机价格（${m[1]}）`],
  [/^(.+): a fraction of a GPU, not a whole one$/, (m) => `${m[1]}：只有 GPU 的一部分，不是整块`],
  [/^(.+): a Windows price; only Linux prices are the VM's own pay-as-you-go price$/, (m) => `${m[1]}：Windows 价格；只有 Linux 价格才是 VM 本身的按量付费价格`],
  [/^(.+): a dedicated host price$/, (m) => `${m[1]}：专用主机价格`],
  [/^(.+): a non-primary meter \(isPrimaryMeterRegion false\); the primary meter's row carries the price$/, (m) => `${m[1]}：非主计量（isPrimaryMeterRegion 为 false）；价格以主计量行为准`],
  [/^not a Compute Engine price \((.*)\)$/, (m) => `不是 Compute Engine 价格（${m[1]}）`],
  [/^no GPU in "(.*)"$/, (m) => `“${m[1]}”中没有 GPU`],
  [/^a committed-use, reservation or scheduled-capacity price \("(.*)"\), not on-demand$/, (m) => `承诺使用、预留或计划容量价格（“${m[1]}”），不是按需价格`],
  [/^"(.*)": not the plain on-demand price$/, (m) => `“${m[1]}”：不是普通按需价格`],
  // assumptions (preview.ts assumptionsOf)
  [/^layout: (.*)$/s, (m) => `版式：${LAYOUT.find(([re]) => re.test(m[1]))?.[1] ?? m[1]}`],
  [/^(\S+) assumed: the file has no currency column \(the usual currency set for (.*)\)$/, (m) => `假定为 ${m[1]}：文件没有币种列（${m[2]} 设定的常用币种）`],
  [/^(\S+) assumed: the file has no currency column \((.*)\)$/, (m) => `假定为 ${m[1]}：文件没有币种列（${PRESET_WHY[m[2]] ?? m[2]}）`],
  [/^hourly cloud prices \(cloud_hour\): the layout is a cloud catalog$/, () => '云按小时价格（cloud_hour）：版式是云目录'],
  [/^hourly cloud prices \(cloud_hour\): the file lists instance types with GPU counts and prices$/, () => '云按小时价格（cloud_hour）：文件列出了带 GPU 数量和价格的实例类型'],
  [/^(\d+) row\(s\) not imported: the file does not say whether its prices are purchases, hourly or monthly \(choose a kind\)$/, (m) => `${m[1]} 行未导入：文件没有说明价格是购买价、按小时还是按月（请选择类型）`],
];

/** One reject detail or assumption in Chinese, or null when no rule knows its shape. A "sheet: " prefix is kept. */
export function importTextZhOrNull(s: string): string | null {
  for (const [re, f] of RULES) { const m = re.exec(s); if (m) return f(m); }
  const sheet = /^([^:"]{1,40}): (.*)$/s.exec(s);
  if (sheet) { const inner = importTextZhOrNull(sheet[2]); if (inner !== null) return `${sheet[1]}：${inner}`; }
  return null;
}
