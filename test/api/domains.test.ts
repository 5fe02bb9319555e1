// Pins the API's surface: each domain file under src-main/api/domains holds exactly the methods
// whose prefix is its name (one place to look for `sites.*`), and the sorted list of methods is
// a snapshot, so adding, renaming or dropping a method is a visible, reviewed change.
import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { handlers } from '../../src-main/api/handlers.js';

const dir = path.resolve(__dirname, '..', '..', 'src-main', 'api', 'domains');

describe('API domains', () => {
  it('each domain file exports one method table whose methods all carry its name as prefix', async () => {
    const seen = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
      const domain = file.replace(/\.ts$/, '');
      const mod = await import(path.join(dir, file)) as Record<string, unknown>;
      const tables = Object.entries(mod).filter(([k]) => k.endsWith('Methods'));
      expect(tables.length, `${file} exports one *Methods table`).toBe(1);
      for (const name of Object.keys(tables[0][1] as object)) {
        expect(name.split('.')[0], `${name} lives in ${file}`).toBe(domain);
        seen.add(name);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(handlers).sort());
  });

  it('the method list is the one documented here', () => {
    expect(Object.keys(handlers).sort()).toMatchSnapshot();
  });
});
