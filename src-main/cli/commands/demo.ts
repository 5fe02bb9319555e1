import path from 'node:path';
import fs from 'node:fs';
import type { Command } from '../command.js';
import { parse, requireOpt } from '../args.js';
import { guarded } from '../run-api.js';
import { ApiError } from '../../api/errors.js';
import { createDemoDatabase } from '../../app/demo-db.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'create a database with the catalogs, public prices and the demo scenarios',
  usage: `headroom demo --db PATH [--force] [--json]

Creates PATH with the GPU and model catalogs, public prices, a demo inventory (US and CN
sites) and the demo scenarios. Refuses (exit 2) if PATH exists, unless --force.`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, force: { type: 'boolean' } });
    const dbPath = path.resolve(io.cwd, requireOpt(values.db, 'db'));
    if (fs.existsSync(dbPath) && !values.force) throw new ApiError('bad_request', `${dbPath} already exists (use --force to replace it)`, 'db');
    createDemoDatabase(dbPath, io.appRoot, Boolean(values.force));
    io.out(values.json ? JSON.stringify({ db: dbPath, created: true }) : `created demo database ${dbPath}`);
  }),
};
