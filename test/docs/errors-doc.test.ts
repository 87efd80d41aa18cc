import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderErrorsDoc } from '../../scripts/errors-doc.js';
import { ERROR_ACTIONS, errorAction } from '../../src/domain/error-actions.js';
import { ERROR_CODES, ERROR_TABLE, EsscError } from '../../src/domain/errors.js';
import { ERROR_MEANINGS, errorMeaning } from '../../src/errors/index.js';

describe('the error table', () => {
  it('docs/errors.md is the table the code uses (run `npx tsx scripts/errors-doc.ts` if not)', () => {
    const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderErrorsDoc());
  });

  it('gives every code a Chinese term, a meaning and an action', () => {
    for (const code of ERROR_CODES) {
      const row = ERROR_TABLE[code];
      expect(row.zh, code).toMatch(/\p{Script=Han}/u);
      expect(ERROR_MEANINGS[code].length, code).toBeGreaterThan(10);
      expect(ERROR_ACTIONS[code].length, code).toBeGreaterThan(10);
    }
    expect(Object.keys(ERROR_ACTIONS)).toEqual([...ERROR_CODES]);
    expect(Object.keys(ERROR_MEANINGS)).toEqual([...ERROR_CODES]);
  });

  it('errorAction gives what to do for an error or a code', () => {
    const error = new EsscError('PASSWORD_LOCKED');
    expect(errorAction(error)).toBe(ERROR_ACTIONS.PASSWORD_LOCKED);
    expect(errorAction('PASSWORD_LOCKED')).toMatch(/resetPassword/);
    // Made without a message, an error says its code; the sentence is errorMeaning's.
    expect(error.message).toBe('PASSWORD_LOCKED');
    expect(errorMeaning('PASSWORD_LOCKED')).toBe(ERROR_MEANINGS.PASSWORD_LOCKED);
  });

  it('marks only unknown outcomes retryable: transport failures and a charge still being made', () => {
    const retryable = ERROR_CODES.filter((code) => ERROR_TABLE[code].retryable);
    expect(retryable.sort()).toEqual([
      'NETWORK',
      'PAYMENT_PENDING',
      'PLATFORM_UNAVAILABLE',
      'TIMEOUT',
    ]);
  });
});
