// `headroom <command> [args]`: find the longest matching command name, run it.
import { commands } from './commands/index.js';
import type { CliIO } from './command.js';

export function helpText(): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    'headroom — LLM serving capacity and cost planner',
    '',
    'usage: headroom <command> [options] [--json]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Run `headroom <command> --help` for a command\'s options. Exit codes: 0 ok, 2 bad input, 1 other errors.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(helpText());
    return argv.length === 0 ? 2 : 0;
  }
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
  if (group.length) io.err(`headroom: "${argv.slice(0, 2).join(' ')}" is not a command; try ${group.map((c) => `"${c.name}"`).join(', ')}`);
  else io.err(`headroom: unknown command "${argv[0]}" (see headroom --help)`);
  return 2;
}
