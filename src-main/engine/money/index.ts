// Public face of the money engine: exact amounts, currencies, rounding, FX and formatting.
export * from './rounding.js';
export * from './currency.js';
export * from './money.js';
export * from './fx.js';
export * from './format.js';
