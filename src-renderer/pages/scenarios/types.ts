// The scenario document as the Scenarios page edits it (what scenarios.get returns).
import type { ApiOutput } from '../../../src-main/api/handlers';
import type { Edit } from '../../../src-main/engine/demand/scenario-edit';

export type Scenario = ApiOutput<'scenarios.get'>['scenario'];
export type Cluster = ApiOutput<'inventory.list'>[number];
export type ModelRow = ApiOutput<'catalog.models'>[number];

/** A structural edit: a pure function of the current document (engine/demand/scenario-edit.ts). */
export type EditFn = (s: Scenario) => Edit<Scenario & { dropped_events?: string[] }>;

/** What every section editor of the Scenarios page receives. */
export interface EditorProps {
  doc: Scenario;
  /** Runs an edit on a snapshot of the document and takes its result, or shows why it was refused. */
  edit: (f: EditFn) => void;
  /** Marks the document changed after an in-place field edit. */
  touch: () => void;
  fieldLabel: (k: string) => string;
  unit: (k: string) => string;
}
