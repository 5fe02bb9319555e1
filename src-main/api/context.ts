// What every handler receives. Hosts build it; handlers never reach for globals.
import type { WritableDB } from '../store/handles.js';
import { ApiError } from './errors.js';
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
   * Set by the hosts that serve a renderer (the web host, Electron IPC). Such callers send file
   * bytes, never paths: a page must not make the app read or write files it names.
   */
  fromRenderer?: boolean;
  /** Long jobs of this host (progress, cancel, results). Hosts pass their own; default: the process's. */
  jobs?: JobRegistry;
}

export const jobsOf = (ctx: AppContext): JobRegistry => ctx.jobs ?? processJobs;

/** Refuses a path-taking input from a renderer (see AppContext.fromRenderer). */
export function localPathsOnly(ctx: AppContext, field: string): void {
  if (ctx.fromRenderer) throw new ApiError('forbidden', `${field}: file paths are accepted from the command line only; send the file's bytes instead`, field);
}
