/**
 * Global setup of the `runtime` test project: builds the package the way `npm run build` does
 * and hands the tests a directory laid out like the published package
 * (`<dir>/package.json` + `<dir>/dist/…`).
 *
 * The build goes to `node_modules/.cache/essc-sdk/build-<hash>`, where `<hash>` covers every
 * build input (src/, tsup.config.ts, package.json, the lock file, tsconfig.json). A finished
 * directory is never changed again, so parallel test runs and a concurrent `npm run build`
 * cannot disturb each other, and a second run with unchanged sources does not build at all.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
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

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory laid out like the published package: `package.json` and `dist/`. */
    packageDir: string;
  }
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cacheRoot = join(root, 'node_modules/.cache/essc-sdk');
const inputs = ['src', 'tsup.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
const COMPLETE = '.complete';

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => listFiles(join(path, entry.name)));
}

function inputHash(): string {
  const hash = createHash('sha256');
  for (const input of inputs) {
    for (const file of listFiles(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function runTsup(outDir: string): void {
  const require = createRequire(import.meta.url);
  const tsupPackage = require.resolve('tsup/package.json');
  const bin = (JSON.parse(readFileSync(tsupPackage, 'utf8')) as { bin: Record<string, string> }).bin
    .tsup;
  if (!bin) throw new Error('tsup has no `tsup` bin');
  try {
    execFileSync(process.execPath, [join(dirname(tsupPackage), bin)], {
      cwd: root,
      env: { ...process.env, ESSC_DIST_DIR: join(outDir, 'dist'), NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsup failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

/** Removes builds other than `keep` that are older than an hour (a run may still read them). */
function pruneOldBuilds(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(cacheRoot)) {
    const path = join(cacheRoot, name);
    if (path === keep) continue;
    try {
      if (statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/** Builds the package unless a build of the same inputs exists; returns its directory. */
export function ensurePackageBuilt(): string {
  const finalDir = join(cacheRoot, `build-${inputHash()}`);
  if (existsSync(join(finalDir, COMPLETE))) return finalDir;

  mkdirSync(cacheRoot, { recursive: true });
  const tmpDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
  const started = Date.now();
  runTsup(tmpDir);
  copyFileSync(join(root, 'package.json'), join(tmpDir, 'package.json'));
  writeFileSync(join(tmpDir, COMPLETE), `${new Date().toISOString()}\n`);
  try {
    renameSync(tmpDir, finalDir);
  } catch (error) {
    // Another run finished the same build first: use theirs.
    rmSync(tmpDir, { recursive: true, force: true });
    if (!existsSync(join(finalDir, COMPLETE))) throw error;
  }
  console.log(`[runtime tests] built the package in ${Date.now() - started} ms -> ${finalDir}`);
  pruneOldBuilds(finalDir);
  return finalDir;
}

export default function setup(project: TestProject): void {
  project.provide('packageDir', ensurePackageBuilt());
}
