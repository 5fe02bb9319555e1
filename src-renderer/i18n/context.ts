// One planning context (issue 18, s18a): what an export holds, A/B deltas, page warnings, service level.
export default {
  en: {
    'cx.export.scenario': 'Scenario',
    'cx.export.whatIfs': 'What-ifs',
    'cx.export.whatIfsNone': 'none: the stored settings',
    'cx.export.whatIfsStored': 'the stored settings',
    'cx.export.currency': 'Currency',
    'cx.export.currencyScenario': 'the scenario\'s currency',
    'cx.export.months': 'Months',
    'cx.ab.delta': 'B − A',
    'cx.ab.months': '{n} months',
    'cx.ab.pMax': 'Highest monthly P(overload) with the plan',
    'cx.ab.points': '{n} pts',
  },
  zh: {
    'cx.export.scenario': '情景',
    'cx.export.whatIfs': '假设调整',
    'cx.export.whatIfsNone': '无：使用已保存的设置',
    'cx.export.whatIfsStored': '已保存的设置',
    'cx.export.currency': '币种',
    'cx.export.currencyScenario': '情景币种',
    'cx.export.months': '月数',
    'cx.ab.delta': 'B − A',
    'cx.ab.months': '{n} 个月',
    'cx.ab.pMax': '执行规划后各月最高过载概率',
    'cx.ab.points': '{n} 个百分点',
  },
};
