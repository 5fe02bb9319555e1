// Procurement optimiser (issue 7): pure model building, greedy baseline, solution checks
// and explanations. The LP solver is passed in (HiGHS in src-main/workers/).
export * from './types.js';
export { buildModel, toLpText, additionAllowed, runningPerGpuMonth, siteWatts, HOURS_PER_MONTH, hoursInMonth, type ProcureModel } from './model.js';
export * from './rules.js';
export { buildPeriods, monthIndex, monthName, addMonths, quarterOf } from './periods.js';
export { greedy, completeSolution } from './greedy.js';
export { optimise, evaluate, explain, decodeActions, monthsWithPlan, roundSolution, type LpSolver, type LpSolution, type LpSolveOptions, type OptimiseOptions } from './solve.js';
export { planSummary, type PlanSummary } from './summary.js';
