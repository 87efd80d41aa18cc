import { describe, expect, expectTypeOf, it } from 'vitest';
import { EsscError, isEsscError } from '../../src/domain/errors.js';

describe('isEsscError', () => {
  it('narrows details by code in a switch, so a form reads attemptsLeft without a cast', () => {
    const thrown: unknown = new EsscError('PASSWORD_INCORRECT', undefined, {
      details: { attemptsLeft: 3 },
    });
    let hint = '';
    if (isEsscError(thrown)) {
      switch (thrown.code) {
        case 'PASSWORD_INCORRECT':
          expectTypeOf(thrown.details).toEqualTypeOf<{ attemptsLeft: number }>();
          hint = `${thrown.details.attemptsLeft} attempts left`;
          break;
        default:
          hint = 'other';
      }
    }
    expect(hint).toBe('3 attempts left');
  });

  it('recognises an error from a second bundled copy by its name and code, and nothing else', () => {
    expect(isEsscError({ name: 'EsscError', code: 'NOT_BOUND', message: 'x' })).toBe(true);
    expect(isEsscError({ name: 'EsscError', code: 'NOT_A_CODE' })).toBe(false);
    expect(isEsscError({ name: 'Error', code: 'NOT_BOUND' })).toBe(false);
    expect(isEsscError(new EsscError('NOT_BOUND'), 'CARD_INACTIVE')).toBe(false);
  });
});
