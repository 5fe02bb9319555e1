// Small scenarios and capacity rows for the timeline tests (no database, no capacity engine).
import { scenarioSchema, type Scenario, type ScenarioInput } from '../../src-main/engine/demand/scenario.js';
import type { FleetEntry, PoolCapacity, TimelineInput } from '../../src-main/engine/timeline/index.js';

const a = (reason = 'test fixture') => ({ assumed: reason });

export function baseScenario(over: Partial<ScenarioInput> = {}): Scenario {
  const input: ScenarioInput = {
    name: 'test', title: 'Test', start_month: '2024-01', horizon_months: 24, currency: 'USD',
    users: { kind: 'compound', start: { value: 1_000_000, ...a() }, monthly_growth: { value: 0.1, p10: 0.05, p90: 0.15, ...a() } },
    dau_share: { value: 0.5, p10: 0.4, p90: 0.6, ...a() },
    classes: [
      { id: 'chat', label: 'Chat', kind: 'chat', pool: 'main', requests_per_dau: { value: 5, p10: 4, p90: 6, ...a() },
        input_tokens: { value: 500, ...a() }, output_tokens: { value: 300, p10: 250, p90: 400, ...a() },
        ttft_ms: { value: 2000, ...a() }, tpot_ms: { value: 50, ...a() } },
    ],
    diurnal: { profile: Array(24).fill(1 / 24).map((x, h) => x * (1 + 0.5 * Math.sin((h / 24) * 2 * Math.PI))), burst_factor: { value: 1.2, ...a() }, ...a() },
    events: [],
    pools: [{ id: 'main', label: 'Main', model_id: 'llama-2-70b', precision: 'bf16', tp: 8, clusters: [{ cluster_id: 1, share: 1 }],
      availability: { value: 0.95, p10: 0.9, p90: 0.98, ...a() }, ttft_tail: { value: 0.05, ...a() } }],
    ...over,
  };
  // normalise the profile so it sums to 1 exactly
  const prof = input.diurnal.profile;
  const sum = prof.reduce((x, y) => x + y, 0);
  input.diurnal.profile = prof.map((x) => x / sum);
  return scenarioSchema.parse(input);
}

export const CAP = { output_tokens_per_s_per_gpu: 400, requests_per_s_per_gpu: 400 / 300, slots_per_replica: 64, gpus_per_replica: 8, ttft_ms: 300, feasible: true };

export function capacity(s: Scenario, cap = CAP, gpu = 'a100-sxm-80gb'): PoolCapacity[] {
  return s.pools.map((p) => ({ pool_id: p.id, by_gpu: { [gpu]: { ...cap } } }));
}

export function fleet(s: Scenario, gpus: number, gpu = 'a100-sxm-80gb', from: string | null = null, to: string | null = null): FleetEntry[] {
  return s.pools.map((p) => ({ pool_id: p.id, gpu_id: gpu, gpus, from, to }));
}

export function input(s: Scenario, gpus = 512): TimelineInput {
  return { scenario: s, capacity: capacity(s), fleet: fleet(s, gpus) };
}
