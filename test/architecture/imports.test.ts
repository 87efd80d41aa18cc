/**
 * The layering of src/, checked from the `import … from` / `export … from` lines of every file:
 * no import cycles, each module imports only the modules below it in {@link LAYERS}, and the
 * core (what `src/index.ts` loads at run time) stays free of crypto, jose, ky and node:*, so it
 * loads in a mini-program. A shared piece two modules need moves down to a module both may
 * import (e.g. the JWKS cache lives in `platform/`, used by `acceptor/` and `http/`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

/**
 * Which modules (folders of src/, or a root file) each module may import. Anything not listed
 * is refused. Read it bottom-up: `domain` imports nothing of ours; `platform` (the port, the
 * operation table, shared helpers) only `domain`; the entries at the top may use what they
 * carry. `typeOnly` modules may be imported with `import type` only (erased at build time).
 */
const LAYERS: Record<string, { runtime: string[]; typeOnly?: string[] }> = {
  domain: { runtime: [] },
  platform: { runtime: ['domain'], typeOnly: ['crypto'] },
  crypto: { runtime: ['domain'] },
  stores: { runtime: ['domain'] },
  errors: { runtime: ['domain'] },
  // What the citizen reads; region names stand alone, so i18n never drags their table in.
  i18n: { runtime: ['domain'] },
  regions: { runtime: [] },
  qr: { runtime: ['domain', 'crypto'] },
  client: { runtime: ['domain', 'platform'] },
  wire: { runtime: ['domain', 'platform', 'crypto'] },
  // Payments consume a payment code once, with the nonce store acceptors use (R21).
  engine: { runtime: ['domain', 'platform', 'crypto', 'qr', 'stores'] },
  acceptor: { runtime: ['domain', 'platform', 'crypto', 'qr', 'stores'] },
  // A channel's server launches hosted pages as its client calls (R20) and checks receipts as
  // an acceptor checks assertions: the platform's JWKS, once per nonce store (R36).
  hosted: { runtime: ['domain', 'platform', 'client', 'crypto', 'stores'] },
  http: { runtime: ['domain', 'platform', 'crypto', 'wire'], typeOnly: ['stores'] },
  relay: { runtime: ['domain', 'platform', 'client'] },
  // Its createRelayAdapter names the PlatformAdapter it returns.
  miniprogram: { runtime: ['domain', 'relay'], typeOnly: ['platform'] },
  mock: { runtime: ['domain', 'platform', 'crypto', 'engine'] },
  // The hosted pages (R38) show the citizen's sentence of a refusal and draw the card's code.
  sandbox: {
    runtime: ['domain', 'platform', 'crypto', 'engine', 'mock', 'wire', 'i18n', 'render'],
  },
  redis: { runtime: ['domain'], typeOnly: ['stores'] },
  render: { runtime: ['qr'] },
  // The conformance suite checks SM2-signed assertions with the SDK's own verifier (jose has no
  // SM2), charges through the merchant's payment terminal (R21–R25) as a cashier would, and
  // reads a family member's code with the QR codec, as an acceptor would (R32).
  // It launches hosted pages and checks their receipts as a channel's server does (R35–R37).
  // It makes offline codes on a phone as an app would (R40) and verifies them at a desk (R41).
  testing: {
    runtime: ['domain', 'platform', 'client', 'crypto', 'acceptor', 'qr', 'hosted', 'offline'],
  },
  // Offline codes on the phone (R39, R40): the QR codec and pure-JS signatures; the client only
  // as a type. Its run-time closure is checked below (no WebCrypto provider, jose or node:*).
  offline: { runtime: ['domain', 'qr', 'crypto'], typeOnly: ['client'] },
  index: { runtime: ['domain', 'platform', 'client'] },
};

/** Pairs the issue names explicitly (already implied by LAYERS; kept as a readable floor). */
const FORBIDDEN: [from: string, to: string[]][] = [
  ['wire', ['mock', 'sandbox', 'http', 'relay', 'acceptor']],
  ['http', ['acceptor', 'mock', 'sandbox']],
];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm;

function importsOf(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const edges: Edge[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[3]!;
    const to = specifier.startsWith('.')
      ? resolve(dirname(file), specifier).replace(/\.js$/, '.ts')
      : specifier;
    edges.push({ from: file, to, typeOnly: match[2] !== undefined });
  }
  return edges;
}

/** `src/wire/routes.ts` → `wire`; `src/index.ts` → `index`; a package stays its name. */
function moduleOf(path: string): string {
  if (!path.startsWith(src)) return path;
  const [first, ...rest] = relative(src, path).split('/');
  return rest.length === 0 ? first!.replace(/\.ts$/, '') : first!;
}

const files = sourceFiles(src);
const edges = files.flatMap(importsOf);
const local = edges.filter((e) => e.to.startsWith(src));

/** What `entry` loads at run time: its files under src/, and the packages it reaches. */
function closureOf(entry: string): { files: string[]; packages: string[] } {
  const seen = new Set<string>();
  const reached: string[] = [];
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const e of edges) {
      if (e.from !== file || e.typeOnly) continue;
      if (e.to.startsWith(src)) walk(e.to);
      else reached.push(e.to);
    }
  };
  walk(join(src, entry));
  return { files: [...seen], packages: [...new Set(reached)].sort() };
}

describe('imports under src/', () => {
  it('finds the imports it checks (the parser is not blind)', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(local.length).toBeGreaterThan(100);
    expect(local.some((e) => e.from.endsWith('wire/routes.ts'))).toBe(true);
  });

  it('every module is in the layering table', () => {
    const modules = new Set(files.map(moduleOf));
    expect([...modules].filter((m) => !(m in LAYERS))).toEqual([]);
  });

  it('each module imports only what the layering allows', () => {
    const refused = local
      .map((e) => ({ ...e, fromModule: moduleOf(e.from), toModule: moduleOf(e.to) }))
      .filter(({ fromModule, toModule, typeOnly }) => {
        if (fromModule === toModule) return false;
        const layer = LAYERS[fromModule];
        if (!layer) return true;
        if (layer.runtime.includes(toModule)) return false;
        return !(typeOnly && layer.typeOnly?.includes(toModule));
      })
      .map(
        (e) => `${relative(src, e.from)} → ${relative(src, e.to)}${e.typeOnly ? ' (type)' : ''}`,
      );
    expect(refused).toEqual([]);
  });

  it.each(FORBIDDEN)('%s imports none of %j', (from, targets) => {
    const found = local.filter(
      (e) => moduleOf(e.from) === from && targets.includes(moduleOf(e.to)),
    );
    expect(found.map((e) => relative(src, e.from))).toEqual([]);
  });

  // Type-only imports are erased by the build and cannot cycle at load time (a provider file
  // naming the provider interface it implements is fine), so only run-time imports count.
  it('has no run-time import cycles', () => {
    const graph = new Map<string, string[]>();
    for (const e of local.filter((edge) => !edge.typeOnly))
      graph.set(e.from, [...(graph.get(e.from) ?? []), e.to]);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') {
          cycles.push(
            [...stack.slice(stack.indexOf(next)), next].map((f) => relative(src, f)).join(' → '),
          );
        } else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('essc-sdk/offline loads, of crypto, only base64url.ts: no provider, jose, ky or node:*', () => {
    const { files, packages } = closureOf('offline/index.ts');
    expect(files.filter((f) => moduleOf(f) === 'crypto').map((f) => relative(src, f))).toEqual([
      'crypto/base64url.ts',
    ]);
    expect(packages).toEqual(['@noble/curves/ed25519', 'sm-crypto-v2']);
  });

  it('the core (src/index.ts at run time) loads no crypto, jose, ky or node:*', () => {
    const { files, packages } = closureOf('index.ts');
    expect(files.filter((f) => moduleOf(f) === 'crypto').map((f) => relative(src, f))).toEqual([]);
    expect(packages.filter((p) => p === 'jose' || p === 'ky' || p.startsWith('node:'))).toEqual([]);
    // What the core may load from outside: zod/mini and eventemitter3.
    expect(packages).toEqual(['eventemitter3', 'zod/mini']);
  });
});
