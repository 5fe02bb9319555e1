// Issue 19: the fleet timeline with hour-by-hour days (10 classes with their own weekday/weekend
// profiles and calendar effects, 3 deferrable batch classes scheduled earliest-deadline-first).
// Targets: deterministic 60 months × 200 clusters × 10 classes ≤ 50 ms; Monte Carlo 10,000 ×
// 60 months ≤ 1 s. The issue-4 timeline (one shared profile, peak hour only) is timed beside it.
import { measure, baseline, table } from './lib.mjs';
import { compile, timeline } from '../build/main/engine/timeline/index.js';
import { monteCarlo } from '../build/main/engine/montecarlo/index.js';
import { scenarioSchema } from '../build/main/engine/demand/scenario.js';
import { runMonteCarloInWorkers } from '../build/main/workers/montecarlo-worker.js';
import { benchInput } from './timeline.bench.mjs';

const A = { assumed: 'bench' };
const u = (value, p10, p90) => (p10 === undefined ? { value, ...A } : { value, p10, p90, ...A });
const shape = (peakUtc, amp) => { const r = Array.from({ length: 24 }, (_, h) => Math.max(0.02, 1 + amp * Math.cos((2 * Math.PI * (h - peakUtc)) / 24))); const s = r.reduce((a, b) => a + b, 0); return r.map((x) => x / s); };
const office = shape(5, 1.2), evening = shape(13, 0.6), flat = shape(0, 0);
const weekly = (wd, we, lvl) => ({ weekday: wd, weekend: we, weekend_level: u(lvl, lvl * 0.5, Math.min(1.5, lvl * 2)), ...A });
const seats = (units, onboard, rpu) => ({ unit: 'seat', units: u(units, units * 0.6, units * 1.5), onboarded_per_month: u(onboard, onboard * 0.5, onboard * 2), requests_per_unit_per_day: u(rpu, rpu * 0.5, rpu * 2) });

export function hourlyInput() {
  const base = benchInput();
  const s = base.scenario;
  const b2b = (id, pool, b, inTok, outTok, extra) => ({
    id, label: id, kind: 'api', pool, b2b: b, input_tokens: u(inTok + 0.5, inTok * 0.5, inTok * 2), output_tokens: u(outTok + 0.5, outTok * 0.5, outTok * 2), ttft_ms: u(3000), tpot_ms: u(50), ...extra,
  });
  const cal = (effects) => effects.map(([effect, m]) => ({ effect, multiplier: u(m, m * 0.7, m * 1.4) }));
  const classes = [
    { ...s.classes[0], weekly: weekly(evening, shape(12, 0.4), 1.1), calendar: cal([['spring_festival', 1.2]]) },
    { ...s.classes[1], weekly: weekly(evening, evening, 1.1) },
    { ...s.classes[2], weekly: weekly(evening, evening, 1.2) },
    { ...s.classes[3], weekly: weekly(office, flat, 0.3) },
    b2b('bi', 'small', seats(2e6, 8e4, 6), 3200, 180, { weekly: weekly(office, office, 0.1), calendar: cal([['month_end', 1.5], ['quarter_end', 1.3], ['golden_week', 0.2]]) }),
    b2b('crm', 'small', seats(8e4, 3e3, 400), 1800, 220, { batch: { deadline_hours: 12, ...A }, weekly: weekly(office, office, 0.15) }),
    b2b('service', 'small', seats(1e5, 4e3, 1000), 900, 120, { weekly: weekly(shape(8, 0.8), shape(8, 0.8), 1.1), calendar: cal([['golden_week', 1.3]]) }),
    b2b('marketing', 'small', seats(4e4, 1.5e3, 300), 600, 450, { batch: { deadline_hours: 24, ...A }, weekly: weekly(office, office, 0.1) }),
    b2b('industry', 'big', seats(8e3, 300, 500), 12000, 600, { batch: { deadline_hours: 24, ...A }, weekly: weekly(office, office, 0.1), calendar: cal([['quarter_end', 1.5]]) }),
    b2b('support-eu', 'small', seats(5e4, 2e3, 200), 700, 150, { weekly: weekly(shape(10, 0.8), shape(10, 0.5), 0.6), calendar: cal([['christmas', 0.3], ['thanksgiving', 0.7]]) }),
  ];
  return { ...base, scenario: scenarioSchema.parse({ ...s, classes }) };
}

export default async function run() {
  const input = hourlyInput();
  const old = benchInput();
  const base = await baseline();
  const model = compile(input);
  const det = await measure('hourly timeline: compile + 60 mo, 200 clusters, 10 cl.', () => timeline(compile(input)), { iterations: 20, warmup: 3 });
  det.target_ms = 50;
  const detOld = await measure('issue-4 timeline (peak hour only), same fleet', () => timeline(compile(old)), { iterations: 20, warmup: 3 });
  const one = await measure('hourly Monte Carlo 10,000 × 60 months, 1 thread', () => monteCarlo(model, 10_000, 1), { iterations: 3, warmup: 1 });
  one.target_ms = 1000;
  const two = await measure('hourly Monte Carlo 10,000 × 60 months, 2 workers', () => runMonteCarloInWorkers(input, 10_000, 1, {}, 2), { iterations: 3, warmup: 1 });
  two.target_ms = 1000;
  table('demand classes (issue 19)', base, [det, detOld, one, two]);
  const r = timeline(model);
  const mc = monteCarlo(model, 10_000, 1);
  const m = r.months[24];
  console.log(`day types per month ${model.dayTypes.map((d) => d.length).join(',')}`);
  console.log(`deterministic crash ${r.crash_month}; Monte Carlo crash P10/P50/P90 ${JSON.stringify(mc.crash_month)}; month ${m.month}: diversity ${m.diversity_factor.toFixed(3)}, batch ${JSON.stringify(m.batch)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
