import path from 'node:path';
import type { Command } from '../command.js';
import { intOpt, parse, requireOpt } from '../args.js';
import { guarded } from '../run-api.js';
import { openDatabase, closeDatabase } from '../../store/open.js';
import { startServer } from '../../web/server.js';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the UI and API on 127.0.0.1 (prints the URL with its per-run token)',
  usage: `headroom serve --db PATH [--port N]

Serves the Headroom UI and the API on 127.0.0.1 only. The first line on stdout is the URL
with this run's token (http://127.0.0.1:PORT/?token=...). API: POST /api/<method> with a JSON
body and the token as "Authorization: Bearer ..." (opening the URL swaps the token for a
cookie and removes it from the address bar; a token in an API URL is refused). Stops on Ctrl-C.`,
  run: (argv, io) => guarded(io, async () => {
    const { values } = parse(argv, { db: { type: 'string' }, port: { type: 'string' } });
    const dbPath = path.resolve(io.cwd, requireOpt(values.db, 'db'));
    const db = openDatabase(dbPath, { appRoot: io.appRoot });
    const srv = await startServer({
      ctx: { db, dbPath, appRoot: io.appRoot, now: () => new Date() },
      staticDir: path.join(io.appRoot, 'build', 'renderer'),
      port: intOpt(values.port, 'port'),
      log: (l) => io.err(l),
    });
    io.out(srv.url);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await srv.close();
    closeDatabase(db);
  }),
};
