import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer.js';

/**
 * Test files that change the process for the files after them: they mock modules, stub
 * globals (or set them: the mini-program examples install jsdom's `window` and `wx`), fake
 * timers or spy. Found by their text, so a new such file is isolated without a list to keep.
 */
const CHANGES_THE_PROCESS =
  /\bvi\.(mock|doMock|unmock|stubGlobal|stubEnv|useFakeTimers|spyOn)\(|globalThis|\bglobal\.|process\.env\.\w+\s*=[^=]|process\.chdir/;

const root = fileURLToPath(new URL('.', import.meta.url));

/** The test files under `dir`, relative to the root. */
function testFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const isolatedFiles = testFiles('test').filter(
  (file) =>
    !file.startsWith('test/runtime/') &&
    CHANGES_THE_PROCESS.test(readFileSync(join(root, file), 'utf8')),
);

/**
 * Three projects:
 * - `unit`: the tests under test/ that leave the process as they found it, run against the
 *   sources, several files to a worker process (`isolate: false`): each file otherwise pays
 *   for a new process and loading the sources again, 40 s of the suite's CPU.
 * - `unit-isolated`: the files that change the process (above) and test/model (others' work
 *   in progress), each in a fresh process.
 * - `runtime`: test/runtime, run against the built package. Its global setup takes `dist/`
 *   when `npm run build` made it from the same sources (CI), else builds the package without
 *   declarations in a few seconds (cached by a hash of the inputs), so `npm test` works on a
 *   fresh clone without `npm run build`, and runs of unit tests alone never build. Its files
 *   run first, so the first results come within seconds.
 */
export default defineConfig({
  // `essc-sdk` and `essc-sdk/<subpath>` resolve to the sources, as tsconfig.json `paths` says
  // (the runtime tests load the built package in child processes, outside this resolution).
  resolve: { tsconfigPaths: true },
  test: {
    // Crypto on two slow cores: generous per-test budget, never used as a performance bound.
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on these two-core
    // machines, idle while a file waits on sockets, child processes (tsx, redis-server) or
    // Chromium. One worker a core: the suite has grown CPU-bound (vmstat: 1–2 % idle through a
    // whole run; SM2 decryption, Chromium's renderers and the example processes), so a third
    // worker (availableParallelism() + 1, 102 → 91 s when the suite waited more) now only adds a
    // module cache and a third Chromium competing for the two cores: 115, 120, 115, 109 s with
    // three workers against 108, 109, 109 s with two, alternating on the same machine (load 6–7).
    maxWorkers: availableParallelism(),
    // Runtime tests first, then the longest files first (test/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/runtime/**', 'test/model/**', ...isolatedFiles],
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-isolated',
          include: ['test/model/**/*.test.ts', ...isolatedFiles],
          exclude: ['test/runtime/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'runtime',
          include: ['test/runtime/**/*.test.ts'],
          globalSetup: ['test/runtime/global-setup.ts'],
          // A build with declarations (CI without a fresh dist/) takes a while on a cold machine.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
