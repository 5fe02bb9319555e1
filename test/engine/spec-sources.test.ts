// Pins spec confidence: db/seed/gpu_spec_sources.csv parses, covers every GPU spec field in gpus.csv, marks the L20/H20/Ascend rows unofficial (the L20's other public figure kept as alt_value), and the catalog.specSources API serves it.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../../src-main/shared/csv.js';
import { specSourcesFromRows, weakestConfidence } from '../../src-main/engine/spec-sources.js';
import { catalogMethods } from '../../src-main/api/domains/catalog.js';
import { ROOT } from '../helpers/tmp.js';
import { GPUS } from './capacity-helpers.js';

const rows = specSourcesFromRows(parseCsvObjects(fs.readFileSync(path.join(ROOT, 'db/seed/gpu_spec_sources.csv'), 'utf8')));

describe('gpu_spec_sources.csv', () => {
  it('has a confidence and a source for every GPU\'s memory, bandwidth and BF16 figures', () => {
    for (const g of GPUS) {
      for (const f of ['memory_gb', 'memory_bw_tbs', 'bf16_dense_tflops']) {
        const r = rows.find((x) => x.gpu_id === g.id && x.field === f);
        expect(r, `${g.id} ${f}`).toBeDefined();
        expect(r!.source_url).toMatch(/^https?:\/\//);
      }
    }
  });

  it('marks parts without a vendor datasheet unofficial and keeps the L20\'s other public figure', () => {
    expect(weakestConfidence(rows, 'l20')).toBe('unofficial');
    expect(weakestConfidence(rows, 'ascend-910b')).toBe('unofficial');
    expect(weakestConfidence(rows, 'a100-sxm-80gb')).toBe('official');
    expect(weakestConfidence(rows, 'no-such-gpu')).toBeNull();
    expect(rows.find((r) => r.gpu_id === 'l20' && r.field === 'bf16_dense_tflops')!.alt_value).toBe(59.8);
  });

  it('refuses an unknown confidence with the row number', () => {
    expect(() => specSourcesFromRows([{ gpu_id: 'x', field: 'memory_gb', confidence: 'rumour' }])).toThrow(/row 1: confidence/);
  });

  it('is served by catalog.specSources', async () => {
    const out = await catalogMethods['catalog.specSources'].run({ appRoot: ROOT } as never, {});
    expect(out.length).toBe(rows.length);
  });
});
