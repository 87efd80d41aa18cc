#!/usr/bin/env node
// The essc-sandbox command: the reference e-card platform over HTTP, for development only.
// It runs the built package; in a clone of the repository that is not built yet, it says so
// instead of failing with ERR_MODULE_NOT_FOUND.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/sandbox.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write(
    'essc-sandbox: the package is not built (dist/sandbox.js is missing): run `npm run build` first.\n',
  );
  process.exit(1);
}
const { runSandboxCli } = await import(entry.href);
await runSandboxCli(process.argv.slice(2));
