// What every handler receives. Hosts build it; handlers never reach for globals.
import type { WritableDB } from '../store/handles.js';
import { processJobs, type JobRegistry } from './jobs.js';

export interface Progress {
  (done: number, total: number, label?: string): void;
}

export interface AppContext {
  db: WritableDB;
  dbPath: string;
  /** Root of the installed app (package.json lives here): db/ migrations and seed data. */
  appRoot: string;
  now: () => Date;
  /** Long jobs report here and check `signal`. */
  progress?: Progress;
  signal?: AbortSignal;
  /**
   * Set by the hosts that serve a renderer (the web host, Electron IPC). Not a security check:
   * file paths are refused by construction (shared/local-path.ts: a path field takes only a
   * LocalPath, which JSON and structured clone cannot produce and only the CLI host mints).
   */
  fromRenderer?: boolean;
  /** Long jobs of this host (progress, cancel, results). Hosts pass their own; default: the process's. */
  jobs?: JobRegistry;
}

export const jobsOf = (ctx: AppContext): JobRegistry => ctx.jobs ?? processJobs;
