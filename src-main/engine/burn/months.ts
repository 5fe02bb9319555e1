// Month arithmetic for the burn: the one calendar (shared/month.ts).
export { monthOrdinal, monthFromOrdinal, addMonths, monthRange } from '../../shared/month.js';
