/**
 * What the core's bundle carries of the operation table (issue 25): a mini-program that imports
 * `createClient` parses with the rows' schemas and keys their mutating calls, and nothing else
 * of a row — no route, no secret list, no lock (src/platform/operations.ts: the rows' two
 * halves). Bundled from the sources as `npm run size -- --source` bundles its core case.
 */
import { describe, expect, it } from 'vitest';
import { bundleCase, SIZE_CASES } from '../../scripts/size.js';
import { OPERATIONS, PLATFORM_OPERATIONS } from '../../src/platform/operations.js';

describe("the core's bundle and the operation table", () => {
  it('createClient carries every operation but no route of the table', async () => {
    const core = SIZE_CASES.find((c) => c.name.startsWith('core:'))!;
    const text = (await bundleCase(core, 'source')).outputFiles[0]!.text;
    // The client's methods name every operation it sends (the bundle is not empty of the table).
    expect(text).toContain('"withdrawLossReport"');
    const routes = PLATFORM_OPERATIONS.map((operation) => OPERATIONS[operation].route);
    expect(routes.filter((route) => text.includes(route.split(' ')[1]!))).toEqual([]);
    expect(text).not.toContain('lockBy');
    expect(text).not.toContain('forMember');
  });
});
