/**
 * Bundles the H5 pages for the browser with esbuild: `channel.ts`, `acceptor.ts`, `portal.ts`
 * and `cashier.ts` → `examples/h5/dist/*.js`, and copies the HTML and CSS beside them.
 *
 *   npx tsx examples/h5/build.ts
 *
 * `essc-sdk` and `essc-sdk/<subpath>` resolve to the sources through the `paths` of the
 * repository's tsconfig.json, so the pages run the SDK as it is in `src/`. An application
 * that installed the package from npm bundles the same imports with no `paths` at all.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

/** Where {@link buildPages} writes by default. */
export const DEFAULT_OUT_DIR = join(here, 'dist');

/** The pages: each has `<name>.html` and `<name>.ts`. */
export const PAGES = ['channel', 'acceptor', 'portal', 'cashier'] as const;

/**
 * Builds every page into `outDir` (default `examples/h5/dist`) and returns that folder.
 *
 * @example
 * ```ts
 * const root = await buildPages();
 * const site = await startStaticServer({ root, config });
 * ```
 */
export async function buildPages(outDir: string = DEFAULT_OUT_DIR): Promise<string> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: PAGES.map((page) => join(here, `${page}.ts`)),
    outdir: outDir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Chromium, Safari and Firefox of the last two years: WebCrypto Ed25519 is what matters
    // (the acceptor page verifies codes with it), not the syntax level.
    target: ['es2022'],
    // The repository's tsconfig.json maps `essc-sdk/*` to `src/*/index.ts`.
    tsconfig: resolve(here, '../../tsconfig.json'),
    sourcemap: true,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  for (const file of [...PAGES.map((page) => `${page}.html`), 'style.css']) {
    await copyFile(join(here, file), join(outDir, file));
  }
  return outDir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildPages();
  console.log(`Built ${PAGES.map((page) => `${page}.html`).join(', ')} into ${out}`);
}
