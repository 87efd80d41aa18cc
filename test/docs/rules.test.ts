/**
 * docs/rules.md is where a reader looks up a rule the code cites (`R23`, `R32/not-an-input`):
 * every number cited under src/ has its entry there, the entries are R1… in order, and a rule
 * the code cites is not still marked planned.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoFile } from './snippets.js';

const src = fileURLToPath(new URL('../../src', import.meta.url));

/** Every rule number cited in a source file, with the first file that cites it. */
function citedRules(): Map<number, string> {
  const cited = new Map<number, string>();
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    for (const match of readFileSync(file, 'utf8').matchAll(/\bR(\d+)\b/g)) {
      const rule = Number(match[1]);
      if (!cited.has(rule)) cited.set(rule, file.slice(src.length - 3));
    }
  }
  return cited;
}

/** The entries of docs/rules.md: `### R<n>. Title`, with whether the title says planned. */
function documentedRules(): { rule: number; planned: boolean }[] {
  return [...repoFile('docs/rules.md').matchAll(/^### R(\d+)\. (.*)$/gm)].map((m) => ({
    rule: Number(m[1]),
    planned: m[2]!.includes('(planned)'),
  }));
}

describe('docs/rules.md', () => {
  it('has an entry for every rule cited under src/', () => {
    const documented = new Set(documentedRules().map((entry) => entry.rule));
    const cited = citedRules();
    expect(cited.size).toBeGreaterThan(30);
    const missing = [...cited].filter(([rule]) => !documented.has(rule));
    expect(missing.map(([rule, file]) => `R${rule} (cited in ${file})`)).toEqual([]);
  });

  it('numbers its entries R1, R2, … in order, each once', () => {
    const rules = documentedRules().map((entry) => entry.rule);
    expect(rules).toEqual(rules.map((_, index) => index + 1));
  });

  it('no longer calls a rule planned once the code cites it', () => {
    const cited = citedRules();
    const stale = documentedRules().filter((entry) => entry.planned && cited.has(entry.rule));
    expect(
      stale.map(({ rule }) => `R${rule} is cited in ${cited.get(rule)}: describe what exists`),
    ).toEqual([]);
  });
});
