// The plan's notes and warnings (engine text, English) in Chinese for the zh report: each known
// sentence shape is matched and re-worded with its figures kept; an unknown shape stays as it is,
// marked (英文原文) so a reader knows it was not translated.
const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^burn: not computed: (.*)$/s, (m) => `支出：未计算：${m[1]}`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): no in-service date; counted from (\S+)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：无投入使用日期；自 ${m[4]} 起计`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): (\S+) (\S+) per GPU(.*?) from the price book \((.*)\)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：价格库单价 ${m[4]} ${m[5]}/GPU${zhUnit(m[6])}（${m[7]}）`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): not in the price book; public reference price (\S+) (\S+) per GPU(.*?) \((.*)\)$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：价格库无此项；采用公开参考价 ${m[4]} ${m[5]}/GPU${zhUnit(m[6])}（${m[7]}）`],
  [/^cluster (\d+) \(([^,]+), ([^)]+)\): no unit cost and no price-book row valid in (\S+); its (\S+) cost is counted as 0$/, (m) => `集群 ${m[1]}（${m[2]}，${m[3]}）：无单价且 ${m[4]} 无有效价格库条目；其${zhMode(m[5])}成本按 0 计`],
  [/^site (.+): time zone not set; assumed UTC([+-]\d+(?:\.\d+)?) for (\S+)$/, (m) => `站点 ${m[1]}：未设时区；按 ${m[3]} 假定为 UTC${m[2]}`],
  [/^pool (\S+): cluster (\d+) no longer exists and was left out$/, (m) => `资源池 ${m[1]}：集群 ${m[2]} 已不存在，未计入`],
  [/^pool (\S+) has no clusters$/, (m) => `资源池 ${m[1]} 没有集群`],
  [/^site (.+): no power limit given \(0 = not modelled\)$/, (m) => `站点 ${m[1]}：未设功率上限（0 = 不建模）`],
  [/^cloud allowed, but the scenario has no cloud site: cloud modes are not offered$/, () => '允许使用云，但情景中没有云站点：不提供云方式'],
  [/^pool (\S+): (\S+) cannot serve (\S+) \((.*)\); its GPUs add no capacity$/, (m) => `资源池 ${m[1]}：${m[2]} 无法运行 ${m[3]}（${m[4]}）；其 GPU 不计容量`],
];

const zhUnit = (s: string) => s.replace(/-hour/g, '·小时').replace(/-month/g, '·月').replace(/ per /g, '/');
const zhMode = (s: string) => ({ buy: '购买', lease: '租赁', cloud_on_demand: '云按需', cloud_reserved: '云预留' } as Record<string, string>)[s] ?? s;

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
