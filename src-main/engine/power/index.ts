// Public face of the power engine.
export * from './power.js';
export * from './tariff.js';
