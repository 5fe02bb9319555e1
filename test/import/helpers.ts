// Shared helpers for the import tests: the shipped catalog as an ImportCatalog.
import fs from 'node:fs';
import path from 'node:path';
import { gpusFromCsv } from '../../src-main/engine/seed-catalog.js';
import { GIB } from '../../src-main/engine/catalog.js';
import type { ImportCatalog } from '../../src-main/io/import/gpu-match.js';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const samplesDir = path.join(repoRoot, 'test', 'fixtures', 'samples');

export function shippedCatalog(userAliases: ImportCatalog['userAliases'] = []): ImportCatalog {
  const gpus = gpusFromCsv(fs.readFileSync(path.join(repoRoot, 'db', 'seed', 'gpus.csv'), 'utf8'));
  return {
    gpus: gpus.map((g) => ({ id: g.id, name: g.name, aliases: g.aliases, form_factor: g.form_factor, memory_gb: g.hbm_bytes / GIB })),
    userAliases,
  };
}
