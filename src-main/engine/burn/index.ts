// Public face of the burn engine.
export * from './burn.js';
export * from './depreciation.js';
export * from './months.js';
export * from './price-rule.js';
export * from './by-site.js';
