/**
 * What a build was made from. `tsup.config.ts` writes a stamp when a build starts (a hash of
 * every build input, whether declarations are part of it); the runtime tests'
 * global setup (test/runtime/global-setup.ts) reads it, so a `dist/` that `npm run build` made
 * from the very sources under test (as CI does right before `npm test`) is taken as it is
 * instead of being built again.
 *
 * Stamps live in `node_modules/.cache/essc-sdk/stamps/`, never in the output directory: `dist/`
 * is what npm publishes.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** The files and directories a build depends on, relative to the repository root. */
export const BUILD_INPUTS = [
  'src',
  'tsup.config.ts',
  'scripts/build-stamp.ts',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
] as const;

/** What {@link writeBuildStamp} records about a build. */
export interface BuildStamp {
  /** The absolute output directory. */
  outDir: string;
  /** {@link buildInputsHash} when the build started. */
  inputs: string;
  /** Whether the build writes `.d.ts`/`.d.cts` files. */
  declarations: boolean;
  /** When the build started (ms since the epoch): its files are not older. */
  startedAt: number;
}

function listFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => listFiles(join(path, entry.name)));
}

/** A hash of every build input's path and content (16 hex digits). */
export function buildInputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const input of BUILD_INPUTS) {
    for (const file of listFiles(join(root, input))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function stampPath(root: string, outDir: string): string {
  const key = createHash('sha256').update(resolve(root, outDir)).digest('hex').slice(0, 16);
  return join(root, 'node_modules/.cache/essc-sdk/stamps', `${key}.json`);
}

/** Records that a build of the current inputs into `outDir` starts now. */
export function writeBuildStamp(root: string, outDir: string, declarations: boolean): void {
  const path = stampPath(root, outDir);
  const stamp: BuildStamp = {
    outDir: resolve(root, outDir),
    inputs: buildInputsHash(root),
    declarations,
    startedAt: Date.now(),
  };
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(stamp, null, 2)}\n`);
}

/** The stamp of the last build started into `outDir`, if any. */
export function readBuildStamp(root: string, outDir: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(stampPath(root, outDir), 'utf8')) as BuildStamp;
  } catch {
    return undefined;
  }
}

/** Forgets the stamp of `outDir` (a build directory that was moved or removed). */
export function removeBuildStamp(root: string, outDir: string): void {
  rmSync(stampPath(root, outDir), { force: true });
}
