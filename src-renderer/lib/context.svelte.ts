// One planning context shared by every page (and every export opened from a page): the
// scenario, currency, horizon, cost view and service level, plus the Plan page's what-ifs,
// its last plan and the A side of an A/B comparison. Pages read and write `ctx` instead of
// keeping their own copies, so Burn, Timeline and Plan show the same scenario, and leaving
// a page loses nothing. The choices (not the plans) persist across restarts in localStorage;
// currency is its own choice and never follows the UI language.
import type { ApiInput } from '../../src-main/api/handlers';

export type CostView = 'accrual' | 'cash';
/** The what-ifs a plan ran with, as export.run takes them. */
export type WhatIfs = { scenario: string; overrides: NonNullable<ApiInput<'export.run'>['overrides']>; label: string; runs?: number; seed?: number };

interface Saved {
  scenario?: string;
  currency?: string;
  months?: number | null;
  start?: string;
  view?: CostView;
  service_level?: number | null;
  whole_fleet?: boolean;
}

const KEY = 'headroom_context';

function load(): Saved {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
    const v = raw ? (JSON.parse(raw) as Saved) : {};
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

class PlanningContext {
  #saved = load();
  /** The scenario every page shows ('' until the list is loaded; Burn may show the whole fleet). */
  scenario = $state<string>(typeof this.#saved.scenario === 'string' ? this.#saved.scenario : '');
  /** Burn only: the whole fleet instead of `scenario` (the default until a scenario is chosen). */
  wholeFleet = $state<boolean>(typeof this.#saved.whole_fleet === 'boolean' ? this.#saved.whole_fleet : !this.#saved.scenario);
  currency = $state<string>(/^[A-Z]{3}$/.test(this.#saved.currency ?? '') ? this.#saved.currency! : 'USD');
  /** Horizon override in months (null: the scenario's own). */
  months = $state<number | null>(typeof this.#saved.months === 'number' ? this.#saved.months : null);
  start = $state<string>(/^\d{4}-\d{2}$/.test(this.#saved.start ?? '') ? this.#saved.start! : '2025-01');
  view = $state<CostView>(this.#saved.view === 'cash' ? 'cash' : 'accrual');
  serviceLevel = $state<number | null>(typeof this.#saved.service_level === 'number' ? this.#saved.service_level : null);
  /** Plan page: the what-ifs the last plan ran with (procure overrides, in words, and its Monte Carlo
   *  runs/seed): every export opened from the Plan page plans with them. */
  whatIfs = $state.raw<WhatIfs | null>(null);
  lastPlan = $state.raw<{ scenario: string; label: string; plan: unknown } | null>(null);
  compareA = $state.raw<{ scenario: string; label: string; plan: unknown } | null>(null);

  /** A scenario the user chose on any page: every page (Burn included) follows it. */
  choose(name: string): void {
    this.scenario = name;
    this.wholeFleet = false;
  }

  /** Picks a scenario from a loaded list: keeps the current one when it still exists. */
  adopt(names: readonly string[], preferred?: string): string {
    if (!names.includes(this.scenario)) this.scenario = (preferred && names.includes(preferred) ? preferred : names[0]) ?? '';
    return this.scenario;
  }

  save(): void {
    const v: Saved = { scenario: this.scenario, currency: this.currency, months: this.months, start: this.start, view: this.view, service_level: this.serviceLevel, whole_fleet: this.wholeFleet };
    try { localStorage.setItem(KEY, JSON.stringify(v)); } catch { /* private mode: session only */ }
  }
}

export const ctx = new PlanningContext();

if (typeof window !== 'undefined') {
  $effect.root(() => {
    $effect(() => {
      void [ctx.scenario, ctx.currency, ctx.months, ctx.start, ctx.view, ctx.serviceLevel, ctx.wholeFleet];
      ctx.save();
    });
  });
}
