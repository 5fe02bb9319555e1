// The shapes of actuals rows (what really happened), read by io/actuals and stored by store/actuals.

export const ACTUALS_REASONS = [
  'bad_date', 'not_a_number', 'negative_value', 'unknown_pool', 'bad_flag', 'unknown_currency', 'no_category', 'no_values', 'duplicate',
] as const;
export type ActualsReason = (typeof ACTUALS_REASONS)[number];

export interface UsageRow {
  row: number;
  sheet?: string;
  pool: string;                // '' = the whole scenario
  period: string;              // YYYY-MM or YYYY-MM-DD
  users: number | null;
  daily_active_users: number | null;
  requests: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  peak_requests_per_s: number | null;
  peak_tokens_per_s: number | null;
  overloaded: boolean | null;
  overload_minutes: number | null;
}
export interface SpendRow { row: number; sheet?: string; month: string; category: string; amount: string; currency: string }
export interface ActualsRejected { row: number; sheet?: string; reason: ActualsReason; detail: string }
export interface ActualsPreview { file_name: string; sha256: string; usage: UsageRow[]; spend: SpendRow[]; rejected: ActualsRejected[] }
