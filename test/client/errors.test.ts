import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_TABLE, EsscError, isEsscError } from '../../src/domain/errors.js';

describe('isEsscError', () => {
  it('recognises an error thrown by a second bundled copy of the SDK, by name and code', () => {
    const fromSecondCopy = { name: 'EsscError', code: 'NOT_BOUND', message: 'not bound' };
    expect(fromSecondCopy instanceof EsscError).toBe(false);
    expect(isEsscError(fromSecondCopy)).toBe(true);
    expect(isEsscError(fromSecondCopy, 'NOT_BOUND')).toBe(true);
    expect(isEsscError(fromSecondCopy, 'PASSWORD_LOCKED')).toBe(false);
  });

  it('recognises its own errors, and narrows by code', () => {
    const error = new EsscError('PASSWORD_INCORRECT', undefined, { details: { attemptsLeft: 2 } });
    expect(isEsscError(error)).toBe(true);
    expect(isEsscError(error, 'PASSWORD_INCORRECT') && error.details.attemptsLeft).toBe(2);
    expect(isEsscError(error, 'NOT_BOUND')).toBe(false);
  });

  it.each([
    ['an unknown code', { name: 'EsscError', code: 'NOT_A_CODE' }],
    ['another error name', { name: 'HTTPError', code: 'NOT_BOUND' }],
    ['a code that is not a string', { name: 'EsscError', code: 404 }],
    ['a code inherited from Object', { name: 'EsscError', code: 'toString' }],
    ['a plain Error', new Error('NOT_BOUND')],
    ['a string', 'NOT_BOUND'],
    ['null', null],
    ['undefined', undefined],
  ])('is false for %s', (_, value) => {
    expect(isEsscError(value)).toBe(false);
  });
});

describe('the error codes the core carries without the error table', () => {
  it('lists every row of the table, in table order', () => {
    expect(ERROR_CODES).toEqual(Object.keys(ERROR_TABLE));
  });

  it.each(ERROR_CODES.map((code) => [code]))(
    "%s is retryable by default exactly when the table's row says so",
    (code) => {
      expect(new EsscError(code).retryable).toBe(ERROR_TABLE[code].retryable);
    },
  );
});
