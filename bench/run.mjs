// `npm run bench`: runs every bench/*.bench.mjs in turn (each prints its own table).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs') && (!only || f.includes(only))).sort();
console.log(`# Headroom bench — node ${process.version}, ${new Date().toISOString()}`);
for (const f of files) {
  const mod = await import(pathToFileURL(path.join(dir, f)).href);
  if (typeof mod.default === 'function') await mod.default();
}
