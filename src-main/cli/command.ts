// A CLI command: parse argv, call api handlers through `invoke`, print. Exit codes:
// 0 ok, 2 bad input (validation, unknown id, file refused), 1 anything else.
export interface CliIO {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  appRoot: string;
}

export interface Command {
  name: string;            // e.g. 'perf' or 'inventory list'
  summary: string;         // one line for `headroom --help`
  usage: string;           // full text for `headroom <name> --help`
  run: (argv: string[], io: CliIO) => Promise<number>;
}
