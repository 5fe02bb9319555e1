// Pins the Scenarios page's structural edits: every edit yields a document the schema accepts,
// ids stay unique, removals never leave a dangling reference, and a users-model switch keeps the
// users at the start month and the growth the timeline computes.
import { describe, it, expect } from 'vitest';
import { scenarioSchema, type Scenario } from '../../src-main/engine/demand/scenario';
import {
  addClass, removeClass, addEvent, removeEvent, setEventShift, addPool, removePool, setPoolCluster,
  switchUsersKind, addUsersPoint, removeUsersPoint, normaliseProfile, shiftProfile, uniqueId, newScenario, type Edit,
} from '../../src-main/engine/demand/scenario-edit';
import { buildLayout, usersAt } from '../../src-main/engine/demand/index';
import { chatgptScenario, ernieGrowthScenario } from '../../src-main/app/scenarios-demo';
import { baseScenario } from './helpers';

function ok<T>(e: Edit<T>): T {
  if (!e.ok) throw new Error(`refused: ${e.reason}`);
  return e.scenario;
}
const valid = (s: Scenario) => scenarioSchema.parse(s);
const users = (s: Scenario, m: number) => { const L = buildLayout(s); return usersAt(s.users.kind, L.base, L.usersTable, m); };

describe('ids', () => {
  it('takes the base, then numbered, and cleans what an id may not hold', () => {
    expect(uniqueId('chat', [])).toBe('chat');
    expect(uniqueId('chat', ['chat', 'chat-2'])).toBe('chat-3');
    expect(uniqueId('Llama 3 70B', [])).toBe('llama-3-70b');
    expect(uniqueId('--', [])).toBe('item');
  });
});

describe('classes', () => {
  it.each(['chat', 'voice', 'image', 'api'] as const)('adds a %s class the schema accepts, every figure marked assumed', (kind) => {
    const s = valid(ok(addClass(baseScenario(), kind)));
    const c = s.classes.at(-1)!;
    expect(c.kind).toBe(kind);
    expect(c.pool).toBe('main');
    expect(c.ttft_ms.assumed).toMatch(/replace/);
  });
  it('gives a second class of the same kind its own id', () => {
    const s = ok(addClass(ok(addClass(baseScenario(), 'chat')), 'chat'));
    expect(s.classes.map((c) => c.id)).toEqual(['chat', 'chat-2', 'chat-3']);
    valid(s);
  });
  it('removing a class drops the events aimed at it or shifting through it, and nothing else', () => {
    const s = valid(chatgptScenario(1) as never) as Scenario;
    const voice = s.classes.find((c) => c.kind === 'voice')!.id;
    const r = ok(removeClass(s, voice));
    valid(r);
    expect(r.classes.some((c) => c.id === voice)).toBe(false);
    for (const e of r.events) expect([e.class, e.shift?.from, e.shift?.to]).not.toContain(voice);
    expect(r.events.length + r.dropped_events.length).toBe(s.events.length);
    expect(r.dropped_events.length).toBeGreaterThan(0);
  });
  it('refuses to remove the last class or one that does not exist', () => {
    expect(removeClass(baseScenario(), 'chat')).toMatchObject({ ok: false, reason: expect.stringMatching(/at least one/) });
    expect(removeClass(baseScenario(), 'nope').ok).toBe(false);
  });
});

describe('events', () => {
  it('adds an event on the start day, removes it, and toggles a class-mix shift', () => {
    const withVoice = ok(addClass(baseScenario(), 'voice'));
    const s = valid(ok(addEvent(withVoice)));
    expect(s.events[0]).toMatchObject({ start_date: '2024-01-01', days: 1, class: null, multiplier: { value: 2 } });
    const shifted = valid(ok(setEventShift(s, s.events[0].id, true)));
    expect(shifted.events[0].shift).toMatchObject({ from: 'chat', to: 'voice' });
    const off = valid(ok(setEventShift(shifted, s.events[0].id, false)));
    expect(off.events[0].shift).toBeUndefined();
    expect(ok(removeEvent(off, s.events[0].id)).events).toEqual([]);
  });
  it('a shift needs two classes', () => {
    const s = ok(addEvent(baseScenario()));
    expect(setEventShift(s, s.events[0].id, true).ok).toBe(false);
  });
});

describe('pools', () => {
  it('adds a pool, assigns and unassigns clusters by share, and removes it when unused', () => {
    let s = valid(ok(addPool(baseScenario(), 'qwen2.5-72b', [3])));
    const id = s.pools[1].id;
    s = valid(ok(setPoolCluster(s, id, 7, 0.5)));
    expect(s.pools[1].clusters).toEqual([{ cluster_id: 3, share: 1 }, { cluster_id: 7, share: 0.5 }]);
    s = valid(ok(setPoolCluster(s, id, 3, 0)));
    expect(s.pools[1].clusters).toEqual([{ cluster_id: 7, share: 0.5 }]);
    expect(setPoolCluster(s, id, 7, 1.5).ok).toBe(false);
    expect(ok(removePool(s, id)).pools.map((p) => p.id)).toEqual(['main']);
  });
  it('refuses to remove a pool a class still uses, naming the class', () => {
    expect(removePool(baseScenario(), 'main')).toEqual({ ok: false, reason: expect.stringContaining('chat') });
  });
  it('a new class lands on a pool that has a model, not on a media-only pool', () => {
    const m = ok(addPool(baseScenario(), null));
    expect(m.pools[1]).toMatchObject({ id: 'media', model_id: null });
    const mediaFirst = { ...m, pools: [m.pools[1], m.pools[0]] };
    expect(valid(ok(addClass(mediaFirst, 'chat'))).classes.at(-1)!.pool).toBe('main');
  });
});

describe('users model switch', () => {
  it('compound → table → compound keeps the start users and the growth', () => {
    const s = baseScenario();
    const t = valid(ok(switchUsersKind(s, 'table')));
    expect(t.users.kind).toBe('table');
    for (const m of [0, 5, 23]) expect(users(t, m)).toBeCloseTo(users(s, m), -1);
    const back = valid(ok(switchUsersKind(t, 'compound')));
    if (back.users.kind !== 'compound') throw new Error('kind');
    expect(back.users.start.value).toBe(1_000_000);
    expect(back.users.monthly_growth.value).toBeCloseTo(0.1, 3);
    expect(back.users.start.assumed).toMatch(/converted from the table/);
  });
  it('to logistic sets a ceiling above the start; the demo table converts too', () => {
    const l = valid(ok(switchUsersKind(baseScenario(), 'logistic')));
    if (l.users.kind !== 'logistic') throw new Error('kind');
    expect(l.users.ceiling.value).toBe(10_000_000);
    const demo = scenarioSchema.parse(ernieGrowthScenario({ a800: 1, h20: 2, ascend: 3, l20: 4 }));
    for (const k of ['compound', 'logistic', 'table'] as const) valid(ok(switchUsersKind(demo, k)));
  });
  it('table points: add the next month, remove any but the last one left', () => {
    const t = ok(switchUsersKind(baseScenario({ horizon_months: 2 }), 'table'));
    const more = valid(ok(addUsersPoint(t)));
    if (more.users.kind !== 'table') throw new Error('kind');
    expect(more.users.points.map((p) => p.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    let one = more;
    one = ok(removeUsersPoint(one, 0)); one = ok(removeUsersPoint(one, 0));
    expect(removeUsersPoint(one, 0).ok).toBe(false);
    expect(addUsersPoint(baseScenario()).ok).toBe(false);
  });
});

describe('diurnal profile', () => {
  it('normalises any 24 non-negative numbers to shares summing to 1 within the schema tolerance', () => {
    for (const p of [Array(24).fill(0), Array.from({ length: 24 }, (_, h) => h), Array.from({ length: 24 }, (_, h) => (h * 7919) % 13 / 3), [5, ...Array(23).fill(NaN)]]) {
      const n = normaliseProfile(p);
      expect(n).toHaveLength(24);
      expect(Math.abs(n.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-6);
      expect(n.every((x) => x >= 0)).toBe(true);
    }
    expect(normaliseProfile(Array(24).fill(0))[0]).toBeCloseTo(1 / 24, 6);
    expect(() => normaliseProfile([1, 2])).toThrow(/24/);
  });
  it('shifts a peak by whole hours either way', () => {
    const p = Array.from({ length: 24 }, (_, h) => (h === 20 ? 1 : 0));
    expect(shiftProfile(p, -8).indexOf(1)).toBe(12);
    expect(shiftProfile(p, 8).indexOf(1)).toBe(4);
    expect(shiftProfile(p, 24)).toEqual(p);
  });
});

describe('new scenario', () => {
  it('is valid, all assumed, peaks in the local evening, and runs through every edit', () => {
    const s = valid(newScenario({ name: 'mine', start_month: '2027-01', model_id: 'llama-3.1-70b', cluster_ids: [1, 2], utc_offset_hours: 8 }));
    expect(s.pools[0].clusters).toEqual([{ cluster_id: 1, share: 1 }, { cluster_id: 2, share: 1 }]);
    expect(s.diurnal.profile.indexOf(Math.max(...s.diurnal.profile))).toBe(13); // 21:00 Beijing = 13:00 UTC
    expect(s.classes[0].requests_per_dau!.assumed).toMatch(/replace/);
    let t = s;
    for (const k of ['voice', 'image', 'api'] as const) t = ok(addClass(t, k));
    t = ok(addEvent(t));
    t = ok(setEventShift(t, t.events[0].id, true));
    for (const k of ['table', 'logistic', 'compound'] as const) t = ok(switchUsersKind(t, k));
    valid(t);
  });
});
