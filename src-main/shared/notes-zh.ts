// The engine's notes, reasons and warnings (English sentences with figures) in Chinese, for the zh
// report and the zh UI: each known sentence shape is matched and re-worded with its figures kept.
// The report marks an unknown shape (英文原文); the UI shows it as it is. test/i18n/engine-notes.test.ts
// runs the real engine on the demo and fails on any note no rule translates.
const MODE: Record<string, string> = { buy: '购买', lease: '租赁', cloud: '云', cloud_on_demand: '云按需', cloud_reserved: '云预留' };
const zhModes = (s: string) => s.split(', ').map((x) => MODE[x] ?? x).join('、');
/** "short X of capacity" figures: GPU-equivalents or tokens/s. */
const zhWhat = (s: string) => s
  .replace(/^([\d,]+) (.+)-equivalents of capacity$/, '$1 块 $2 当量的容量')
  .replace(/^([\d,]+) output tokens\/s of capacity$/, '每秒 $1 个输出词元的容量');
/** The optimiser's cause of a shortfall (engine/procure/solve.ts). */
function zhCause(c: string): string {
  const rules: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^availability: the earliest type that can serve \((.+)\) first shipped (\S+)$/, (m) => `上市时间：最早可用的型号（${m[1]}）于 ${m[2]} 首次发货`],
    [/^lead time: the earliest order \((.+), (\d+) months( from the price list| default)\) arrives (\S+)$/, (m) => `交付周期：最早的订单（${m[1]}，${m[2]} 个月，${m[3] === ' default' ? '默认值' : '来自价格表'}）${m[4]} 到货`],
    [/^(.+) is banned in this scenario and no other type is on offer$/, (m) => `${m[1]} 在本情景中被禁用，且没有其他型号可选`],
    [/^availability: (.+) first shipped (\S+) and no other type is on offer$/, (m) => `上市时间：${m[1]} 于 ${m[2]} 首次发货，且没有其他型号可选`],
    [/^export rules: (.+) may not be added at site (.+) \((\S*)\) and no other type is on offer$/, (m) => `出口管制：${m[1]} 不得部署在站点 ${m[2]}（${m[3]}），且没有其他型号可选`],
    [/^no price offer for any GPU type that can serve this pool$/, () => '能服务该资源池的 GPU 型号都没有报价'],
    [/^power limit (.+) reached$/, (m) => `已达功率上限 ${m[1]}`],
    [/^space for ([\d,]+) servers full$/, (m) => `${m[1]} 台服务器的空间已满`],
    [/^supply cap of ([\d,]+) (.+) per quarter reached \((\S+)\)$/, (m) => `已达 ${m[2]} 每季度 ${m[1]} 块的供货上限（${m[3]}）`],
    [/^supply cap of ([\d,]+) (.+) per month reached \(order month (\S+)\)$/, (m) => `已达 ${m[2]} 每月 ${m[1]} 块的供货上限（下单月 ${m[3]}）`],
    [/^(capex|opex) budget for (\S+) \((.+)\) spent$/, (m) => `${m[2]} 的${m[1] === 'capex' ? '资本支出' : '运营支出'}预算（${m[3]}）已用完`],
    [/^order size limit reached$/, () => '已达订单数量上限'],
    [/^no hard limit binds: left short by the solver \(within its optimality gap, or cheaper than the shortfall penalty; check prices\)$/, () => '没有硬性约束：求解器留下的缺口（在最优性间隙内，或比缺口惩罚更便宜；请检查价格）'],
  ];
  for (const [re, f] of rules) { const m = re.exec(c); if (m) return f(m); }
  return c;
}
const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^burn: not computed: (.*)$/s, (m) => `支出：未计算：${m[1]}`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): no in-service date; counted from (\S+)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：无投入使用日期；自 ${m[4]} 起计`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): (\S+) (\S+) per GPU(.*?) from the price book \((.*)\)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：价格库单价 ${m[4]} ${m[5]}/GPU${zhUnit(m[6])}（${m[7]}）`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): not in the price book; public reference price (\S+) (\S+) per GPU(.*?) \((.*)\)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：价格库无此项；采用公开参考价 ${m[4]} ${m[5]}/GPU${zhUnit(m[6])}（${zhRefWhy(m[7])}）`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): no unit cost and no price-book row valid in (\S+); its (\S+) cost is counted as 0$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：无单价且 ${m[4]} 无有效价格库条目；其${zhMode(m[5])}成本按 0 计`],
  [/^site (.+): time zone not set; assumed UTC([+-]\d+(?:\.\d+)?) for (\S+)$/, (m) => `站点 ${m[1]}：未设时区；按 ${m[3]} 假定为 UTC${m[2]}`],
  [/^pool (\S+): cluster (\d+) no longer exists and was left out$/, (m) => `资源池 ${m[1]}：集群 ${m[2]} 已不存在，未计入`],
  [/^pool (\S+) has no clusters$/, (m) => `资源池 ${m[1]} 没有集群`],
  [/^site (.+): no power limit given \(0 = not modelled\)$/, (m) => `站点 ${m[1]}：未设功率上限（0 = 不建模）`],
  [/^cloud allowed, but the scenario has no cloud site: cloud modes are not offered$/, () => '允许使用云，但情景中没有云站点：不提供云方式'],
  [/^pool (\S+): (\S+) cannot serve (\S+) \((.*)\); its GPUs add no capacity$/, (m) => `资源池 ${m[1]}：${m[2]} 无法运行 ${m[3]}（${m[4]}）；其 GPU 不计容量`],
  // burn (engine/plan/burn-input.ts, engine/burn/burn.ts)
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): cloud prices restricted to the site's cloud region "(.*)"; (\d+) price\(s\) listed in other regions not used$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：云价格限于站点的云区域“${m[4]}”；其他区域的 ${m[5]} 个价格未使用`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): (\S+) (\S+) per GPU(.*?) from (\S+) \((price book|public reference), (.*)\)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：自 ${m[7]} 起 ${m[4]} ${m[5]}/GPU${zhUnit(m[6])}（${m[8] === 'price book' ? '价格库' : '公开参考价'}，${m[9]}）`],
  [/^site (.+): no utilisation given; assumed ([\d.]+)% average utilisation$/, (m) => `站点 ${m[1]}：未给出利用率；假定平均利用率 ${m[2]}%`],
  [/^site (.+): no utilisation given; assumed the default series$/, (m) => `站点 ${m[1]}：未给出利用率；采用默认序列`],
  [/^site (.+): no electricity tariff, so electricity is counted as 0$/, (m) => `站点 ${m[1]}：没有电价，电费按 0 计`],
  [/^site (.+): no tariff in force in (\S+); used the earliest \((\S+)\)$/, (m) => `站点 ${m[1]}：${m[2]} 没有生效的电价；采用最早的（${m[3]}）`],
  [/^FX (\S+)→(\S+): no rate in force in (\S+); used the earliest rate \((\S+)\)$/, (m) => `汇率 ${m[1]}→${m[2]}：${m[3]} 没有生效的汇率；采用最早的汇率（${m[4]}）`],
  [/^(\S+): no TDP in the catalog, so its power is counted as 0 W$/, (m) => `${m[1]}：目录中没有额定功率，其功率按 0 W 计`],
  // procurement input (engine/plan/procure-input.ts)
  [/^site (.+) does not exist and was left out$/, (m) => `站点 ${m[1]} 不存在，未计入`],
  [/^site (.+): no FX (\S+)→(\S+); electricity left out$/, (m) => `站点 ${m[1]}：没有 ${m[2]}→${m[3]} 的汇率；电费未计入`],
  [/^no owned site: the scenario's sites are all cloud regions, so bought or leased GPUs have nowhere to go$/, () => '没有自有站点：情景的站点都是云区域，购买或租赁的 GPU 无处部署'],
  [/^(\S+) (buy|lease|cloud_on_demand|cloud_reserved): price in (\S+) has no FX rate to (\S+); left out$/, (m) => `${m[1]} ${zhMode(m[2])}：${m[3]} 价格没有到 ${m[4]} 的汇率；未计入`],
  [/^site (.+): no cloud price in a region compatible with "(.*)"; nothing can be rented there$/, (m) => `站点 ${m[1]}：没有与“${m[2]}”相符区域的云价格；无法在该处租用`],
  [/^acquisition limited to (.+): (\d+) other offer\(s\) left out$/, (m) => `增加方式限于${zhModes(m[1])}：其他 ${m[2]} 个报价未计入`],
  [/^no prices: import a price list \(Prices page\) so the optimiser has something to buy$/, () => '没有价格：请导入价格表（“价格”页），优化器才有可买的东西'],
  [/^pool (\S+): no GPUs yet; safe utilisation ([\d.]+) assumed$/, (m) => `资源池 ${m[1]}：尚无 GPU；假定安全利用率 ${m[2]}`],
  [/^(\S+): no TDP in the catalog; 700 W assumed for power$/, (m) => `${m[1]}：目录中没有额定功率；按 700 W 计算功率`],
  // optimiser (engine/procure/solve.ts): an order's reason and a shortfall
  [/^(\S+) peaks at ([\d,]+) output tokens\/s in (\S+) \((?:([\d.]+) % service-level need, )?\+(\d+)% headroom\)$/, (m) => `${m[1]} 在 ${m[3]} 达到峰值 每秒 ${m[2]} 个输出词元（${m[4] ? `${m[4]}% 服务水平需求，` : ''}+${m[5]}% 余量）`],
  [/^short (.+?) in (\d{4}-\d{2})(?: at site (.+?))?(?: for pool (\S+))?: (.*)$/s, (m) => `${m[2]}${m[3] ? ` 站点 ${m[3]}` : ''}${m[4] ? ` 资源池 ${m[4]}` : ''} 缺少${zhWhat(m[1])}：${zhCause(m[5])}`],
  // structured plan warnings (engine/plan/warnings.ts, burn-input.ts, plan-burn.ts, index.ts, calibration/coverage.ts)
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): lease without a rate \(none entered, none in the price book\): counted as 0$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：租赁没有费率（未录入，价格库中也没有）：按 0 计`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): no unit cost and no price valid in (\S+?)(?: in a region compatible with "(.*)")?: its (\S+) cost is counted as 0$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：无单价且 ${m[4]}${m[5] !== undefined ? `在与“${m[5]}”相符的区域` : ''}没有有效价格：其${zhMode(m[6])}成本按 0 计`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): priced from (\S+) at the public reference price dated (\S+) \((\S+) (\S+) per GPU(.*?)\); no price valid in (\S+)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：自 ${m[4]} 起按日期为 ${m[5]} 的公开参考价计价（${m[6]} ${m[7]}/GPU${zhUnit(m[8])}）；${m[9]} 没有有效价格`],
  [/^site (.+): no hosting cost per kW entered; its hosting is counted as 0$/, (m) => `站点 ${m[1]}：未录入每千瓦托管费；托管费按 0 计`],
  [/^site (.+): no electricity tariff; its electricity is counted as 0$/, (m) => `站点 ${m[1]}：没有电价；电费按 0 计`],
  [/^([\d,]+) × (\S+) \((\S+)\) arriving (\S+): priced at the (price-book price|public reference price) dated (\S+) \((\S+) (\S+)\); no price valid in those months$/, (m) => `${m[1]} × ${m[2]}（${zhMode(m[3])}）${m[4]} 到货：按日期为 ${m[6]} 的${m[5] === 'price-book price' ? '价格库价格' : '公开参考价'}计价（${m[7]} ${m[8]}）；这些月份没有有效价格`],
  [/^P\(overload\) with the plan stays above (\S+) \(\+ Monte Carlo error (\S+)\) in (\d+) month\(s\), first (\S+) \((\S+)\): (.*)$/s, (m) => `采用计划后，过载概率在 ${m[3]} 个月内仍高于 ${m[1]}（+ 蒙特卡洛误差 ${m[2]}），首个为 ${m[4]}（${m[5]}）：${zhWhyMissed(m[6])}`],
  [/^(\d{4}-\d{2}): (short .*) \((\w+)\)$/s, (m) => `${m[1]}：${noteZh(m[2])}（${CONSTRAINT[m[3]] ?? m[3]}）`],
  [/^(.+): ([\d,]+) GPUs arrive from (\S+), within (\d+) months of its first public shipment \((\S+)\); no supply cap is set for it, so nothing says the vendor or cloud can deliver that many that early \(set a supply cap in the procurement settings\)$/, (m) => `${m[1]}：自 ${m[3]} 起到货 ${m[2]} 块，距其首次公开发货（${m[5]}）不足 ${m[4]} 个月，且未设置供应上限——没有依据表明供应商或云厂商能这么早交付这么多（请在采购设置中设置供应上限）`],
  [/^pool (\S+): (.+) stands in for an unpublished model \(size ×(\S+), P10 ×(\S+) – P90 ×(\S+)\): (.*)$/s, (m) => `资源池 ${m[1]}：以 ${m[2]} 替代未公开的模型（规模 ×${m[3]}，P10 ×${m[4]} – P90 ×${m[5]}）：${m[6]}`],
  [/^pool (\S+): (?:no published measurement|only (\d+) published measurements?) of (.+?) under (.+?) \((\d+) for its family under this engine, (\d+) for this GPU under any engine; fewer than (\d+)\) — its capacity per GPU rests on (?:the factors fitted on other (\S+) GPUs under .+?|factors fitted on other engines or GPU families)(?:; the Monte Carlo draws its error from (?:the held-out residuals of (?:(\S+) GPUs under .+? \((\d+) kept, shrunk toward all groups\)|all groups)|the residuals of (GPU family × engine pairs held out whole)), sd ([\d.]+) % in log terms)?(?:; a same-benchmark run on this GPU measured (.+?) at ([\d.]+)× (.+?) \((\S+)\), the fitted model gives ([\d.]+)×(?: \(on this pool's workload ([\d.]+)×\))?)?; add measured rows \(calibrate\) before buying on it$/, (m) =>
    `资源池 ${m[1]}：${m[3]} 在 ${zhEngine(m[4])} 下${m[2] ? `只有 ${m[2]} 条公开实测` : '没有公开实测'}（同系列在该引擎下 ${m[5]} 条，该型号在任意引擎下 ${m[6]} 条；不足 ${m[7]} 条）——其单卡容量依赖${m[8] ? `同一引擎下其他 ${m[8]} 系列 GPU 拟合的系数` : '在其他引擎或 GPU 系列上拟合的系数'}${m[12] ? `；蒙特卡洛从${m[9] ? ` ${m[9]} 系列在该引擎下的留出残差（保留 ${m[10]} 条，向全体收缩）` : m[11] ? '整组留出的“GPU 系列 × 引擎”组合的残差' : '全体组的留出残差'}抽取其误差，对数标准差 ${m[12]}%` : ''}${m[13] ? `；同一基准在该型号上实测 ${zhEngine(m[13])} 为 ${zhEngine(m[15])} 的 ${m[14]} 倍（${m[16]}），拟合模型给出 ${m[17]} 倍${m[18] ? `（在本资源池的负载上为 ${m[18]} 倍）` : ''}` : ''}；据此采购前请补充实测数据（校准）`],
  // capacity engine (engine/capacity/perf.ts): precision fallbacks
  [/^(\S+) has no native FP8: runs weight-only \(FP8 weights, 16-bit compute\)$/, (m) => `${m[1]} 不原生支持 FP8：以仅权重量化运行（FP8 权重，16 位计算）`],
  [/^(\S+) has no INT8 tensor cores listed: runs weight-only$/, (m) => `${m[1]} 未列出 INT8 张量核心：以仅权重量化运行`],
  [/^(\S+) has no native FP4: runs weight-only \(4-bit weights, 16-bit compute\)$/, (m) => `${m[1]} 不原生支持 FP4：以仅权重量化运行（4 位权重，16 位计算）`],
];

/** Why a month misses the risk target (engine/plan/index.ts). */
function zhWhyMissed(s: string): string {
  if (s === 'before the first possible arrival or capped by a limit (see infeasible_months)') return '在最早可能到货之前，或受某项限制约束（见 infeasible_months）';
  const m = /^(\d+) limited \(see infeasible_months\); (\d+) not explained by a limit, first (\S+): the sizing fell short on the planned GPU mix$/.exec(s);
  return m ? `${m[1]} 个月受限制约束（见 infeasible_months）；${m[2]} 个月无法用限制解释，首个为 ${m[3]}：按计划的 GPU 组合规模不足` : s;
}
/** The binding limit of an infeasible month (engine/procure/solve.ts constraint names). */
const CONSTRAINT: Record<string, string> = {
  capacity: '容量', lead_time: '交付周期', availability: '上市时间', power: '功率上限', space: '空间', supply: '供货上限', budget: '预算', export: '出口管制',
};
const zhEngine = (s: string) => (s === 'another engine' ? '其他引擎' : s);
/** The source in a reference-price note: vendor, file, date and why that vendor. */
const zhRefWhy = (s: string) => s.replace(/, dated /g, '，日期 ').replace(/, provider named in the site\/cluster/g, '，站点/集群指定的服务商').replace(/, /g, '，');
const zhUnit = (s: string) => s.replace(/-hour/g, '·小时').replace(/-month/g, '·月').replace(/ per /g, '/');
const zhMode = (s: string) => ({ buy: '购买', lease: '租赁', cloud_on_demand: '云按需', cloud_reserved: '云预留' } as Record<string, string>)[s] ?? s;

/** One note in Chinese, or null when no rule knows its shape (the UI then shows it as it is). */
export function noteZhOrNull(note: string): string | null {
  const t = noteZh(note);
  return t.endsWith('（英文原文）') ? null : t;
}

/** One note in Chinese. A "step: text" prefix (burn:, procure:) is translated too. */
export function noteZh(note: string): string {
  const step = /^(burn|procure|procurement|capacity): (.*)$/s.exec(note);
  const prefix = step ? ({ burn: '支出', procure: '采购', procurement: '采购', capacity: '容量' } as Record<string, string>)[step[1]] + '：' : '';
  const body = step && !note.startsWith('burn: not computed') ? step[2] : note;
  for (const [re, f] of RULES) {
    const m = re.exec(body);
    if (m) return (body === note ? '' : prefix) + f(m);
  }
  return `${note}（英文原文）`;
}
