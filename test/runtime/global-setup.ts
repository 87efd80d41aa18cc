/**
 * Global setup of the `runtime` test project: hands the tests a directory laid out like the
 * published package (`<dir>/package.json` + `<dir>/dist/…`), built from the sources under test.
 *
 * Builds go to `node_modules/.cache/essc-sdk/build-<hash>[-js]`, where `<hash>` covers every
 * build input (scripts/build-stamp.ts). A finished directory is never changed again, so parallel
 * test runs and a concurrent `npm run build` cannot disturb each other, and a second run with
 * unchanged sources does not build at all. Where the directory comes from, cheapest first:
 *
 * 1. a finished directory of the same inputs, with declarations;
 * 2. `dist/`, when `npm run build` made it from these very inputs (its build stamp says so, as
 *    in CI, which builds right before `npm test`): copied, declarations included, no build;
 * 3. a build without declarations (`-js`, tsup without its .d.ts step: a few seconds instead
 *    of about 35 s and 3.8 GB), unless `CI` is set or `ESSC_RUNTIME_DTS=1` asks for them; the
 *    tests of the declaration files say they were left out and why.
 *
 * It says which one on standard error, and a build announces itself before it starts.
 */
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildInputsHash, readBuildStamp, removeBuildStamp } from '../../scripts/build-stamp.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory laid out like the published package: `package.json` and `dist/`. */
    packageDir: string;
    /** Whether `packageDir`'s build has the declaration files (`.d.ts`, `.d.cts`). */
    packageHasDeclarations: boolean;
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = join(root, 'node_modules/.cache/essc-sdk');
const COMPLETE = '.complete';

// To standard error, unbuffered, one line each: the reporter owns standard output, and a
// build of the package can take a while before the first test result (issue 24).
function log(message: string): void {
  process.stderr.write(`[runtime tests] ${message}\n`);
}

function complete(dir: string): boolean {
  return existsSync(join(dir, COMPLETE));
}

function runTsup(outDir: string, declarations: boolean): void {
  const require = createRequire(import.meta.url);
  const tsupPackage = require.resolve('tsup/package.json');
  const bin = (JSON.parse(readFileSync(tsupPackage, 'utf8')) as { bin: Record<string, string> }).bin
    .tsup;
  if (!bin) throw new Error('tsup has no `tsup` bin');
  try {
    execFileSync(process.execPath, [join(dirname(tsupPackage), bin)], {
      cwd: root,
      env: {
        ...process.env,
        ESSC_DIST_DIR: join(outDir, 'dist'),
        ESSC_BUILD_DTS: declarations ? '1' : '0',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsup failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** Moves a finished `tmpDir` to `finalDir`, or keeps the one another run finished first. */
function publish(tmpDir: string, finalDir: string): void {
  copyPackageJson(tmpDir);
  writeFileSync(join(tmpDir, COMPLETE), `${new Date().toISOString()}\n`);
  try {
    renameSync(tmpDir, finalDir);
  } catch (error) {
    rmSync(tmpDir, { recursive: true, force: true });
    if (!complete(finalDir)) throw error;
  }
}

function copyPackageJson(dir: string): void {
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
}

function tmpDirFor(finalDir: string): string {
  mkdirSync(cacheRoot, { recursive: true });
  return `${finalDir}.tmp-${process.pid}-${Date.now()}`;
}

/** Every file package.json names: `main`, `module`, `types` and the `exports` targets. */
function namedFiles(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    main?: string;
    module?: string;
    types?: string;
    exports?: unknown;
  };
  const targets = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(targets)
        : [];
  return [pkg.main, pkg.module, pkg.types, ...targets(pkg.exports)].filter(
    (target): target is string => target?.startsWith('./dist/') === true,
  );
}

/**
 * Copies `dist/` to `finalDir` when `npm run build` made it, declarations included, from
 * `inputs` and it is finished (every file package.json names is there, none older than the
 * build). Checked again after the copy, so a build started meanwhile is not taken half-done.
 */
function takeDist(inputs: string, finalDir: string): boolean {
  const dist = join(root, 'dist');
  const stamp = readBuildStamp(root, 'dist');
  const fresh = () =>
    stamp !== undefined &&
    stamp.outDir === dist &&
    stamp.inputs === inputs &&
    stamp.declarations &&
    readBuildStamp(root, 'dist')?.startedAt === stamp.startedAt &&
    namedFiles().every((file) => {
      const path = join(root, file);
      return existsSync(path) && statSync(path).mtimeMs >= stamp.startedAt - 1_000;
    });
  if (!fresh()) return false;
  const tmpDir = tmpDirFor(finalDir);
  try {
    cpSync(dist, join(tmpDir, 'dist'), { recursive: true });
  } catch {
    // A build started meanwhile removed dist/.
  }
  if (!fresh() || !existsSync(join(tmpDir, 'dist'))) {
    rmSync(tmpDir, { recursive: true, force: true });
    return false;
  }
  publish(tmpDir, finalDir);
  return true;
}

function build(finalDir: string, declarations: boolean): void {
  const tmpDir = tmpDirFor(finalDir);
  const started = Date.now();
  try {
    runTsup(tmpDir, declarations);
  } finally {
    // Its stamp names a directory that is renamed next: only dist/'s stamp is ever read.
    removeBuildStamp(root, join(tmpDir, 'dist'));
  }
  publish(tmpDir, finalDir);
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${relative(root, finalDir)}`);
}

/** Removes builds other than `keep` that are older than an hour (a run may still read them). */
function pruneOldBuilds(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, name);
    if (!name.startsWith('build-') || path === keep) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** Whether this run must check the declarations: in CI, or when asked. */
function declarationsRequired(): boolean {
  return Boolean(process.env.CI) || process.env.ESSC_RUNTIME_DTS === '1';
}

/** A built package of the current inputs (see the file's comment); returns its directory. */
export function ensurePackageBuilt(): { dir: string; declarations: boolean } {
  const inputs = buildInputsHash(root);
  const full = join(cacheRoot, `build-${inputs}`);
  const light = `${full}-js`;
  let result: { dir: string; declarations: boolean };
  if (complete(full)) {
    log(`using the build of these sources from an earlier run (${relative(root, full)})`);
    result = { dir: full, declarations: true };
  } else if (takeDist(inputs, full)) {
    log('dist/ was built from these sources by `npm run build`: testing it, declarations included');
    result = { dir: full, declarations: true };
  } else if (declarationsRequired()) {
    log('building the package with declarations (tsup, about 40 s: dist/ is not of these sources)');
    build(full, true);
    result = { dir: full, declarations: true };
  } else if (complete(light)) {
    log(
      `using the build of these sources from an earlier run (${relative(root, light)}, no declarations)`,
    );
    result = { dir: light, declarations: false };
  } else {
    log(
      'building the package without declarations (tsup, a few seconds; `npm run build` first, ' +
        'or ESSC_RUNTIME_DTS=1, tests the declaration files too)',
    );
    build(light, false);
    result = { dir: light, declarations: false };
  }
  pruneOldBuilds(result.dir);
  return result;
}

export default function setup(project: TestProject): void {
  const { dir, declarations } = ensurePackageBuilt();
  project.provide('packageDir', dir);
  project.provide('packageHasDeclarations', declarations);
}
