import { runCli } from './main.js';

export async function main(argv: string[], appRoot: string): Promise<number> {
  // stdout may be a pipe closed early (| head): exit quietly then.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); });
  return runCli(argv, {
    out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
    err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
    cwd: process.cwd(),
    appRoot,
  });
}
