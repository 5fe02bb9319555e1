// Project lint: engine purity (no side-effecting imports in src-main/engine), the layers (which
// folder may import which; SQL only in store/), and i18n completeness (every key in en exists in
// zh and vice versa).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const problems = [];

const walk = (dir) => fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
  const p = path.join(dir, d.name);
  return d.isDirectory() ? walk(p) : [p];
}) : [];

// 1. Engine purity.
const FORBIDDEN = /^(node:)?(fs|fs\/promises|path|os|child_process|worker_threads|net|http|https|dgram|cluster|crypto)$|^(better-sqlite3|electron|highs|exceljs|xlsx|pdfmake|@napi-rs\/canvas)$/;
for (const f of walk(path.join(root, 'src-main', 'engine')).filter((f) => f.endsWith('.ts'))) {
  const src = fs.readFileSync(f, 'utf8');
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (FORBIDDEN.test(spec)) problems.push(`${path.relative(root, f)}: engine must stay pure, but imports "${spec}"`);
    if (spec.startsWith('.')) {
      const target = path.resolve(path.dirname(f), spec);
      const engine = path.join(root, 'src-main', 'engine');
      const shared = path.join(root, 'src-main', 'shared');
      if (!target.startsWith(engine) && !target.startsWith(shared)) problems.push(`${path.relative(root, f)}: engine imports "${spec}" from outside engine/ and shared/`);
    }
  }
  if (/\bDate\.now\(\)|\bMath\.random\(\)|\bnew Date\(\)/.test(src)) problems.push(`${path.relative(root, f)}: engine reads the clock or Math.random; pass them in`);
}

// 1b. File paths are CLI-only by construction: only the command-line host mints a LocalPath.
for (const f of walk(path.join(root, 'src-main')).filter((f) => f.endsWith('.ts'))) {
  const rel = path.relative(root, f).split(path.sep).join('/');
  if (rel.startsWith('src-main/cli/') || rel === 'src-main/shared/local-path.ts') continue;
  const src = fs.readFileSync(f, 'utf8');
  if (/\bmintLocalPath\b|\bLocalPath\.mint\b/.test(src)) problems.push(`${rel}: only the CLI host (src-main/cli/) may mint a LocalPath`);
}

// 2. Layers: each folder of src-main imports only the folders below it (no cycles between
// folders), and only store/ prepares SQL. Hosts (cli, web, electron) sit on top.
const LAYERS = {
  shared: [],
  engine: ['shared'],
  store: ['engine', 'shared'],
  io: ['engine', 'store', 'shared'],
  workers: ['engine', 'io', 'shared'],
  app: ['engine', 'store', 'io', 'shared'],
  api: ['engine', 'store', 'io', 'workers', 'app', 'shared'],
  web: ['api', 'store', 'io', 'shared'],
  cli: ['api', 'app', 'engine', 'store', 'io', 'web', 'shared'],
  electron: ['api', 'app', 'store', 'io', 'web', 'shared'],
};
// Known exceptions still to be moved (file → the import or rule it breaks, and why it is here).
const PENDING = new Map([]);
const srcMain = path.join(root, 'src-main');
const layerOf = (f) => path.relative(srcMain, f).split(path.sep)[0];
for (const f of walk(srcMain).filter((f) => f.endsWith('.ts'))) {
  const rel = path.relative(srcMain, f).split(path.sep).join('/');
  if (PENDING.has(rel)) continue;
  const from = layerOf(f);
  const allowed = LAYERS[from];
  if (!allowed) { problems.push(`src-main/${rel}: folder "${from}" has no place in the layer table (scripts/lint.mjs LAYERS)`); continue; }
  const src = fs.readFileSync(f, 'utf8');
  for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
    const target = path.resolve(path.dirname(f), m[1] ?? m[2]);
    if (!target.startsWith(srcMain + path.sep)) continue;
    const to = layerOf(target);
    if (to !== from && !allowed.includes(to)) problems.push(`src-main/${rel}: ${from}/ may not import ${to}/ ("${m[1] ?? m[2]}"); ${from}/ may import ${allowed.join(', ') || 'nothing of ours'}`);
  }
  if (from !== 'store' && /\.prepare\(/.test(src)) problems.push(`src-main/${rel}: SQL outside store/ (.prepare); add a function to src-main/store/ instead`);
}

// 3. i18n completeness.
const i18nDir = path.join(root, 'src-renderer', 'i18n');
for (const f of walk(i18nDir).filter((f) => f.endsWith('.ts'))) {
  const src = fs.readFileSync(f, 'utf8');
  const block = (lang) => {
    const m = src.match(new RegExp(`\\b${lang}\\s*:\\s*\\{([\\s\\S]*?)\\n\\s{0,2}\\}`));
    return m ? new Set([...m[1].matchAll(/^\s*['"]?([\w.-]+)['"]?\s*:/gm)].map((x) => x[1])) : null;
  };
  const en = block('en'), zh = block('zh');
  if (!en || !zh) { problems.push(`${path.relative(root, f)}: needs both en and zh blocks`); continue; }
  for (const k of en) if (!zh.has(k)) problems.push(`${path.relative(root, f)}: zh is missing "${k}"`);
  for (const k of zh) if (!en.has(k)) problems.push(`${path.relative(root, f)}: en is missing "${k}"`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`lint: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('lint: ok');
