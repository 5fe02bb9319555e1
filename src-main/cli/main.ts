// `headroom <command> [args]`: find the longest matching command name, run it.
import type { Command, CliIO } from './command.js';
import { likelyTypos, didYouMean } from '../shared/suggest.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The version in package.json (the one `--version` prints). */
export function version(appRoot: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** `headroom inventory --help`: the commands of one group with their summaries. */
function groupHelp(group: string, members: Command[]): string {
  const w = Math.max(...members.map((c) => c.name.length));
  return [
    `usage: headroom ${group} <${members.map((c) => c.name.split(' ')[1]).join('|')}> [options] [--json]`,
    '',
    ...members.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    `Run \`headroom ${group} <verb> --help\` for its options.`,
  ].join('\n');
}

/**
 * Commands loaded on their own when named: one command's modules, not the whole app's (perf
 * --batch spent ~0.8 s of CPU loading every command, every API domain and its zod schemas).
 * Only one-word commands that start no group; every other name goes through the full list.
 */
export const LAZY: Record<string, () => Promise<Command>> = {
  perf: async () => (await import('./commands/perf.js')).perfCommand,
};

async function allCommands(): Promise<Command[]> {
  return (await import('./commands/index.js')).commands;
}

export function helpText(commands: Command[]): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    'headroom — LLM serving capacity and cost planner',
    '',
    'usage: headroom <command> [options] [--json]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Run `headroom <command> --help` for a command\'s options; `headroom --version` prints the version.',
    'Exit codes: 0 ok, 2 bad input, 1 other errors.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    io.out(`headroom ${version(io.appRoot)}`);
    return 0;
  }
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText(await allCommands()));
    return argv.length === 0 ? 2 : 0;
  }
  const lazy = Object.prototype.hasOwnProperty.call(LAZY, argv[0]) ? await LAZY[argv[0]]() : null;
  const commands = lazy ? [lazy] : await allCommands();
  const byLength = [...commands].sort((a, b) => b.name.split(' ').length - a.name.split(' ').length);
  for (const c of byLength) {
    const words = c.name.split(' ');
    if (words.every((w, i) => argv[i] === w)) {
      const rest = argv.slice(words.length);
      if (rest.includes('--help') || rest.includes('-h')) {
        io.out(c.usage);
        return 0;
      }
      return c.run(rest, io);
    }
  }
  const group = commands.filter((c) => c.name.startsWith(argv[0] + ' '));
  if (group.length) {
    if (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h') {
      (argv.length === 1 ? io.err : io.out)(groupHelp(argv[0], group));
      return argv.length === 1 ? 2 : 0;
    }
    const verbs = group.map((c) => c.name.split(' ')[1]);
    const near = likelyTypos(argv[1], verbs).map((v) => `${argv[0]} ${v}`);
    io.err(`headroom: "${argv.slice(0, 2).join(' ')}" is not a command; ${near.length ? `did you mean ${near.map((n) => `"${n}"`).join(', ')}?` : `try ${group.map((c) => `"${c.name}"`).join(', ')}`}`);
    return 2;
  }
  const firstWords = [...new Set(commands.map((c) => c.name.split(' ')[0]))];
  const near = argv[0].startsWith('-') ? [] : likelyTypos(argv[0], firstWords);
  io.err(`headroom: unknown command "${argv[0]}"${didYouMean(near.map((n) => `"${n}"`))} (see headroom --help)`);
  return 2;
}
