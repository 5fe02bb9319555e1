// Shared field schemas: one definition of "a month", "a money amount", "an id".
import { z } from 'zod';

export { monthSchema } from '../../shared/month.js';
export const decimalSchema = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal number like 1234.50');
export const currencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code like USD, CNY or EUR');
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code like US or CN');
export const gpuIdSchema = z.string().min(1, 'is required').max(64);
export const positiveInt = z.number().int('must be a whole number').positive('must be greater than 0');
export const nonEmpty = (max = 200) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
