import { defineConfig } from 'vitest/config';

/**
 * Two projects:
 * - `unit`: everything under test/ except test/runtime, run against the sources.
 * - `runtime`: test/runtime, run against the built package. Its global setup builds the
 *   package once into `.vitest-artifacts/` (cached by a hash of the inputs), so `npm test`
 *   works on a fresh clone without `npm run build`, and runs of unit tests alone never build.
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
          exclude: ['test/runtime/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'runtime',
          include: ['test/runtime/**/*.test.ts'],
          globalSetup: ['test/runtime/global-setup.ts'],
          // The build can take a while on a cold machine; it runs before the first test.
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
