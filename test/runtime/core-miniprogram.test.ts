/**
 * The core (`essc-sdk`) and the other entries of kind `mini` in tsup.config.ts must run in a
 * mini-program: CommonJS, no fetch/XMLHttpRequest, no WebCrypto, no Node builtins, no eval or
 * `new Function` (DESIGN §2, §4). These tests load their built CommonJS files in a Node process
 * stripped down to that, and read the bundle text.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import { measureSizes, report } from '../../scripts/size.js';
import { entries } from '../../tsup.config.js';

const packageDir = inject('packageDir');
const dist = join(packageDir, 'dist');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sandbox = join(root, 'test/runtime/fixtures/miniprogram-sandbox.cjs');
/** The `mini` entries other than the core that are built (sources may still be missing). */
const otherMiniEntries = entries.filter(
  (e) => e.kind === 'mini' && e.name !== 'index' && existsSync(join(root, e.source)),
);

interface SandboxResult {
  file: string;
  removedGlobals: string[];
  blockedRequires: string[];
  codeGeneration: string[];
  exports: string[];
  checks: Record<string, unknown>;
  zodJitless: boolean | null;
  errors: string[];
}

/**
 * Library calls newer than the oldest runtime the mini-program entries must run on: WeChat and
 * Alipay on iOS < 15.4 run JavaScriptCore without them. The build's es2020 target lowers
 * syntax only, never a library call, so one slips into the bundle unless it is scanned for
 * here; each says what to write instead.
 */
const TOO_NEW_APIS: readonly (readonly [RegExp, string])[] = [
  [/\bObject\.hasOwn\s*\(/, 'Object.hasOwn (ES2022): use Object.prototype.hasOwnProperty.call'],
  [/\bstructuredClone\s*\(/, 'structuredClone (iOS 15.4)'],
  [/\.findLast(Index)?\s*\(/, 'Array.prototype.findLast (ES2023): loop from the end'],
];

/** `<file> calls <api>` for each of {@link TOO_NEW_APIS} a file calls. */
function tooNewCalls(files: Map<string, string>): string[] {
  return [...files].flatMap(([file, text]) =>
    TOO_NEW_APIS.filter(([pattern]) => pattern.test(text)).map(([, api]) => `${file} calls ${api}`),
  );
}

function runSandbox(file: string, flags: { selfContained: boolean; core: boolean }): SandboxResult {
  const args = ['--disallow-code-generation-from-strings', sandbox, file];
  if (flags.selfContained) args.push('--self-contained');
  if (flags.core) args.push('--core');
  const stdout = execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 30_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('SANDBOX_RESULT '));
  if (!line) throw new Error(`the sandbox printed no result:\n${stdout}`);
  return JSON.parse(line.slice('SANDBOX_RESULT '.length)) as SandboxResult;
}

/** A built file and every file it reaches through relative `require`/`import`. */
function closure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const match of text.matchAll(/(?:require\(|from\s*|import\s*\(?)\s*['"](\.[^'"]+)['"]/g)) {
      pending.push(resolve(dirname(file), match[1]!));
    }
  }
  return files;
}

/** Imports of packages or builtins (bare specifiers) in a set of built files. */
function bareSpecifiers(files: Map<string, string>): string[] {
  const found = new Set<string>();
  for (const text of files.values()) {
    for (const match of text.matchAll(
      /(?:require\(|from\s*|import\s*\(?)\s*['"]([^.'"][^'"]*)['"]/g,
    )) {
      found.add(match[1]!);
    }
  }
  return [...found].sort();
}

/** Loads without Node builtins (or packages), and never generates code from strings. */
function expectLoadsInMiniProgram(result: SandboxResult): void {
  expect(result.errors, 'it threw while loading or running').toEqual([]);
  expect(result.removedGlobals).toEqual(
    expect.arrayContaining(['fetch', 'crypto', 'Request', 'Response', 'Headers', 'process']),
  );
  expect(result.blockedRequires, 'it required Node builtins (or packages)').toEqual([]);
  expect(result.exports.length, 'it has exports').toBeGreaterThan(0);
  expect(
    result.codeGeneration,
    'zod tried to compile code with new Function: the core must call z.config({ jitless: true }) ' +
      'before it creates any schema (zod 4 decides at schema creation)',
  ).toEqual([]);
}

function expectMiniProgramReady(result: SandboxResult): void {
  expect(result.checks).toMatchObject({
    createClientIsFunction: true,
    validIdAccepted: true,
    badChecksumRejected: true,
    notAnIdRejected: true,
    isEsscErrorRejectsPlainError: true,
    invalidApplyRejected: true,
    rejectionIsEsscError: true,
    rejectionCode: 'VALIDATION_FAILED',
    adapterCalls: [],
  });
  expectLoadsInMiniProgram(result);
}

function miniprogramDir(): string {
  const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    miniprogram?: string;
  };
  expect(pkg.miniprogram, 'package.json has a "miniprogram" directory').toBeTypeOf('string');
  return join(packageDir, pkg.miniprogram!);
}

describe('the CommonJS core in a mini-program-like runtime', () => {
  it('dist/index.cjs loads without fetch, WebCrypto, Node builtins or eval, and validates', () => {
    const result = runSandbox(join(dist, 'index.cjs'), { selfContained: false, core: true });
    expectMiniProgramReady(result);
    expect(
      result.zodJitless,
      'the core does not set z.config({ jitless: true }) (mini-programs forbid new Function)',
    ).toBe(true);
  });

  it('the self-contained mini-program build (package.json "miniprogram") does the same', () => {
    const file = join(miniprogramDir(), 'index.js');
    expect(existsSync(file), `${file} exists`).toBe(true);
    expectMiniProgramReady(runSandbox(file, { selfContained: true, core: true }));
  });

  it.skipIf(otherMiniEntries.length === 0).each(otherMiniEntries.map((e) => [e.name]))(
    'the other mini-program entries load there too: %s',
    (name) => {
      // essc-sdk/offline's dist CJS requires @noble/curves, whose hashes take their `node` entry
      // under Node's resolution (node:crypto); a mini-program loads the self-contained bundle
      // below, built for the browser entry (offline-miniprogram.test.ts issues a code with it).
      if (name !== 'offline') {
        expectLoadsInMiniProgram(
          runSandbox(join(dist, `${name}.cjs`), { selfContained: false, core: false }),
        );
      }
      expectLoadsInMiniProgram(
        runSandbox(join(miniprogramDir(), `${name}.js`), { selfContained: true, core: false }),
      );
    },
  );
});

describe('the bundle text of the mini-program entries', () => {
  const cjs = closure(join(dist, 'index.cjs'));
  const esm = closure(join(dist, 'index.js'));
  const all = ['index', ...otherMiniEntries.map((e) => e.name)].flatMap((name) => [
    [`${name}.cjs`, closure(join(dist, `${name}.cjs`))] as const,
    [`${name}.js`, closure(join(dist, `${name}.js`))] as const,
  ]);

  it.each(all)('%s imports only runtime-agnostic dependencies', (_file, files) => {
    expect(bareSpecifiers(files)).toEqual(
      expect.not.arrayContaining(['jose', 'ky', 'vitest', 'ioredis']),
    );
    // uqr (the QR encoder behind essc-sdk/render) is plain JavaScript with no imports.
    for (const specifier of bareSpecifiers(files)) {
      // essc-sdk/offline signs on the phone with pure-JS libraries (@noble/curves, sm-crypto-v2).
      expect(
        ['zod', 'zod/mini', 'eventemitter3', 'uqr', '@noble/curves/ed25519', 'sm-crypto-v2'],
        `the core imports '${specifier}'`,
      ).toContain(specifier);
    }
  });

  it.each(all)('%s contains no jose or ky code and no eval or new Function', (_file, files) => {
    for (const [file, text] of files) {
      expect(text, `${file} inlines jose`).not.toMatch(/node_modules\/jose\//);
      expect(text, `${file} inlines ky`).not.toMatch(/node_modules\/ky\//);
      expect(text, `${file} calls eval`).not.toMatch(/\beval\s*\(/);
      expect(text, `${file} uses new Function`).not.toMatch(/\bnew\s+Function\b/);
    }
  });

  it.each(all)('%s calls no API newer than the oldest mini-program runtime', (_file, files) => {
    expect(tooNewCalls(files)).toEqual([]);
  });

  it('the self-contained mini-program bundles (zod inside) call none of them either', () => {
    const dir = miniprogramDir();
    const bundles = new Map(
      ['index', ...otherMiniEntries.map((e) => e.name)].map((name) => [
        `miniprogram/${name}.js`,
        readFileSync(join(dir, `${name}.js`), 'utf8'),
      ]),
    );
    expect(tooNewCalls(bundles)).toEqual([]);
  });

  it('reports its size (information, not a limit)', () => {
    const gzip = (files: Map<string, string>) =>
      [...files.values()].reduce((sum, text) => sum + gzipSync(text).length, 0);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    const mini = join(dist, 'miniprogram/index.js');
    console.log(
      `core size, gzip: ESM ${kb(gzip(esm))} (${esm.size} files, zod and eventemitter3 external)` +
        `, CJS ${kb(gzip(cjs))}` +
        (existsSync(mini)
          ? `, mini-program bundle ${kb(gzipSync(readFileSync(mini)).length)} ` +
            `(${kb(readFileSync(mini).length)} minified, zod included)`
          : ''),
    );
    expect(esm.size).toBeGreaterThan(0);
  });

  it('stays within its size budget as a mini-program bundles it (scripts/size.ts)', async () => {
    const { lines, ok } = report(await measureSizes(dist));
    console.log(lines.join('\n'));
    expect(ok, lines.join('\n')).toBe(true);
  });
});
