// The actuals.* methods: import, list and compare what really happened (usage and spend, issue 15).
import path from 'node:path';
import { z } from 'zod';
import { method } from '../method.js';
import { badRequest, notFound } from '../errors.js';
import type { AppContext } from '../context.js';
import { localPathSchema, type LocalPath } from '../../shared/local-path.js';
import { readLocalFile } from '../../store/local-file.js';
import { closest, didYouMean } from '../../shared/suggest.js';
import { MAX_BYTES } from '../../io/import/read.js';
import { ACTUALS_REASONS, rowsRead, type ActualsPreview } from '../../io/actuals/read.js';
import { previewActualsInWorker } from '../../workers/import-worker.js';
import * as store from '../../store/actuals.js';
import { getScenario, scenarioNames } from '../../store/scenarios.js';
import type { Scenario } from '../../engine/demand/scenario.js';
import { planDeterministic } from '../../engine/plan/index.js';
import { planBurn } from '../../engine/plan/plan-burn.js';
import { spendVariance } from '../../engine/backtest/variance.js';
import { worldOf } from '../plan-runner.js';

export const ACTUALS_EXTENSIONS = ['.csv', '.tsv', '.txt', '.xlsx', '.xlsm', '.xls'];

function readActualsFile(p: LocalPath): { bytes: Uint8Array; name: string } {
  const f = readLocalFile(p, { field: 'path', extensions: ACTUALS_EXTENSIONS, maxBytes: MAX_BYTES });
  return { bytes: new Uint8Array(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength), name: f.name };
}

export function mustScenario(ctx: AppContext, name: string): Scenario {
  const s = getScenario(ctx.db, name);
  if (!s) {
    const names = scenarioNames(ctx.db);
    throw notFound('scenario', `unknown scenario "${name}"${didYouMean(closest(name, names))}`);
  }
  return s;
}

const importInput = z.object({
  scenario: z.string().min(1).max(64),
  /** A file on this machine (CLI only: a LocalPath, which a page cannot send) … */
  path: localPathSchema.optional(),
  /** … or its bytes (the Timeline page) with its name. */
  data_base64: z.string().max(96 * 1024 * 1024).optional(),
  file_name: z.string().min(1).max(255).optional(),
  dry_run: z.boolean().default(false),
}).refine((v) => (v.path === undefined) !== (v.data_base64 === undefined), { message: 'give either path or data_base64', path: ['path'] })
  .refine((v) => v.path !== undefined || v.file_name !== undefined, { message: 'file_name is required with data_base64', path: ['file_name'] });

const rejectedSchema = z.object({ row: z.number().int(), sheet: z.string().optional(), reason: z.enum(ACTUALS_REASONS), detail: z.string() });
const importOutput = z.object({
  /** File rows written (on a dry run: that would be written); 0 whenever a row was rejected. */
  imported: z.number().int(),
  rejected: z.array(rejectedSchema),
  /** File rows read without a reason to reject them. */
  readable: z.number().int(),
  usage_rows: z.number().int(),
  spend_rows: z.number().int(),
  written: z.boolean(),
  dry_run: z.boolean(),
  file_name: z.string(),
  sha256: z.string(),
  import_id: z.number().int().nullable(),
});

const usageSchema = z.object({
  pool: z.string(), period: z.string(), users: z.number().nullable(), daily_active_users: z.number().nullable(), requests: z.number().nullable(),
  input_tokens: z.number().nullable(), output_tokens: z.number().nullable(), peak_requests_per_s: z.number().nullable(),
  peak_tokens_per_s: z.number().nullable(), overloaded: z.boolean().nullable(), overload_minutes: z.number().nullable(),
  file_name: z.string(), source_row: z.number().int(), source_sheet: z.string().nullable(),
});
const spendSchema = z.object({ month: z.string(), category: z.string(), amount: z.string(), currency: z.string(), file_name: z.string(), source_row: z.number().int(), source_sheet: z.string().nullable() });

type ImportInput = z.infer<typeof importInput>;

/**
 * Read and check the file outside the write queue and any transaction, in a worker thread (issue
 * 17 item 2): the write lock is then held only to commit rows already checked.
 */
async function prepareImport(ctx: AppContext, input: ImportInput): Promise<ActualsPreview> {
  const s = mustScenario(ctx, input.scenario);
  const file = input.path !== undefined
    ? readActualsFile(input.path)
    : { bytes: new Uint8Array(Buffer.from(input.data_base64 as string, 'base64')), name: path.basename(input.file_name as string) };
  if (input.path === undefined && !ACTUALS_EXTENSIONS.includes(path.extname(file.name).toLowerCase())) {
    throw badRequest('file_name', `actuals files must be ${ACTUALS_EXTENSIONS.join(', ')} files`);
  }
  return previewActualsInWorker(file.bytes, file.name, { pools: s.pools.map((x) => x.id), currency: s.currency }, {
    signal: ctx.signal, onProgress: ctx.progress ? (d, t) => ctx.progress!(d, t, 'rows') : undefined,
  });
}

function finishImport(ctx: AppContext, input: ImportInput, p: ActualsPreview, dryRun: boolean): z.infer<typeof importOutput> {
  // The scenario is looked up again under the lock (it may have been deleted meanwhile).
  const s = mustScenario(ctx, input.scenario);
  const readable = rowsRead(p);
  // All or nothing: one rejected row and the file is refused whole (its reasons are the answer).
  const write = !dryRun && p.rejected.length === 0 && readable > 0;
  const id = write ? store.writeActuals(ctx.db, s.name, p, ctx.now()) : null;
  return {
    imported: write || (dryRun && p.rejected.length === 0) ? readable : 0, rejected: p.rejected, readable, usage_rows: p.usage.length, spend_rows: p.spend.length,
    written: write, dry_run: dryRun, file_name: p.file_name, sha256: p.sha256, import_id: id,
  };
}

export const actualsMethods = {
  /** Reads an actuals file and says what would be written; writes nothing. */
  'actuals.preview': method({
    input: importInput,
    output: importOutput,
    run: async (ctx, i) => finishImport(ctx, i, await prepareImport(ctx, i), true),
  }),
  /** Imports an actuals file, all or nothing. */
  'actuals.import': method({
    input: importInput,
    output: importOutput,
    mutates: true,
    beforeLock: prepareImport,
    run: (ctx, i, p) => finishImport(ctx, i, p, i.dry_run),
  }),
  /** Actual spend per month beside the scenario's planned burn (fleet as it is), with the variance. */
  'actuals.variance': method({
    input: z.object({ scenario: z.string().min(1).max(64), view: z.enum(['accrual', 'cash']).default('accrual') }),
    output: z.object({
      scenario: z.string(), currency: z.string(),
      rows: z.array(z.object({
        month: z.string(), plan: z.string().nullable(), actual: z.string(), variance: z.string().nullable(), variance_share: z.number().nullable(),
        by_category: z.record(z.string(), z.string()),
      })),
      skipped: z.array(z.object({ month: z.string(), category: z.string(), currency: z.string() })),
      warnings: z.array(z.string()),
    }),
    run: (ctx, i) => {
      const s = mustScenario(ctx, i.scenario);
      const spend = store.listSpend(ctx.db, s.name);
      const w = worldOf(ctx, { scenario: s.name });
      const { inputs, det } = planDeterministic(w);
      const burn = planBurn(w, inputs.scenario, inputs.input.fleet, det, i.view);
      const plan = det.months.map((m, k) => ({ month: m.month, total: burn.months[k]?.burn?.total ?? null }));
      const r = spendVariance(plan, spend, s.currency);
      return { scenario: s.name, currency: s.currency, ...r, warnings: burn.warnings.map((w) => w.message) };
    },
  }),
  'actuals.list': method({
    input: z.object({ scenario: z.string().min(1).max(64) }),
    output: z.object({
      scenario: z.string(), usage: z.array(usageSchema), spend: z.array(spendSchema),
      imports: z.array(z.object({ id: z.number().int(), file_name: z.string(), sha256: z.string(), imported_at: z.string(), usage_rows: z.number().int(), spend_rows: z.number().int() })),
    }),
    run: (ctx, i) => {
      const s = mustScenario(ctx, i.scenario);
      return { scenario: s.name, usage: store.listUsage(ctx.db, s.name), spend: store.listSpend(ctx.db, s.name), imports: store.listImports(ctx.db, s.name) };
    },
  }),
};
