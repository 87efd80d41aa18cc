/**
 * Build of `essc-sdk`: one row per subpath in {@link entries}; everything else follows from it.
 *
 * Three builds come out of the table:
 *
 * 1. ESM (`dist/<name>.js` + `.d.ts`) for every entry. Dependencies stay external.
 * 2. CommonJS (`dist/<name>.cjs` + `.d.cts`) for every entry that is not ESM-only. jose and
 *    ky are ESM-only packages (a `require()` of them needs Node's require(esm), and esbuild's
 *    CJS interop breaks ky's default export), so they are inlined into these CJS files
 *    (`noExternal`): CJS callers get a private copy. The core never imports them; the runtime
 *    test `test/runtime/core-miniprogram.test.ts` checks that its CJS closure holds neither.
 *    Code splitting is on, so `require('essc-sdk')` and `require('essc-sdk/mock')` share one
 *    copy of the core (one `EsscError` class, one set of schemas).
 * 3. Mini-program (`dist/miniprogram/<name>.js`, CommonJS, self-contained) for the entries of
 *    kind `mini`: WeChat's "build npm" copies the directory named by the `miniprogram` field of
 *    package.json as is and does not understand `.cjs` or `exports`, so zod and eventemitter3
 *    are bundled in. It is built for `platform: 'browser'`: a Node builtin imported by the core
 *    fails the build.
 *
 * `ESSC_DIST_DIR` moves the output (the runtime tests build into `node_modules/.cache/essc-sdk/`).
 * `ESSC_BUILD_DTS=0` leaves out the declarations (`.d.ts`, `.d.cts`): they are most of the
 * build's time and memory (about 30 s and 3.8 GB of 35 s on two cores), and the runtime tests
 * of a plain `npm test` load only the JavaScript. Every build records what it was made from
 * (scripts/build-stamp.ts), so the runtime tests take a `dist/` built from the same sources.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';
import { writeBuildStamp } from './scripts/build-stamp.js';

/**
 * How an entry ships.
 * - `mini`: runs everywhere, mini-programs included (no jose, ky, fetch, WebCrypto, Node
 *   builtins, eval). ESM + CJS + the self-contained mini-program bundle.
 * - `dual`: ESM + CJS (jose and ky inlined into the CJS file).
 * - `esm`: ESM only (`essc-sdk/testing`: vitest itself cannot be `require()`d).
 */
export type EntryKind = 'mini' | 'dual' | 'esm';

export interface EntrySpec {
  /** Output base name in `dist/`; the subpath is `essc-sdk/<name>` (`index` is `essc-sdk`). */
  name: string;
  /** Source file, relative to the repository root. */
  source: string;
  kind: EntryKind;
}

/**
 * The subpath entries. To add one: a row here, an `exports` entry in package.json (the
 * `exports` test fails until both exist) and an entry point in typedoc.json.
 */
export const entries: readonly EntrySpec[] = [
  { name: 'index', source: 'src/index.ts', kind: 'mini' },
  { name: 'mock', source: 'src/mock/index.ts', kind: 'dual' },
  { name: 'acceptor', source: 'src/acceptor/index.ts', kind: 'dual' },
  { name: 'hosted', source: 'src/hosted/index.ts', kind: 'dual' },
  { name: 'redis', source: 'src/redis/index.ts', kind: 'dual' },
  { name: 'testing', source: 'src/testing/index.ts', kind: 'esm' },
  { name: 'render', source: 'src/render/index.ts', kind: 'mini' },
  // The relay handler runs on channel backends (Node, Deno, workers); the mini-program loads
  // the relay adapter through `miniprogram`, whose bundle is the one built for it.
  { name: 'relay', source: 'src/relay/index.ts', kind: 'dual' },
  { name: 'miniprogram', source: 'src/miniprogram/index.ts', kind: 'mini' },
  { name: 'http', source: 'src/http/index.ts', kind: 'dual' },
  { name: 'sandbox', source: 'src/sandbox/index.ts', kind: 'dual' },
  // What to do about each error code: the long texts the core leaves out (size budget).
  { name: 'errors', source: 'src/errors/index.ts', kind: 'mini' },
  // What the citizen and the clerk read, in Chinese; region names are their own entry, the
  // largest table a mini-program might load.
  { name: 'i18n', source: 'src/i18n/index.ts', kind: 'mini' },
  { name: 'regions', source: 'src/regions/index.ts', kind: 'mini' },
  // Offline codes made on the phone (R39, R40): pure-JS signatures, loaded by mini-programs.
  { name: 'offline', source: 'src/offline/index.ts', kind: 'mini' },
];

/** ESM-only packages that the CJS build inlines. */
const esmOnlyDependencies = ['jose', 'ky'];

/** TypeScript 6: tsup's .d.ts step injects the deprecated `baseUrl`. */
const dtsOptions = { compilerOptions: { ignoreDeprecations: '6.0' } };

/** Whether this build writes declarations (all but `ESSC_BUILD_DTS=0` builds do). */
function withDeclarations(): boolean {
  return process.env.ESSC_BUILD_DTS !== '0';
}

/** The directory the build writes to (`dist` unless `ESSC_DIST_DIR` says otherwise). */
export function distDir(): string {
  return process.env.ESSC_DIST_DIR ?? 'dist';
}

function entryMap(kinds: readonly EntryKind[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    if (!kinds.includes(entry.kind)) continue;
    if (!existsSync(entry.source)) {
      // Others may still be writing it; the exports test reports the missing subpath.
      console.warn(
        `tsup.config: ${entry.source} does not exist yet, skipping entry '${entry.name}'`,
      );
      continue;
    }
    map[entry.name] = entry.source;
  }
  return map;
}

export default function config(overrides: Options): Options[] {
  const outDir = distDir();
  // The builds below run in parallel, so none of them may use tsup's `clean`.
  if (!overrides.watch) {
    rmSync(outDir, { recursive: true, force: true });
    writeBuildStamp(process.cwd(), outDir, withDeclarations());
  }

  const common = {
    outDir,
    target: 'es2020',
    sourcemap: true,
    treeshake: true,
    splitting: true,
    dts: withDeclarations() ? dtsOptions : false,
    clean: false,
  } satisfies Options;

  const builds: Options[] = [
    {
      ...common,
      name: 'esm',
      entry: entryMap(['mini', 'dual', 'esm']),
      format: ['esm'],
      platform: 'node',
    },
    {
      ...common,
      name: 'cjs',
      entry: entryMap(['mini', 'dual']),
      format: ['cjs'],
      platform: 'node',
      noExternal: esmOnlyDependencies,
    },
  ];

  const mini = entryMap(['mini']);
  if (Object.keys(mini).length > 0) {
    const miniDir = join(outDir, 'miniprogram');
    builds.push({
      name: 'miniprogram',
      entry: mini,
      outDir: miniDir,
      format: ['cjs'],
      platform: 'browser',
      target: 'es2020',
      outExtension: () => ({ js: '.js' }),
      // Self-contained: WeChat's npm build does not resolve `exports` or `.cjs` files.
      noExternal: [/.*/],
      splitting: true,
      treeshake: true,
      minify: true,
      keepNames: true,
      sourcemap: false,
      dts: false,
      clean: false,
      onSuccess: async () => {
        // `.js` files under a `"type": "module"` package would be ESM to Node.
        mkdirSync(miniDir, { recursive: true });
        writeFileSync(
          join(miniDir, 'package.json'),
          `${JSON.stringify({ type: 'commonjs', private: true }, null, 2)}\n`,
        );
      },
    });
  }

  return builds;
}
