// Build: main process + CLI with tsc (build/main), renderer with Vite (build/renderer).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (n) => path.join(root, 'node_modules', '.bin', n);
const only = process.argv[2]; // 'main' | 'renderer' | undefined (both)
const t0 = Date.now();
if (only !== 'renderer') {
  rmSync(path.join(root, 'build', 'main'), { recursive: true, force: true });
  // Type errors do not stop the build (tsc still emits JS); `npm run typecheck`, part of
  // `npm test`, is where they fail. A broken type must not break `npm install`.
  try {
    execFileSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit' });
  } catch (e) {
    if (e.status !== 2) throw e;
    console.warn('build: type errors above (JS was still emitted); `npm run typecheck` will fail until they are fixed');
  }
}
if (only !== 'main') {
  execFileSync(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
console.log(`build done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
