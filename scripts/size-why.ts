/**
 * What each module costs in a measured bundle (`npm run size -- --why`, see scripts/size.ts):
 * its minified bytes (esbuild's metafile, exact) and its share of the gzip.
 *
 * The gzip share: the bundle's source map says which module each output character came from;
 * the bundle is deflated prefix by prefix, in output order, and a module is charged what the
 * gzip grows by over its code. A module repeating text seen earlier (zod's names, the same
 * message twice) is charged less than it would cost alone, and the first module pays for the
 * shared words, so read small differences with care; the shares add up to the bundle's gzip.
 * Bytes no module owns (esbuild's glue: the export list, `__export`) are `(esbuild glue)`.
 */
import { gzipSync } from 'node:zlib';
import type { Metafile, OutputFile } from 'esbuild';

/** One module's cost in a bundle. */
export interface ModuleCost {
  /** The input path as esbuild names it (`src/…`, `node_modules/…`, `dist/…`). */
  path: string;
  /** Bytes in the minified output. */
  minified: number;
  /** Its share of the gzipped bundle, in bytes (see the file's notes). */
  gzip: number;
}

const GLUE = '(esbuild glue)';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The source index of each segment of a source map's `mappings`, per line: [column, source][]. */
function decodeMappings(mappings: string): [number, number | undefined][][] {
  const lines: [number, number | undefined][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number | undefined][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0]!;
      if (fields.length > 1) source += fields[1]!;
      segments.push([column, fields.length > 1 ? source : undefined]);
    }
    lines.push(segments);
  }
  return lines;
}

/**
 * The cost of each module of a bundle built with `metafile: true` and `sourcemap: 'external'`,
 * largest gzip share first.
 */
export function moduleCosts(outputFiles: readonly OutputFile[], metafile: Metafile): ModuleCost[] {
  const js = outputFiles.find((f) => f.path.endsWith('.js'))!;
  const map = JSON.parse(outputFiles.find((f) => f.path.endsWith('.js.map'))!.text) as {
    sources: string[];
  } & { mappings: string };
  const text = js.text;
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  // Runs of output owned by one source: [end offset, owner].
  const runs: [number, string][] = [];
  const sourceName = (index: number | undefined) =>
    index === undefined ? GLUE : (metafileName(map.sources[index]!, metafile) ?? GLUE);
  decodeMappings(map.mappings).forEach((segments, line) => {
    segments.forEach(([column, source], i) => {
      const start = lineStarts[line]! + column;
      const next = segments[i + 1];
      const end = next ? lineStarts[line]! + next[0] : (lineStarts[line + 1] ?? text.length);
      const owner = sourceName(source);
      const last = runs[runs.length - 1];
      if (start > (last?.[0] ?? 0)) runs.push([start, last?.[1] ?? GLUE]);
      if (last !== undefined && last[1] === owner) last[0] = end;
      else runs.push([end, owner]);
    });
  });
  const gzipOf = (end: number) => gzipSync(text.slice(0, end), { level: 9 }).length;
  const shares = new Map<string, number>();
  let before = gzipOf(0);
  for (const [end, owner] of runs) {
    const after = gzipOf(end);
    shares.set(owner, (shares.get(owner) ?? 0) + after - before);
    before = after;
  }
  const [, output] = Object.entries(metafile.outputs).find(([path]) => path.endsWith('.js'))!;
  const inputs = output.inputs;
  const paths = new Set([...Object.keys(inputs), ...shares.keys()]);
  return [...paths]
    .map((path) => ({
      path,
      minified: inputs[path]?.bytesInOutput ?? 0,
      gzip: shares.get(path) ?? 0,
    }))
    .filter((m) => m.minified > 0 || m.gzip !== 0)
    .sort((a, b) => b.gzip - a.gzip);
}

/** The metafile's name of a source map's source (the map's are relative to the output file). */
function metafileName(source: string, metafile: Metafile): string | undefined {
  const clean = source.replace(/^(\.\.\/)+/, '');
  return Object.keys(metafile.inputs).find((path) => path === clean || path.endsWith(`/${clean}`));
}

/** A table of the costs; given `base` (an earlier case's), only the modules it lacks. */
export function costLines(costs: readonly ModuleCost[], base?: readonly ModuleCost[]): string[] {
  const row = (gzip: number, minified: number, path: string) =>
    `${String(gzip).padStart(7)} ${String(minified).padStart(9)}  ${path}`;
  const lines = [`${'gzip B'.padStart(7)} ${'min B'.padStart(9)}  module`];
  for (const m of costs) {
    if (base === undefined) {
      lines.push(row(m.gzip, m.minified, m.path));
      continue;
    }
    const was = base.find((b) => b.path === m.path);
    if (was === undefined) lines.push(row(m.gzip, m.minified, `${m.path}  (new)`));
  }
  return lines;
}
