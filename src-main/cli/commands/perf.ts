import fs from 'node:fs';
import path from 'node:path';
import { mintLocalPath } from '../../shared/local-path.js';
import type { Command, CliIO } from '../command.js';
import { intOpt, numOpt, parse, requireOpt } from '../args.js';
import { guarded, print, textTable, withContext } from '../run-api.js';
import { invokeRead } from '../../api/invoke-read.js';
import { perfMethods } from '../../api/domains/perf.js';
import { ApiError } from '../../api/errors.js';
import type { AppContext } from '../../api/context.js';
import { openDatabase, closeDatabase } from '../../store/open.js';
import { parseCsvObjects } from '../../shared/csv.js';
import { GIB } from '../../engine/catalog.js';
import { MIN_MEASURED_ROWS } from '../../engine/calibration/coverage.js';

/** perf needs no database: without --db the catalog comes from db/seed in a throwaway in-memory one. */
export async function withCatalog<T>(io: CliIO, dbPath: string | undefined, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  if (dbPath) return withContext(io, dbPath, fn);
  const db = openDatabase(':memory:', { appRoot: io.appRoot, create: true });
  try {
    return await fn({ db, dbPath: ':memory:', appRoot: io.appRoot, now: () => new Date() });
  } finally {
    closeDatabase(db);
  }
}

const cell = (v: string | undefined): number | null => {
  if (v === undefined || v.trim() === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
};

const fmt = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });

export const perfCommand: Command = {
  name: 'perf',
  summary: 'throughput and latency of one model replica on a GPU type (or a CSV batch of them)',
  usage: `headroom perf --gpu ID --model ID --tp N [--pp N] --precision bf16|fp16|fp8|int8|int4|fp4
    --input-tokens I --output-tokens O [--tpot-ms X] [--ttft-ms X] [--concurrency B]
    [--engine trt-llm|vllm|sglang|lmdeploy|mindie|other] [--ep N] [--expert-skew S] [--dp-attention] [--arrival-rate R]
    [--calibration default|none|FILE] [--db PATH] [--json]
headroom perf --batch FILE.csv [--calibration default|none|FILE] [--db PATH] [--json]

--expert-skew S (MoE under --ep): routing skew on top of the statistical expert imbalance, >= 1 (1 = uniform; a
measured hot-expert factor such as 1.3 makes the busiest expert rank that much slower). Batch column expert_skew.
Without --concurrency the batch is the largest that memory and the SLOs allow; with it, the batch is fixed.
--calibration default uses the database's own fit (after \`calibrate --data\`) or the shipped one; none uses
the datasheet priors; FILE is a calibration JSON. IDs are those of db/seed/gpus.csv and models.csv.

JSON: { tokens_per_s, output_tokens_per_s, output_tokens_per_s_per_gpu, requests_per_s, batch, ttft_ms, tpot_ms,
  bound: "memory"|"compute", feasible, reason?, precision_used, note?, memory: { weights_bytes, kv_bytes, reserve_bytes,
  kv_bytes_per_token, max_batch }, breakdown: { t_mem, t_compute, t_comm, t_overhead, t_prefill } (ms), factors }
--batch: a JSON array, one result per row plus "row"; columns gpu_id, model_id, tp, pp, precision, input_tokens,
  output_tokens, concurrency, tpot_ms, ttft_ms (empty = not given). A bad row gets feasible: false and "error".`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, {
      gpu: { type: 'string' }, model: { type: 'string' }, tp: { type: 'string' }, pp: { type: 'string' }, precision: { type: 'string' },
      'input-tokens': { type: 'string' }, 'output-tokens': { type: 'string' }, 'tpot-ms': { type: 'string' }, 'ttft-ms': { type: 'string' },
      concurrency: { type: 'string' }, calibration: { type: 'string' }, batch: { type: 'string' }, db: { type: 'string' },
      engine: { type: 'string' }, ep: { type: 'string' }, 'dp-attention': { type: 'boolean' }, 'arrival-rate': { type: 'string' },
      'expert-skew': { type: 'string' },
    });
    // A FILE is resolved here and handed on as a LocalPath: only the command line may name files.
    const calibration = values.calibration === undefined || values.calibration === 'default' || values.calibration === 'none'
      ? (values.calibration ?? 'default') as 'default' | 'none'
      : mintLocalPath(path.resolve(io.cwd, values.calibration));
    if (values.batch) {
      const file = path.resolve(io.cwd, values.batch);
      let text: string;
      try { text = fs.readFileSync(file, 'utf8'); } catch (e) {
        throw new ApiError('bad_request', `--batch ${values.batch}: cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`, 'batch');
      }
      const rows = parseCsvObjects(text);
      const need = ['gpu_id', 'model_id', 'precision'];
      const header = Object.keys(rows[0] ?? {});
      const missing = need.filter((c) => !header.includes(c));
      if (!rows.length) throw new ApiError('bad_request', `--batch ${values.batch}: no data rows`, 'batch');
      if (missing.length) throw new ApiError('bad_request', `--batch ${values.batch}: missing column(s) ${missing.join(', ')}`, 'batch');
      const input = rows.map((r) => ({
        gpu_id: r.gpu_id ?? '', model_id: r.model_id ?? '', precision: (r.precision ?? '').toLowerCase(),
        tp: cell(r.tp), pp: cell(r.pp), input_tokens: cell(r.input_tokens), output_tokens: cell(r.output_tokens),
        concurrency: cell(r.concurrency), tpot_ms: cell(r.tpot_ms), ttft_ms: cell(r.ttft_ms),
        engine: (r.engine ?? '').trim() || null,
        ep: cell(r.ep), arrival_rate: cell(r.arrival_rate), expert_skew: cell(r.expert_skew), dp_attention: /^(1|true|yes)$/i.test((r.dp_attention ?? '').trim()) ? true : null,
      }));
      await withCatalog(io, values.db, async (ctx) => {
        const out = await invokeRead(ctx, 'perf.batch', perfMethods['perf.batch'], { rows: input, calibration, compact: true });
        if (values.json) io.out('[\n' + out.map((r) => JSON.stringify(r)).join(',\n') + '\n]');
        else io.out(textTable(out.map((r) => ({ ...r, output_tokens_per_s_per_gpu: fmt(r.output_tokens_per_s_per_gpu), tpot_ms: fmt(r.tpot_ms), ttft_ms: fmt(r.ttft_ms), reason: r.reason ?? '' })),
          ['row', 'gpu_id', 'model_id', 'feasible', 'batch', 'output_tokens_per_s_per_gpu', 'tpot_ms', 'ttft_ms', 'reason']));
      });
      return;
    }
    const req = {
      gpu_id: requireOpt(values.gpu, 'gpu'),
      model_id: requireOpt(values.model, 'model'),
      tp: intOpt(requireOpt(values.tp, 'tp'), 'tp'),
      pp: intOpt(values.pp, 'pp') ?? 1,
      precision: requireOpt(values.precision, 'precision').toLowerCase(),
      input_tokens: numOpt(requireOpt(values['input-tokens'], 'input-tokens'), 'input-tokens'),
      output_tokens: numOpt(requireOpt(values['output-tokens'], 'output-tokens'), 'output-tokens'),
      tpot_ms: numOpt(values['tpot-ms'], 'tpot-ms') ?? null,
      ttft_ms: numOpt(values['ttft-ms'], 'ttft-ms') ?? null,
      concurrency: intOpt(values.concurrency, 'concurrency') ?? null,
      engine: values.engine ?? null,
      ep: intOpt(values.ep, 'ep') ?? null,
      expert_skew: numOpt(values['expert-skew'], 'expert-skew') ?? null,
      dp_attention: values['dp-attention'] ? true : null,
      arrival_rate: numOpt(values['arrival-rate'], 'arrival-rate') ?? null,
      calibration,
    };
    await withCatalog(io, values.db, async (ctx) => {
      const r = await invokeRead(ctx, 'perf.run', perfMethods['perf.run'], req);
      print(io, values.json, r, () => [
        `${req.model_id} on ${r.gpus} × ${req.gpu_id} (tp ${req.tp}${req.pp > 1 ? `, pp ${req.pp}` : ''}), ${r.precision_used}, KV ${r.kv_precision}, ${r.engine}` +
          (r.note ? `\n  note: ${r.note}` : ''),
        r.feasible ? '' : `  NOT FEASIBLE: ${r.reason}`,
        `  output tokens/s        ${fmt(r.output_tokens_per_s)} (${fmt(r.output_tokens_per_s_per_gpu)} per GPU)`,
        `  requests/s             ${fmt(r.requests_per_s, 3)}`,
        `  batch                  ${r.batch} (memory allows ${r.memory.max_batch})`,
        `  TTFT / TPOT            ${fmt(r.ttft_ms)} ms / ${fmt(r.tpot_ms, 2)} ms   (${r.bound}-bound)`,
        r.ttft_p99_ms !== undefined ? `  p50 / p99 at ${fmt(r.arrival_rate ?? 0, 3)} req/s   TTFT ${fmt(r.ttft_p50_ms ?? 0)} / ${fmt(r.ttft_p99_ms)} ms, TPOT ${fmt(r.tpot_p50_ms ?? 0, 2)} / ${fmt(r.tpot_p99_ms ?? 0, 2)} ms (utilisation ${fmt(100 * (r.utilisation ?? 0))} %)` : '',
        `  memory                 weights ${fmt(r.memory.weights_bytes / GIB)} GiB, KV ${fmt(r.memory.kv_bytes / GIB)} GiB, reserve ${fmt(r.memory.reserve_bytes / GIB)} GiB, ${fmt(r.memory.kv_bytes_per_token / 1024)} KiB/token`,
        `  step (ms)              memory ${fmt(r.breakdown.t_mem, 2)}, compute ${fmt(r.breakdown.t_compute, 2)}, comm ${fmt(r.breakdown.t_comm, 2)}, overhead ${fmt(r.breakdown.t_overhead, 2)}; prefill ${fmt(r.breakdown.t_prefill, 2)} per request`,
        `  calibration            ${r.calibration}`,
        r.measured ? `  measured rows          ${r.measured.rows} of this GPU under ${r.engine} (${r.measured.family_rows} for its family, ${r.measured.gpu_rows} for this GPU under any engine)${r.measured.rows < MIN_MEASURED_ROWS ? ` — fewer than ${MIN_MEASURED_ROWS}: this figure rests on factors fitted on other GPUs or engines` : ''}` : '',
        r.measured?.ratio ? `  engine ratio           ${r.engine} ÷ ${r.measured.ratio.vs}: measured ${fmt(r.measured.ratio.measured, 2)}× (${r.measured.ratio.model_id}), fitted ${fmt(r.measured.ratio.fitted, 2)}× there${r.measured.ratio.here !== null ? `, ${fmt(r.measured.ratio.here, 2)}× for this configuration` : ''}` : '',
        r.power_limit ? `  power limit            ${fmt(r.power_limit.tflops_per_w, 2)} TFLOPS/W: prefill efficiency × ${fmt(r.power_limit.prefill_multiplier, 3)} (included above)` : '',
      ].filter(Boolean).join('\n'));
    });
  }),
};
