/**
 * The package the benchmarks measure: the **published build** (`dist/` as npm ships it), not
 * the sources through tsx (whose transform adds a `__name` call per closure and moved a figure
 * from 0.66× to 0.57× for the same code). The build is the one the runtime tests use
 * (test/runtime/global-setup.ts): `dist/` when `npm run build` made it from these very
 * sources, else a build of them cached under `node_modules/.cache/essc-sdk/` (a few seconds
 * the first time, nothing after). `ESSC_BENCH_DIR=<dir>` measures another build laid out the
 * same way (`<dir>/dist/…`: an earlier commit's, for a before/after); `ESSC_BENCH_SOURCES=1`
 * loads the sources instead, for a breakdown of what the build changes.
 *
 * The modules are typed from the sources: the build is made from them.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensurePackageBuilt } from '../test/runtime/global-setup.js';

/** The entries the benchmarks use, as a user imports them. */
export interface Package {
  /** Where the modules came from (a build directory, or `src (tsx)`). */
  from: string;
  core: typeof import('../src/index.js');
  mock: typeof import('../src/mock/index.js');
  acceptor: typeof import('../src/acceptor/index.js');
  http: typeof import('../src/http/index.js');
  sandbox: typeof import('../src/sandbox/index.js');
  hosted: typeof import('../src/hosted/index.js');
  offline: typeof import('../src/offline/index.js');
}

let loaded: Promise<Package> | undefined;

async function load(): Promise<Package> {
  if (process.env.ESSC_BENCH_SOURCES === '1') {
    return {
      from: 'src (tsx)',
      core: await import('../src/index.js'),
      mock: await import('../src/mock/index.js'),
      acceptor: await import('../src/acceptor/index.js'),
      http: await import('../src/http/index.js'),
      sandbox: await import('../src/sandbox/index.js'),
      hosted: await import('../src/hosted/index.js'),
      offline: await import('../src/offline/index.js'),
    };
  }
  return loadPackageFrom(process.env.ESSC_BENCH_DIR ?? ensurePackageBuilt().dir);
}

/**
 * The package as built in `dir` (`<dir>/dist/…`), whatever `ESSC_BENCH_DIR` says: two builds
 * can be loaded side by side (two module graphs), as bench/compare-builds.ts does.
 *
 * @example
 * ```ts
 * const before = await loadPackageFrom('/tmp/before');
 * ```
 */
export async function loadPackageFrom(dir: string): Promise<Package> {
  // biome-ignore lint/suspicious/noExplicitAny: typed by the caller from the sources
  const entry = (name: string): Promise<any> =>
    import(pathToFileURL(join(dir, 'dist', `${name}.js`)).href);
  return {
    from: dir,
    core: await entry('index'),
    mock: await entry('mock'),
    acceptor: await entry('acceptor'),
    http: await entry('http'),
    sandbox: await entry('sandbox'),
    hosted: await entry('hosted'),
    offline: await entry('offline'),
  };
}

/**
 * The package under measurement, loaded once per process.
 *
 * @example
 * ```ts
 * const { core, mock } = await loadPackage();
 * const platform = new mock.MockPlatform();
 * ```
 */
export function loadPackage(): Promise<Package> {
  loaded ??= load();
  return loaded;
}

/**
 * The machine's load averages (1, 5, 15 min) as one line: other engineers run test suites on
 * these 2-core machines, and a figure means little without it.
 *
 * @example
 * ```ts
 * console.log(loadLine()); // load average 3.12 / 4.93 / 6.02 (2 CPUs)
 * ```
 */
export function loadLine(): string {
  const [one, five, fifteen] = loadavg();
  return `load average ${one!.toFixed(2)} / ${five!.toFixed(2)} / ${fifteen!.toFixed(2)} (1/5/15 min)`;
}
