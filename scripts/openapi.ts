/**
 * Writes docs/openapi.json from the wire protocol's route table (src/wire/routes.ts).
 *
 *   npx tsx scripts/openapi.ts          # regenerate
 *   npx tsx scripts/openapi.ts --check  # exit 1 if the committed file is stale (CI)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openApiText } from '../src/wire/openapi.js';

const target = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));
const text = openApiText();

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (committed !== text) {
    console.error(
      'docs/openapi.json is out of date with src/wire: run `npm run openapi` and commit it.',
    );
    process.exitCode = 1;
  } else {
    console.log('docs/openapi.json is up to date.');
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
