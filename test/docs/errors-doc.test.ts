import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { ERROR_CODES, ERROR_TABLE } from '../../src/domain/errors.js';

describe('the error table', () => {
  it('docs/errors.md is the table the code uses (run `npx tsx scripts/errors-doc.ts` if not)', () => {
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderErrorsDoc());
  });

  it('gives every code a Chinese term, a meaning and an action', () => {
    for (const code of ERROR_CODES) {
      const row = ERROR_TABLE[code];
      expect(row.zh, code).toMatch(/\p{Script=Han}/u);
      expect(row.meaning.length, code).toBeGreaterThan(10);
      expect(row.action.length, code).toBeGreaterThan(10);
    }
  });

  it('marks only transport failures retryable', () => {
    const retryable = ERROR_CODES.filter((code) => ERROR_TABLE[code].retryable);
    expect(retryable.sort()).toEqual(['NETWORK', 'PLATFORM_UNAVAILABLE', 'TIMEOUT']);
  });
});
