// The three demo scenarios, built only from figures in db/seed/seed_story.md and the other
// db/seed files. Every figure those files do not give is marked "assumed" with its reason.
// Inputs were set from the sources and stated rules BEFORE running the model; they are not
// tuned to reproduce the Nov 2023 outages (see docs or the plan output for what the model says).
import type { WritableDB } from '../store/handles.js';
import { insertCluster, insertSite, getSiteByName, clusterAt } from '../store/inventory.js';
import { saveScenario } from '../store/scenarios.js';
import { scenarioSchema, type Scenario, type ScenarioInput } from '../engine/demand/scenario.js';

const STORY = 'db/seed/seed_story.md';
const src = (where: string) => ({ source: `${STORY} ${where}` });
const assumed = (reason: string) => ({ assumed: reason });

/**
 * Diurnal profile (no source gives one): a smooth daily cycle with the busiest UTC hour
 * `peakHourUtc` and peak/mean ratio `peakToMean`. Returned as 24 shares summing to 1.
 */
export function cosineProfile(peakHourUtc: number, peakToMean: number): number[] {
  const amp = peakToMean - 1;
  const raw = Array.from({ length: 24 }, (_, h) => 1 + amp * Math.cos((2 * Math.PI * (h - peakHourUtc)) / 24));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

const AVAILABILITY = {
  value: 0.95, p10: 0.9, p90: 0.98,
  ...assumed('No public failure/maintenance figure for these fleets; 5% of GPUs down (P10 10%, P90 2%) is a planning assumption.'),
};
const TTFT_TAIL = { value: 0.05, ...assumed('SLO read as "95% of requests start within the TTFT target" (p95); no operator publishes its target.') };
const CHAT_TTFT = { value: 2000, ...assumed('No published TTFT target; 2 s for a chat reply to start is a planning assumption.') };
const CHAT_TPOT = { value: 50, ...assumed('No published TPOT target; 50 ms/token (20 tokens/s, faster than reading) is a planning assumption.') };
const OUTPUT_TOKENS = {
  value: 269, p10: 200, p90: 500,
  ...src('§5: Chatbot Arena average response 269 tokens (Chiang et al., cited by Epoch AI); P90 500 = Epoch AI baseline query; P10 200 assumed.'),
};
const INPUT_TOKENS = {
  value: 1000,
  ...assumed('§5 gives ~23 words (~30 tokens) per new prompt (weak source); the model also reads the conversation so far and a system prompt, which no source sizes: 1,000 tokens assumed.'),
};

/** ChatGPT around OpenAI DevDay, Nov 2023, on the SemiAnalysis A100 fleet estimate. */
export function chatgptScenario(clusterId: number): ScenarioInput {
  const peak = cosineProfile(15, 1.4);
  return {
    name: 'chatgpt-2023-11',
    title: 'ChatGPT, Nov 2023 (DevDay, voice made free)',
    description: 'ChatGPT at ~100M weekly users on the SemiAnalysis estimate of 28,936 A100 GPUs, with the DevDay surge (6-14 Nov) and voice opened to free users (21-22 Nov). Users then follow the published weekly-user milestones with no new GPUs (plan --no-procure).',
    start_month: '2023-11',
    horizon_months: 24,
    currency: 'USD',
    users: {
      kind: 'table',
      points: [
        { month: '2023-11', users: 100e6, ...src('§1: ~100M weekly active users, OpenAI at DevDay 6 Nov 2023') },
        { month: '2024-08', users: 200e6, ...src('§8: 200M WAU Aug 2024 (Axios)') },
        { month: '2024-12', users: 300e6, ...src('§8: 300M WAU Dec 2024 (Altman via TheWrap)') },
        { month: '2025-03', users: 500e6, ...src('§2/§8: 500M WAU Mar 2025 (Altman)') },
        { month: '2025-08', users: 700e6, ...src('§8: 700M WAU ~Aug 2025') },
        { month: '2025-10', users: 800e6, ...src('§8: 800M WAU at DevDay 6 Oct 2025') },
      ],
      scale: { value: 1, p10: 0.9, p90: 1.1, ...assumed('Published user counts are rounded ("about", "over"); ±10% at P10/P90 assumed.') },
    },
    dau_share: {
      value: 0.55, p10: 0.48, p90: 0.65,
      ...src('§1: derived 1.7B visits in Oct 2023 (Similarweb) / 31 days / 100M weekly users = 0.55 daily visitors per weekly user, assuming one visit per daily user per day (assumed); P10 0.48 from the 1.5B/month Writerbuddy average; P90 0.65 assumed.'),
    },
    classes: [
      {
        id: 'chat', label: 'Chat (text)', kind: 'chat', pool: 'gpt',
        requests_per_dau: {
          value: 6.0, p10: 4.5, p90: 7.5,
          ...src('§5: derived ~3.3 prompts per weekly user per day (Dec 2024: 1B prompts / 300M WAU) / 0.55 DAU share = 6.0 per daily user; assumed to hold in Nov 2023; P10/P90 ±25% assumed.'),
        },
        input_tokens: INPUT_TOKENS, output_tokens: OUTPUT_TOKENS, ttft_ms: CHAT_TTFT, tpot_ms: CHAT_TPOT,
      },
      {
        id: 'voice', label: 'Voice (speech in, speech out)', kind: 'voice', pool: 'gpt',
        requests_per_dau: {
          value: 0.05, p10: 0.02, p90: 0.1,
          ...assumed('§2: voice was Plus-only on mobile until 21 Nov; no usage figure is published. 0.05 turns per daily user assumed.'),
        },
        input_tokens: INPUT_TOKENS, output_tokens: OUTPUT_TOKENS,
        stt_gpu_s: { value: 0.5, p10: 0.2, p90: 1.5, ...assumed('§7 gap: no public GPU-seconds for Whisper at OpenAI scale; 0.5 GPU-s to transcribe one spoken turn assumed.') },
        tts_gpu_s: { value: 1.0, p10: 0.4, p90: 3.0, ...assumed('§7 gap: no public GPU-seconds for TTS; 1 GPU-s to synthesise a ~1 minute answer (~750-960 characters, §7) assumed.') },
        ttft_ms: { value: 2800, ...src('§7: average voice latency 2.8 s with GPT-3.5 (OpenAI Help Center), used as the time-to-first-audio target') },
        tpot_ms: CHAT_TPOT,
      },
    ],
    diurnal: {
      profile: peak,
      burst_factor: { value: 1.2, p10: 1.1, p90: 1.5, ...assumed('No source gives in-hour burstiness; the peak minute runs 20% above the hour mean (P10 10%, P90 50%).') },
      ...assumed('No source gives ChatGPT\'s hourly traffic; a smooth global cycle peaking 15:00 UTC (US morning, EU afternoon) at 1.4x the daily mean is assumed.'),
    },
    events: [
      {
        id: 'devday', label: 'DevDay surge (6-14 Nov)', start_date: '2023-11-06', days: 9, class: 'chat',
        multiplier: { value: 1.5, p10: 1.2, p90: 2.0, ...assumed('§2: Altman, 14 Nov: "The surge in usage post devday has exceeded our capacity"; no source sizes the surge. 1.5x chat demand assumed (P10 1.2, P90 2.0).') },
        ...src('§2: DevDay 6 Nov; six days of interruptions 6-14 Nov (g7.news); Plus sign-ups paused 14 Nov (PYMNTS)'),
      },
      {
        id: 'voice-free', label: 'Voice made free (21-22 Nov)', start_date: '2023-11-21', days: 2, class: 'voice',
        multiplier: { value: 1, ...assumed('Requests move from chat to voice (the shift below); no extra requests assumed.') },
        shift: { from: 'chat', to: 'voice', share: { value: 0.1, p10: 0.03, p90: 0.25, ...assumed('§2: "ChatGPT Voice rolled out for all free users" 21 Nov (Neowin); no uptake figure; 10% of chat turns spoken assumed.') } },
        ...src('§2: voice opened to free users 21 Nov 2023 (Neowin); outage evening of 21 Nov (Daily Dot)'),
      },
    ],
    pools: [
      {
        id: 'gpt', label: 'ChatGPT serving (A100)',
        // Assumed stand-in: GPT-3.5/GPT-4 architectures are not public. SemiAnalysis (§3) assumed a
        // GPT-3-class DENSE model served on HGX A100 servers; A100 has no FP8, so 16-bit. The rule:
        // the largest dense model in models.csv that fits one 8-GPU server at 16-bit = Llama 2 70B
        // (Llama 3.1 405B needs 810 GB at 16-bit > 640 GB). Capacity is optimistic vs a 175B model.
        model_id: 'llama-2-70b',
        precision: 'bf16',
        tp: 8,
        clusters: [{ cluster_id: clusterId, share: 1 }],
        availability: AVAILABILITY,
        ttft_tail: TTFT_TAIL,
        // The stand-in as an assumption with a range (issue 15): capacity per GPU scales as 1/x.
        model_size_factor: {
          value: 1, p10: 0.5, p90: 2.5,
          ...assumed('Stand-in: Llama 2 70B for an unpublished model (GPT-3.5/GPT-4 sizes are not public). P90 2.5 = the GPT-3-class dense 175B model SemiAnalysis assumed (§3) over 70B; P10 0.5 (a ~35B-active model) assumed. Capacity per GPU scales as 1/x.'),
        },
        fleet_factor: {
          value: 1, p10: 0.75, p90: 1.3,
          ...assumed('The 28,936 A100s are SemiAnalysis\'s Feb 2023 estimate (§3), not a published count; Azure built "tens of thousands" of A100s (§1). ±25-30% at P10/P90 assumed.'),
        },
      },
    ],
    // What happened (§2), for `plan --condition`. Each event day of one kind is the same day to the
    // model, so one observation per kind of day is given; the outages whose cause was disputed say so.
    observations: [
      { date: '2023-11-03', status: 'held', source: `${STORY} §2: OpenAI's status page showed no downtime in the weeks before DevDay (g7.news, 15 Nov 2023)` },
      { date: '2023-11-08', status: 'overloaded', source: `${STORY} §2: major outage ~90 min (The Batch); status: "periodic outages due to an abnormal traffic pattern reflective of a DDoS attack"; Altman first attributed the load to interest in the new features`, note: 'Cause disputed (DDoS claimed); counted as overload.' },
      { date: '2023-11-14', status: 'overloaded', source: `${STORY} §2: Altman: "pausing new ChatGPT Plus sign-ups ... The surge in usage post devday has exceeded our capacity" (PYMNTS)` },
      { date: '2023-11-21', status: 'overloaded', source: `${STORY} §2: ChatGPT down worldwide the evening voice went free (Daily Dot copy, 22 Nov 2023)`, note: 'Status cited an issue with database replicas; capacity not confirmed as the cause.' },
    ],
  };
}

const ERNIE_REQUESTS = {
  value: 0.5, p10: 0.4, p90: 1.0,
  ...src('§5: derived >50M queries/day / ~100M users (Dec 2023) = 0.5 per user per day; P90 1.0 = the Apr 2024 ratio (200M API calls/day / 200M users); P10 0.4 assumed.'),
};
const ERNIE_DAU = {
  value: 1,
  ...assumed('Baidu publishes users and queries per day, not daily actives; the daily-active share is folded into requests per user (1 = per registered user).'),
};

/** ERNIE Bot, Nov 2023: 70M users, used less per user. */
export function ernieScenario(clusterId: number): ScenarioInput {
  return {
    name: 'ernie-2023-11',
    title: 'ERNIE Bot, Nov 2023 (70M users)',
    description: 'ERNIE Bot three months after public release, 70M users growing to 200M by Apr 2024, on an assumed A800 fleet (Baidu publishes no GPU count) with no new GPUs.',
    start_month: '2023-11',
    horizon_months: 12,
    currency: 'CNY',
    users: {
      kind: 'table',
      points: [
        { month: '2023-11', users: 70e6, ...src('§6: 70M users at Q3 2023 results (~21 Nov, The Decoder)') },
        { month: '2023-12', users: 100e6, ...src('§6: >100M users 28 Dec 2023 (Asia Financial)') },
        { month: '2024-04', users: 200e6, ...src('§6: >200M users 16 Apr 2024 (Tech Times)') },
      ],
      scale: { value: 1, p10: 0.9, p90: 1.1, ...assumed('Published user counts are rounded; ±10% assumed.') },
    },
    dau_share: ERNIE_DAU,
    classes: [
      {
        id: 'chat', label: 'Chat (text)', kind: 'chat', pool: 'ernie',
        requests_per_dau: ERNIE_REQUESTS,
        input_tokens: INPUT_TOKENS,
        output_tokens: { ...OUTPUT_TOKENS, source: undefined, ...assumed('No ERNIE response-length figure; the Chatbot Arena average (269 tokens, §5) is used for every chatbot (P10 200, P90 500).') },
        ttft_ms: CHAT_TTFT, tpot_ms: CHAT_TPOT,
      },
    ],
    diurnal: {
      profile: cosineProfile(13, 1.6),
      burst_factor: { value: 1.2, p10: 1.1, p90: 1.5, ...assumed('No source gives in-hour burstiness; 20% over the hour mean (P10 10%, P90 50%).') },
      ...assumed('No source gives ERNIE\'s hourly traffic; a single-time-zone (China) cycle peaking 21:00 Beijing (13:00 UTC) at 1.6x the daily mean is assumed - peakier than a global service.'),
    },
    events: [],
    pools: [
      {
        id: 'ernie', label: 'ERNIE serving (A800)', model_id: 'ernie-4.5-300b-a47b', precision: 'int8', tp: 8,
        clusters: [{ cluster_id: clusterId, share: 1 }], availability: AVAILABILITY, ttft_tail: TTFT_TAIL,
      },
    ],
    observations: [
      { month: '2023-11', status: 'held', source: `${STORY} §6: 70 million users at Baidu's Q3 2023 results (~21 Nov, The Decoder); no ERNIE Bot outage was found in the sources read` },
    ],
  };
}

/** Shares per UTC hour from weights per Beijing hour (UTC+8), normalised to 1. */
export function beijingProfile(weightByBeijingHour: (h: number) => number): number[] {
  const raw = Array.from({ length: 24 }, (_, utc) => weightByBeijingHour((utc + 8) % 24));
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}
/** Office hours 09:00-18:00 Beijing at full weight, `rest` of it otherwise (lunch 12:00 at 0.7). */
const officeHours = (rest: number) => beijingProfile((h) => (h >= 9 && h < 18 ? (h === 12 ? 0.7 : 1) : rest));
/** Service hours 08:00-23:00 Beijing, busiest 10:00-11:00 and 19:00-22:00. */
const serviceHours = beijingProfile((h) => (h < 8 ? 0.15 : h === 10 || h === 11 || (h >= 19 && h < 22) ? 1.3 : h === 23 ? 0.5 : 1));

const ENTERPRISE = 'db/seed/seed_story.md §6: 26,000 enterprise clients (Dec 2023) → 85,000 (16 Apr 2024) = ~14,750 clients onboarded per month (derived); the same pace for 21 more months gives ~395,000 clients in Jan 2026 (derived, assumed to have held).';
const ONBOARDING_NOTE = 'Clients onboarded per month held at the Dec 2023-Apr 2024 pace (~14,750/month, §6, derived)';
/** A B2B use case: `share` of enterprise clients adopt it, with `per` seats/systems each. */
function b2bUse(unit: 'seat' | 'system', share: number, per: number, requests: number, reqWhy: string) {
  const clients = 395_000, onboard = 14_750;
  return {
    unit,
    units: { value: Math.round(clients * share * per), p10: Math.round(250_000 * share * per), p90: Math.round(500_000 * share * per), assumed: `${ENTERPRISE} ${Math.round(share * 100)}% of clients use this (assumed) × ${per} ${unit}s each (assumed); P10/P90 = 250k/500k clients.` },
    onboarded_per_month: { value: Math.round(onboard * share * per), p10: Math.round(onboard * 0.5 * share * per), p90: Math.round(onboard * 2 * share * per), assumed: `${ONBOARDING_NOTE} × ${Math.round(share * 100)}% × ${per}; P10 half, P90 double that pace (assumed).` },
    requests_per_unit_per_day: { value: requests, p10: requests * 0.5, p90: requests * 2, assumed: `${reqWhy} (assumed; P10 half, P90 double).` },
  };
}
const NO_SOURCE_HOURS = 'No source gives hourly traffic per business use case; office-hour shapes in Beijing time are assumed.';

/** ERNIE at several hundred million users plus B2B use cases (BI, CRM, customer service, marketing, an industry model), CN-region fleet. */
export function ernieGrowthScenario(clusters: { a800: number; h20: number | null; ascend: number | null; l20: number | null }): ScenarioInput {
  const cn = (id: number | null, share = 1) => (id === null ? [] : [{ cluster_id: id, share }]);
  const consumerWeekday = cosineProfile(13, 1.6);
  const consumerWeekend = cosineProfile(12, 1.4);
  const weekendDip = (level: number, why: string) => ({ value: level, p10: level * 0.5, p90: Math.min(1, level * 2), assumed: why });
  return {
    name: 'ernie-growth-2026',
    title: 'ERNIE growth 2026-2028 (users + B2B use cases, CN fleet)',
    description: 'ERNIE from 2026: consumer chat, voice and image with users growing toward a ceiling, plus business demand split by use case - BI / analytics Q&A, CRM summaries (batch, 12 h deadline), customer service, marketing copy (batch, 24 h) and an industry document model (finance / medical records, batch, 24 h) - each with its own token shape, seats or systems onboarded per month, weekday/weekend profile in Beijing office hours and calendar effects (month-/quarter-end, Spring Festival, Golden Week); generic API traffic keeps its own growth. On a CN-region fleet where only export-allowed or domestic accelerators can be added (A800 + H20 + Ascend 910B + L20). --no-procure shows when the fleet as it is falls over. Sources: db/seed/seed_story.md §5-§8 for users, requests per user, tokens and enterprise clients; every other figure is marked assumed with its reason.',
    start_month: '2026-01',
    horizon_months: 36,
    currency: 'CNY',
    users: {
      kind: 'logistic',
      start: { value: 200e6, p10: 150e6, p90: 400e6, ...src('§6: >200M users 16 Apr 2024, the last confirmed figure ("300M" unconfirmed, §6 gaps); P10 150M and P90 400M assumed for Jan 2026.') },
      ceiling: { value: 800e6, p10: 500e6, p90: 1000e6, ...assumed('Ceiling: 800M = ChatGPT weekly users at DevDay 6 Oct 2025 (§8), taken as what one chatbot can reach; P10/P90 assumed.') },
      monthly_growth: { value: 0.03, p10: 0.01, p90: 0.06, ...assumed('70M (Nov 2023) to 200M (Apr 2024) is 23%/month (derived, §6) but launch growth does not last; 3%/month assumed (P10 1%, P90 6%).') },
    },
    dau_share: ERNIE_DAU,
    classes: [
      {
        id: 'chat', label: 'Consumer chat (text)', kind: 'chat', pool: 'chat',
        requests_per_dau: ERNIE_REQUESTS,
        input_tokens: INPUT_TOKENS,
        output_tokens: { ...OUTPUT_TOKENS, source: undefined, ...assumed('No ERNIE response-length figure; Chatbot Arena average 269 tokens (§5) used (P10 200, P90 500).') },
        ttft_ms: CHAT_TTFT, tpot_ms: CHAT_TPOT,
        weekly: {
          weekday: consumerWeekday, weekend: consumerWeekend,
          weekend_level: { value: 1.1, p10: 1.0, p90: 1.25, ...assumed('No source gives ERNIE\'s weekly pattern; consumer apps are used a little more at weekends: +10% assumed (P10 0, P90 +25%).') },
          ...assumed('No source gives ERNIE\'s hourly traffic; weekdays peak 21:00 Beijing (13:00 UTC) at 1.6x the daily mean, weekends 20:00 at 1.4x (flatter daytime use) - assumed.'),
        },
        calendar: [{ effect: 'spring_festival', multiplier: { value: 1.2, p10: 1.0, p90: 1.5, ...assumed('Holiday leisure use (greetings, travel questions) during Spring Festival: +20% assumed; no source.') } }],
      },
      {
        id: 'api', label: 'Other API integrations (developers)', kind: 'api', pool: 'api',
        tokens_per_day: {
          value: 5e10, p10: 2.5e10, p90: 1e11,
          ...src('§6: API used 200M times/day (Apr 2024); the integrations not split out below as use cases are assumed to be a quarter of the business calls (25M/day) x 2,000 tokens per call (assumed) = 5e10 tokens/day; P10/P90 x0.5/x2 assumed.'),
        },
        api_monthly_growth: {
          value: 0.08, p10: 0.04, p90: 0.12,
          ...src('§6: enterprise clients 26,000 (Dec 2023) to 85,000 (Apr 2024) is ~34%/month (derived); assumed to slow to 8%/month (P10 4%, P90 12%).'),
        },
        input_tokens: { value: 1500, p10: 800, p90: 3000, ...assumed('Integrations send retrieved context (documents, records): 1,500 input tokens per call assumed.') },
        output_tokens: { value: 300, p10: 150, p90: 600, ...assumed('Structured answers/summaries: 300 output tokens per call assumed.') },
        ttft_ms: { value: 3000, ...assumed('Back-office integrations tolerate more latency: 3 s TTFT target assumed.') },
        tpot_ms: CHAT_TPOT,
      },
      {
        id: 'voice', label: 'Consumer voice (speech in, speech out)', kind: 'voice', pool: 'chat',
        requests_per_dau: { value: 0.05, p10: 0.02, p90: 0.15, ...assumed('No ERNIE voice usage figure; 0.05 spoken turns per user per day (a tenth of text chat, §5 ratio 0.5) assumed.') },
        input_tokens: INPUT_TOKENS,
        output_tokens: { value: 200, p10: 100, p90: 400, ...assumed('Spoken answers are shorter than written ones: 200 tokens assumed (§7: ~750-960 characters per spoken minute).') },
        stt_gpu_s: { value: 0.5, p10: 0.2, p90: 1.5, ...assumed('§7 gap: no public GPU-seconds per spoken turn; 0.5 GPU-s to transcribe assumed (same as chatgpt-2023-11).') },
        tts_gpu_s: { value: 1.0, p10: 0.4, p90: 3.0, ...assumed('§7 gap: 1 GPU-s to synthesise a ~1 minute answer assumed (same as chatgpt-2023-11).') },
        ttft_ms: { value: 2800, ...src('§7: average voice latency 2.8 s (OpenAI Help Center), used as the time-to-first-audio target') },
        tpot_ms: CHAT_TPOT,
        weekly: {
          weekday: consumerWeekday, weekend: consumerWeekend,
          weekend_level: { value: 1.1, p10: 1.0, p90: 1.25, ...assumed('Same weekly pattern as consumer chat assumed.') },
          ...assumed('Same hourly shape as consumer chat assumed.'),
        },
      },
      {
        id: 'image', label: 'Consumer image generation', kind: 'image', pool: 'chat',
        requests_per_dau: { value: 0.02, p10: 0.005, p90: 0.05, ...assumed('No ERNIE image usage figure; 0.02 images per user per day assumed.') },
        input_tokens: { value: 150.5, ...assumed('A prompt rewritten by the LLM before drawing: ~150 tokens assumed.') },
        output_tokens: { value: 80.5, ...assumed('The rewritten drawing prompt: ~80 tokens assumed.') },
        image_gpu_s: { value: 4, p10: 2, p90: 10, ...assumed('No public GPU-seconds per image at Baidu; 4 GPU-s per image (a diffusion model, ~30 steps) assumed.') },
        ttft_ms: { value: 10_000, ...assumed('An image may take ~10 s to start appearing: assumed.') },
        tpot_ms: CHAT_TPOT,
        weekly: {
          weekday: consumerWeekday, weekend: consumerWeekend,
          weekend_level: { value: 1.2, p10: 1.0, p90: 1.5, ...assumed('Leisure use: +20% at weekends assumed.') },
          ...assumed('Same hourly shape as consumer chat assumed.'),
        },
      },
      {
        id: 'bi', label: 'BI / analytics Q&A (seats)', kind: 'api', pool: 'api',
        b2b: b2bUse('seat', 0.3, 6, 6, 'An analyst asks ~6 questions of the BI assistant per working day'),
        input_tokens: { value: 3200.5, p10: 1500, p90: 8000, ...assumed('Questions carry table schemas, report extracts and query results: ~3,200 input tokens assumed.') },
        output_tokens: { value: 180.5, p10: 100, p90: 400, ...assumed('Short answers (a number, a sentence, a SQL query): ~180 tokens assumed.') },
        ttft_ms: { value: 3000, ...assumed('Interactive, inside a dashboard: 3 s TTFT assumed.') },
        tpot_ms: CHAT_TPOT,
        weekly: { weekday: officeHours(0.05), weekend: officeHours(0.3), weekend_level: weekendDip(0.1, 'Office tool: a weekend day carries 10% of a weekday (assumed).'), ...assumed(NO_SOURCE_HOURS) },
        calendar: [
          { effect: 'month_end', multiplier: { value: 1.5, p10: 1.2, p90: 2.0, ...assumed('Month-end reporting: +50% in the last 3 days assumed.') } },
          { effect: 'quarter_end', multiplier: { value: 1.3, p10: 1.1, p90: 1.6, ...assumed('Quarter close: a further +30% in the last 5 days of a quarter assumed (on top of month-end).') } },
          { effect: 'spring_festival', multiplier: { value: 0.2, p10: 0.1, p90: 0.4, ...assumed('Offices closed over the Spring Festival holiday: 20% of a normal day assumed.') } },
          { effect: 'golden_week', multiplier: { value: 0.2, p10: 0.1, p90: 0.4, ...assumed('Offices closed in Golden Week (1-7 Oct): 20% assumed.') } },
        ],
      },
      {
        id: 'crm', label: 'CRM summaries (batch, 12 h)', kind: 'api', pool: 'api',
        b2b: b2bUse('system', 0.2, 1, 400, 'A CRM system summarises ~400 calls, visits and email threads per working day'),
        input_tokens: { value: 1800.5, p10: 900, p90: 4000, ...assumed('A call transcript or thread: ~1,800 input tokens assumed.') },
        output_tokens: { value: 220.5, p10: 120, p90: 400, ...assumed('A summary with next steps: ~220 tokens assumed.') },
        ttft_ms: { value: 60_000, ...assumed('Batch: no one waits for the first token; 60 s assumed (not binding).') },
        tpot_ms: { value: 200, ...assumed('Batch: 200 ms/token is enough (not binding).') },
        batch: { deadline_hours: 12, ...assumed('Summaries are needed by the next working morning: 12 h assumed.') },
        weekly: { weekday: officeHours(0.05), weekend: officeHours(0.3), weekend_level: weekendDip(0.15, 'Sales teams work a little at weekends: 15% assumed.'), ...assumed(NO_SOURCE_HOURS) },
        calendar: [
          { effect: 'spring_festival', multiplier: { value: 0.2, p10: 0.1, p90: 0.4, ...assumed('Spring Festival holiday: 20% assumed.') } },
          { effect: 'golden_week', multiplier: { value: 0.2, p10: 0.1, p90: 0.4, ...assumed('Golden Week: 20% assumed.') } },
        ],
      },
      {
        id: 'service', label: 'Customer service assistants', kind: 'api', pool: 'api',
        b2b: b2bUse('system', 0.25, 1, 1000, 'A customer-service deployment answers ~1,000 messages per day (multi-turn)'),
        input_tokens: { value: 900.5, p10: 500, p90: 2000, ...assumed('Dialogue so far plus retrieved FAQ passages: ~900 input tokens assumed.') },
        output_tokens: { value: 120.5, p10: 60, p90: 250, ...assumed('Short replies: ~120 tokens assumed.') },
        ttft_ms: { value: 1500, ...assumed('A customer is waiting: 1.5 s TTFT assumed.') },
        tpot_ms: CHAT_TPOT,
        weekly: {
          weekday: serviceHours, weekend: serviceHours,
          weekend_level: { value: 1.1, p10: 0.9, p90: 1.3, ...assumed('Retail and travel enquiries rise at weekends: +10% assumed.') },
          ...assumed('No source gives hourly customer-service traffic; 08:00-23:00 Beijing with morning and evening peaks assumed.'),
        },
        calendar: [
          { effect: 'golden_week', multiplier: { value: 1.3, p10: 1.0, p90: 1.8, ...assumed('Travel and retail enquiries in Golden Week: +30% assumed.') } },
          { effect: 'spring_festival', multiplier: { value: 1.2, p10: 0.8, p90: 1.6, ...assumed('Travel and delivery enquiries around Spring Festival: +20% assumed.') } },
        ],
      },
      {
        id: 'marketing', label: 'Marketing copy (batch, 24 h)', kind: 'api', pool: 'api',
        b2b: b2bUse('system', 0.1, 1, 300, 'A marketing team generates ~300 pieces of copy (posts, product descriptions, ad variants) per working day'),
        input_tokens: { value: 600.5, p10: 300, p90: 1500, ...assumed('A brief, brand guide excerpt and product facts: ~600 input tokens assumed.') },
        output_tokens: { value: 450.5, p10: 200, p90: 900, ...assumed('Several variants of short copy: ~450 tokens assumed.') },
        ttft_ms: { value: 60_000, ...assumed('Batch: not binding.') },
        tpot_ms: { value: 200, ...assumed('Batch: not binding.') },
        batch: { deadline_hours: 24, ...assumed('Campaign copy is needed the next day: 24 h assumed.') },
        weekly: { weekday: officeHours(0.05), weekend: officeHours(0.3), weekend_level: weekendDip(0.1, 'Office work: 10% at weekends assumed.'), ...assumed(NO_SOURCE_HOURS) },
        calendar: [{ effect: 'spring_festival', multiplier: { value: 0.3, p10: 0.1, p90: 0.6, ...assumed('Campaigns prepared before, not during, the holiday: 30% assumed.') } }],
      },
      {
        id: 'industry', label: 'Industry model: finance / medical documents (batch, 24 h)', kind: 'api', pool: 'chat',
        b2b: b2bUse('system', 0.02, 1, 500, 'A bank or hospital system processes ~500 long documents (risk files, medical records) per working day'),
        input_tokens: { value: 12_000.5, p10: 6000, p90: 30_000, ...assumed('Long documents (credit files, medical records): ~12,000 input tokens assumed.') },
        output_tokens: { value: 600.5, p10: 300, p90: 1200, ...assumed('A structured extraction or risk note: ~600 tokens assumed.') },
        ttft_ms: { value: 60_000, ...assumed('Batch: not binding.') },
        tpot_ms: { value: 200, ...assumed('Batch: not binding.') },
        batch: { deadline_hours: 24, ...assumed('Overnight document processing: results by the next working day (24 h) assumed.') },
        weekly: { weekday: officeHours(0.05), weekend: officeHours(0.3), weekend_level: weekendDip(0.1, 'Office work: 10% at weekends assumed.'), ...assumed(NO_SOURCE_HOURS) },
        calendar: [
          { effect: 'quarter_end', multiplier: { value: 1.5, p10: 1.2, p90: 2.0, ...assumed('Quarter-end risk and regulatory reporting: +50% assumed.') } },
          { effect: 'spring_festival', multiplier: { value: 0.3, p10: 0.1, p90: 0.6, ...assumed('Spring Festival holiday: 30% assumed.') } },
        ],
      },
    ],
    diurnal: {
      profile: cosineProfile(13, 1.6),
      burst_factor: { value: 1.2, p10: 1.1, p90: 1.5, ...assumed('No source gives in-hour burstiness; 20% over the hour mean (P10 10%, P90 50%).') },
      ...assumed('No source gives ERNIE\'s hourly traffic; a China-time-zone cycle peaking 21:00 Beijing (13:00 UTC) at 1.6x the daily mean is assumed (used by classes without their own weekly profile).'),
    },
    events: [],
    pools: [
      {
        id: 'chat', label: 'Consumer chat + industry model (A800 + Ascend 910B)', model_id: 'ernie-4.5-300b-a47b', precision: 'int8', tp: 8,
        clusters: [...cn(clusters.a800), ...cn(clusters.ascend)], availability: AVAILABILITY, ttft_tail: TTFT_TAIL,
      },
      {
        id: 'api', label: 'Business API (H20 + L20)', model_id: 'ernie-4.5-21b-a3b', precision: 'fp8', tp: 1,
        clusters: [...cn(clusters.h20), ...cn(clusters.l20)], availability: AVAILABILITY, ttft_tail: TTFT_TAIL,
      },
    ],
  };
}

export const DEMO_SCENARIO_SITES = [
  {
    name: 'Azure-ChatGPT', country: 'US', region: 'Azure (ChatGPT serving)', power_limit_kw: 0, pue: 1.2,
    notes: 'Scenario site for chatgpt-2023-11. Cloud: power is the provider\'s. PUE 1.2: Epoch AI AI-datacentre assumption (electricity_public.csv).',
  },
  {
    name: 'Baidu-ERNIE', country: 'CN', region: 'Baidu AI Cloud (ERNIE serving)', power_limit_kw: 0, pue: 1.25,
    notes: 'Scenario site for ernie-2023-11 and ernie-growth-2026. Power limit not published (0 = not modelled). PUE 1.25: China hub-node policy target (electricity_public.csv).',
  },
];

function siteId(db: WritableDB, name: string, make: () => number): number {
  return getSiteByName(db, name)?.id ?? make();
}


/** Adds the scenario-specific sites/clusters and the three demo scenarios (call inside a transaction). */
export function insertDemoScenarios(db: WritableDB, now: Date = new Date(0)): Scenario[] {
  const [azure, baidu] = DEMO_SCENARIO_SITES.map((s) => siteId(db, s.name, () => insertSite(db, s)));
  const a100 = clusterAt(db, 'Azure-ChatGPT', 'a100-sxm-80gb') ?? insertCluster(db, {
    site_id: azure, gpu_id: 'a100-sxm-80gb', gpus: 28_936, servers: 3_617, mode: 'cloud', in_service_from: '2023-02', in_service_to: null,
    unit_cost: null, currency: null,
    notes: 'SemiAnalysis (Feb 2023): "~3,617 HGX A100 servers (28,936 GPUs) to serve ChatGPT" (seed_story.md §3). Memory size not stated: 80 GB assumed. In service from the estimate date (2023-02).',
  });
  const a800 = clusterAt(db, 'Baidu-ERNIE', 'a800-sxm-80gb') ?? insertCluster(db, {
    site_id: baidu, gpu_id: 'a800-sxm-80gb', gpus: 20_256, servers: 2_532, mode: 'buy', in_service_from: '2023-08', in_service_to: null,
    unit_cost: '95000', currency: 'CNY',
    notes: 'Assumed: Baidu publishes no GPU count. Sized by the same GPUs per user as the SemiAnalysis ChatGPT estimate (28,936 per ~100M users) x 70M users = 20,255, rounded up to whole 8-GPU servers. A800 = the China-market A100 (gpus.csv). In service from public release (31 Aug 2023, seed_story.md §6). Unit cost ~95,000 RMB (gpu_prices_public.csv, mid-2023).',
  });
  const list: Scenario[] = [
    scenarioSchema.parse(chatgptScenario(a100)),
    scenarioSchema.parse(ernieScenario(a800)),
    scenarioSchema.parse(ernieGrowthScenario({
      a800, h20: clusterAt(db, 'Ulanqab', 'h20'), ascend: clusterAt(db, 'Zhongwei', 'ascend-910b'), l20: clusterAt(db, 'Ulanqab', 'l20'),
    })),
  ];
  for (const s of list) saveScenario(db, s, now);
  return list;
}
