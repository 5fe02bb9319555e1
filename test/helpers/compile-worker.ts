// Compiles a worker module (and what it imports) to a temp folder, as the build does, so a test
// can start the real worker thread without depending on build/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..', '..');

/** `file` relative to src-main (e.g. 'workers/procure-worker.ts') → URL of its compiled .js. */
export function compileWorker(file: string): URL {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-'));
  const program = ts.createProgram([path.join(root, 'src-main', file)], {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
    esModuleInterop: true, skipLibCheck: true, outDir: out, rootDir: path.join(root, 'src-main'), types: ['node'],
  });
  program.emit();
  fs.writeFileSync(path.join(out, 'package.json'), '{"type":"module"}');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  return pathToFileURL(path.join(out, file.replace(/\.ts$/, '.js')));
}
