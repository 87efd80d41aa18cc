import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The text of a file of the repository, by its path from the root (`docs/guides/…`). */
export function repoFile(path: string): string {
  return readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
}

/** The ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/**
 * Runs a program as a user would (`node --import tsx`, from the repository root, where
 * `essc-sdk/*` resolve to the sources) and answers what it printed. The file is written next
 * to package.json under a `.tmp.ts` name (git-ignored) and removed afterwards.
 */
export async function runProgram(name: string, program: string): Promise<string> {
  const file = new URL(`../../${name}.tmp.ts`, import.meta.url);
  writeFileSync(file, program);
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file.pathname], {
      timeout: 60_000,
    });
    return stdout;
  } finally {
    rmSync(file, { force: true });
  }
}
