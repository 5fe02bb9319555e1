// The scenario document as the Scenarios page edits it (what scenarios.get returns).
import type { ApiOutput } from '../../../src-main/api/handlers';

export type Scenario = ApiOutput<'scenarios.get'>['scenario'];
export type Cluster = ApiOutput<'inventory.list'>[number];
export type ModelRow = ApiOutput<'catalog.models'>[number];
