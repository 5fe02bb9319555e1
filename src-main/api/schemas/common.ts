// Shared field schemas: one definition of "a month", "a money amount", "an id".
import { z } from 'zod';
import { isSupportedCurrency } from '../../engine/money/currency.js';
import { nameSchema } from '../../shared/text.js';

export { monthSchema } from '../../shared/month.js';
/** At most 15 digits before the point and 12 after (issue 17: a 400-digit budget broke every later export). */
export const DECIMAL_RE = /^\d{1,15}(\.\d{1,12})?$/;
export const decimalSchema = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number like 1234.50')
  .regex(DECIMAL_RE, 'must have at most 15 digits before the decimal point and 12 after');
/** ISO 4217 shape and a code this build knows (issue 17: "ZZZ" was stored and broke the whole burn). */
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD, CNY or EUR')
  .refine(isSupportedCurrency, 'is not an ISO 4217 currency this build knows (e.g. USD, CNY, EUR)');
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code like US or CN');
export const gpuIdSchema = z.string().min(1, 'is required').max(64);
export const positiveInt = z.number().int('must be a whole number').positive('must be greater than 0');
export const nonEmpty = (max = 200) => nameSchema(max);
