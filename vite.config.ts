import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The renderer is a Vite SPA; vitest shares this file. The `browser` condition is only
// needed so Svelte 5 components mount under jsdom (TOOLCHAIN.md pitfall 4).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [svelte()],
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  build: { outDir: '../build/renderer', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  test: {
    root: '.',
    include: ['test/**/*.test.ts', 'test/**/*.spec.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Files share their fork's module cache: each file re-importing the engine, the store and the
    // API cost ~97 s of a 636 s suite (import 26 s and 580 s without). The code keeps no per-test
    // global state (caches are WeakMaps keyed by immutable inputs; the worker pools are unref'd).
    isolate: false,
    fileParallelism: true,
    // Most files wait on child processes (the CLI, Chromium, LibreOffice): one fork per core, not
    // vitest's cores − 1, which on a 2-core CI machine ran the suite one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
