// Pins the first-run command line: --version, did-you-mean for commands and options, group --help
// exit 0, one "path:" in file errors, and validation errors in plain words.
import { describe, it, expect, beforeAll } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { cli, demoDb, ROOT } from '../helpers/tmp';

let db: string;
beforeAll(() => { db = demoDb(); });

describe('headroom first run', () => {
  it('--version prints the package version, exit 0', () => {
    const r = cli(['--version']);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(`headroom ${pkg.version}`);
  });

  it('a misspelled command suggests the right one', () => {
    const r = cli(['pln']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean "plan"\?/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['inventory', 'lst']).stderr).toMatch(/did you mean "inventory list"\?/);
  });

  it('a misspelled option names the option it meant, not the parser\'s raw text', () => {
    const r = cli(['plan', '--db', db, '--sceanrio', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('headroom: unknown option --sceanrio (did you mean --scenario?)');
  });

  it('inventory|sites|prices --help list their commands and exit 0', () => {
    for (const g of ['inventory', 'sites', 'prices']) {
      const r = cli([g, '--help']);
      expect(r.code, g).toBe(0);
      expect(r.stdout).toContain(`headroom ${g} `);
    }
  });

  it('a missing file is named once ("path: x does not exist")', () => {
    const r = cli(['import', '/nonexistent/quote.csv', '--db', db, '--vendor', 'A', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/path: \/nonexistent\/quote\.csv does not exist/);
    expect(r.stderr).not.toMatch(/path: path:/);
  });

  it('validation errors list the allowed values and say what was expected', () => {
    const base = ['perf', '--gpu', 'h100-sxm', '--model', 'llama-3.1-70b', '--tp', '4', '--input-tokens', '1000', '--output-tokens', '200', '--tpot-ms', '50'];
    const r = cli([...base, '--precision', 'fp9']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('headroom: precision: must be one of bf16, fp16, fp8, int8, int4, fp4 (got "fp9")');
    const m = cli(['inventory', 'add', '--db', db, '--site', 'Virginia-1', '--gpu', 'h100-sxm', '--gpus', '2', '--mode', 'bye']);
    expect(m.stderr.trim()).toBe('headroom: mode: must be one of buy, lease, cloud (got "bye")');
    expect(m.stderr).not.toMatch(/Invalid|expected one of/);
  });
});
