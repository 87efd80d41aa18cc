/**
 * The subpaths of package.json `exports`, the entries of tsup.config.ts and the entry points of
 * typedoc.json describe the same set, and every file `exports` names is one the build
 * produces: a documented subpath cannot go missing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { type EntrySpec, entries } from '../../tsup.config.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packageDir = inject('packageDir');
// A plain `npm test` builds without declarations unless dist/ is fresh (test/runtime/global-setup.ts);
// CI always has them.
const hasDeclarations = inject('packageHasDeclarations');
const inCi = Boolean(process.env.CI);
const isDeclaration = (target: string) => /\.d\.c?ts$/.test(target);

type Conditions = { [condition: string]: string | Conditions };
interface PackageJson {
  name: string;
  main?: string;
  module?: string;
  types?: string;
  miniprogram?: string;
  exports: Record<string, string | Conditions>;
  typesVersions?: Record<string, Record<string, string[]>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
const typedoc = JSON.parse(readFileSync(join(root, 'typedoc.json'), 'utf8')) as {
  entryPoints: string[];
};

const subpathOf = (entry: EntrySpec) => (entry.name === 'index' ? '.' : `./${entry.name}`);
const entryOf = (subpath: string) =>
  entries.find((entry) => subpathOf(entry) === subpath) as EntrySpec | undefined;

/** The exports map an entry of each kind must have: `types` first in every condition. */
function expectedExports(entry: EntrySpec): Conditions {
  const esm = { types: `./dist/${entry.name}.d.ts`, default: `./dist/${entry.name}.js` };
  if (entry.kind === 'esm') return esm;
  return {
    import: esm,
    require: { types: `./dist/${entry.name}.d.cts`, default: `./dist/${entry.name}.cjs` },
  };
}

function targets(value: string | Conditions): string[] {
  return typeof value === 'string' ? [value] : Object.values(value).flatMap(targets);
}

describe('package.json exports ⇄ tsup entries ⇄ typedoc entry points', () => {
  const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');

  it('every exported subpath is a tsup entry', () => {
    expect(subpaths.filter((s) => entryOf(s) === undefined)).toEqual([]);
  });

  it('every tsup entry is an exported subpath', () => {
    expect(entries.map(subpathOf).filter((s) => !(s in pkg.exports))).toEqual([]);
  });

  it.each(entries.map((e) => [subpathOf(e), e] as const))(
    '%s has the exports map of its kind (types first)',
    (subpath, entry) => {
      const actual = pkg.exports[subpath];
      expect(actual).toEqual(expectedExports(entry));
      // toEqual ignores key order; resolution does not.
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expectedExports(entry)));
    },
  );

  it('every entry has its source file', () => {
    const missing = entries
      .filter((e) => !existsSync(join(root, e.source)))
      .map((e) => `${pkg.name}${subpathOf(e).slice(1)} (${e.source})`);
    expect(missing, 'documented subpaths whose source does not exist').toEqual([]);
  });

  it('typedoc documents exactly the entries', () => {
    const normalize = (p: string) => p.replace(/^\.\//, '');
    expect([...typedoc.entryPoints].map(normalize).sort()).toEqual(
      entries.map((e) => e.source).sort(),
    );
  });

  it('typesVersions (TypeScript moduleResolution node10) covers every subpath', () => {
    const map = pkg.typesVersions?.['*'] ?? {};
    for (const entry of entries.filter((e) => e.name !== 'index')) {
      const expected = expectedExports(entry);
      const types = 'require' in expected ? (expected.require as Conditions).types : expected.types;
      expect(map[entry.name], `typesVersions for ${entry.name}`).toEqual([types]);
    }
  });
});

const built = (target: string) => join(packageDir, target);

describe('the build produces what package.json names', () => {
  it.each(Object.entries(pkg.exports))('%s', (_subpath, value) => {
    for (const target of targets(value).filter((t) => !isDeclaration(t))) {
      expect(existsSync(built(target)), `${target} is built`).toBe(true);
    }
  });

  it('main, module, types and miniprogram', () => {
    expect(pkg.main).toBe('./dist/index.cjs');
    expect(pkg.module).toBe('./dist/index.js');
    expect(pkg.types).toBe('./dist/index.d.cts');
    for (const target of [pkg.main!, pkg.module!]) {
      expect(existsSync(built(target)), `${target} is built`).toBe(true);
    }
    const miniDir = built(pkg.miniprogram ?? 'missing');
    for (const entry of entries.filter((e) => e.kind === 'mini')) {
      expect(existsSync(join(miniDir, `${entry.name}.js`)), `mini-program ${entry.name}.js`).toBe(
        true,
      );
    }
  });

  it('built files import only declared dependencies, and CommonJS never requires jose or ky', () => {
    const dist = join(packageDir, 'dist');
    const allowed = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const packageName = (s: string) =>
      s
        .split('/')
        .slice(0, s.startsWith('@') ? 2 : 1)
        .join('/');
    const problems: string[] = [];
    for (const name of readdirSync(dist).filter((f) => /\.c?js$/.test(f))) {
      const text = readFileSync(join(dist, name), 'utf8');
      for (const match of text.matchAll(
        /(?:require\(|from\s*|import\s*\(?)\s*['"]([^.'"][^'"]*)['"]/g,
      )) {
        const specifier = match[1]!;
        const builtin = specifier.startsWith('node:') || builtinModules.includes(specifier);
        if (!builtin && !allowed.has(packageName(specifier))) {
          problems.push(`${name} imports undeclared '${specifier}'`);
        }
        if (name.endsWith('.cjs') && ['jose', 'ky'].includes(packageName(specifier))) {
          problems.push(`${name} requires ESM-only '${specifier}' (it must be inlined)`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the build produces the declaration files package.json names', () => {
  // Without `dist/` from `npm run build` of these sources, `npm test` builds without the
  // declarations (tsup's .d.ts step is about 30 s and 3.8 GB of the build's 35 s), so these
  // run in CI, after `npm run build`, or with ESSC_RUNTIME_DTS=1.
  it.runIf(inCi)('CI tests the declarations', () => {
    expect(hasDeclarations, 'the runtime tests ran on a build without declarations').toBe(true);
  });

  const withTypes = Object.entries(pkg.exports).filter(([, value]) =>
    targets(value).some(isDeclaration),
  );
  it.runIf(hasDeclarations).each(withTypes)('%s', (_subpath, value) => {
    for (const target of targets(value).filter(isDeclaration)) {
      expect(existsSync(built(target)), `${target} is built`).toBe(true);
    }
  });

  it.runIf(hasDeclarations)('types', () => {
    expect(existsSync(built(pkg.types!)), `${pkg.types} is built`).toBe(true);
  });
});

describe('every subpath loads by its package name', () => {
  it('with import(), and with require() where it has a CommonJS build', () => {
    const built = entries.filter((e) => existsSync(join(root, e.source)));
    const script = `
      const results = {};
      const check = async (specifier, kind, load) => {
        try {
          const mod = await load(specifier);
          results[kind + ' ' + specifier] = Object.keys(mod).filter((k) => k !== 'default').length > 0
            ? 'ok' : 'no exports';
        } catch (error) {
          results[kind + ' ' + specifier] = 'failed: ' + String(error && error.message).split('\\n')[0];
        }
      };
      const subpaths = ${JSON.stringify(
        built.map((e) => ({
          specifier: `${pkg.name}${subpathOf(e).slice(1)}`,
          cjs: e.kind !== 'esm',
        })),
      )};
      (async () => {
        for (const { specifier, cjs } of subpaths) {
          await check(specifier, 'import', (s) => import(s));
          if (cjs) await check(specifier, 'require', (s) => require(s));
        }
        console.log(JSON.stringify(results));
      })();
    `;
    // A CommonJS file inside the built package resolves the package by name (self-reference).
    const stdout = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const results = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>;
    const failures = Object.entries(results).filter(([, outcome]) => outcome !== 'ok');
    expect(failures).toEqual([]);
    expect(Object.keys(results).length).toBeGreaterThan(0);
  });
});
