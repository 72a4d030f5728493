import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { svelte } from '@sveltejs/vite-plugin-svelte'

const repo = fileURLToPath(new URL('.', import.meta.url))

// The client lives in client/ and is built to dist/client, which the one server process serves.
// `npm run dev` serves it with hot reload and forwards /api to the server on :8080.
// Test projects: unit (pure), db and api (one real database per run, shared by every file, so files run in
// one worker without isolation; ZD_TEST_DB picks embedded or server), e2e (Chromium against a started app).
export default defineConfig({
  root: 'client',
  plugins: [svelte()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two pages: the office's app at / and the public portal at /portal/ (client/portal/, its own small bundle).
    rollupOptions: {
      input: { main: fileURLToPath(new URL('./client/index.html', import.meta.url)), portal: fileURLToPath(new URL('./client/portal/index.html', import.meta.url)) },
    },
  },
  server: { port: 5173, proxy: { '/api': 'http://localhost:8080' } },
  test: {
    projects: [
      { test: { name: 'unit', root: repo, include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'db', root: repo, include: ['tests/db/**/*.test.ts'], environment: 'node',
          pool: 'forks', isolate: false, fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'api', root: repo, include: ['tests/api/**/*.test.ts'], environment: 'node',
          pool: 'forks', isolate: false, fileParallelism: false, testTimeout: 60_000, hookTimeout: 120_000,
        },
      },
      {
        // A primary and a hot standby as two private PostgreSQL clusters it creates and removes itself (needs
        // PostgreSQL and PostGIS installed; skipped without them).
        test: {
          name: 'replica', root: repo, include: ['tests/replica/**/*.test.ts'], environment: 'node',
          pool: 'forks', fileParallelism: false, testTimeout: 90_000, hookTimeout: 120_000,
        },
      },
      {
        // Infrastructure faults (tests/faults/): the real server process on a private PostgreSQL cluster it creates,
        // restarts, fills up and removes itself, and the server killed mid-write on both databases.
        test: {
          // The two files (server, embedded) run side by side: each is mostly waiting for a process to start.
          name: 'faults', root: repo, include: ['tests/faults/**/*.test.ts'], environment: 'node',
          pool: 'forks', testTimeout: 120_000, hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e', root: repo, include: ['tests/e2e/**/*.test.ts'], environment: 'node',
          fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000,
          // expect.poll's default 1 s is too short where Chromium's software rendering shares two cores with the
          // app: a list that reloads after a filter took longer on CI and the poll saw the empty list in between.
          expect: { poll: { timeout: 10_000 } },
          // Loads the demo into one database at the start; each file's app starts on a copy of it.
          globalSetup: ['tests/helpers/e2e-global-setup.ts'],
        },
      },
    ],
  },
})
