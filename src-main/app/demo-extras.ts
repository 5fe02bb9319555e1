// Other domains add their demo data here (one import and one list entry each), in order.
import type { WritableDB } from '../store/handles.js';
import { insertDemoMoney } from './money-demo.js';
import { insertDemoScenarios } from './scenarios-demo.js';

export const demoExtras: Array<(db: WritableDB) => void> = [
  (db) => { insertDemoScenarios(db); },
  insertDemoMoney, // after the scenario sites, so they get tariffs too
];
