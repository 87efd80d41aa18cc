/**
 * zod/mini has no locale: the core gives the structural issues (wrong type, missing field,
 * unexpected key) classic zod's English wording itself, so a form shows the same text whether
 * or not the app also loads classic zod.
 */
import { describe, expect, it } from 'vitest';
import * as classic from 'zod';
import * as mini from 'zod/mini';
import { isEsscError } from '../../src/domain/errors.js';
import { structuralIssueMessage } from '../../src/domain/issue-messages.js';
import { parseInput } from '../../src/domain/parse-input.js';
import { signNoSchema, userVerificationSchema } from '../../src/domain/schemas.js';

const inputs: [string, unknown][] = [
  ['a missing field', {}],
  ['a number for a string', { signNo: 42 }],
  ['null for a string', { signNo: null }],
  ['an array for a string', { signNo: [] }],
  ['one unexpected key', { signNo: 'SN3F9K2Q', remember: true }],
  ['two unexpected keys', { signNo: 'SN3F9K2Q', a: 1, b: 2 }],
  ['a string for the object', 'SN3F9K2Q'],
];

describe('structural issue messages', () => {
  it.each(inputs)('match classic zod for %s', (_, input) => {
    const withMini = mini.safeParse(mini.strictObject({ signNo: signNoSchema }), input, {
      error: structuralIssueMessage,
    });
    const withClassic = classic.strictObject({ signNo: classic.string() }).safeParse(input);
    expect(withMini.error?.issues.map((i) => i.message)).toEqual(
      withClassic.error?.issues.map((i) => i.message),
    );
  });

  it('reach the VALIDATION_FAILED issues of a client call', () => {
    const error = (() => {
      try {
        parseInput(mini.strictObject({ signNo: signNoSchema }), {});
      } catch (e) {
        return e;
      }
    })();
    expect(isEsscError(error, 'VALIDATION_FAILED')).toBe(true);
    if (!isEsscError(error, 'VALIDATION_FAILED')) return;
    expect(error.details.issues).toEqual([
      { path: ['signNo'], message: 'Invalid input: expected string, received undefined' },
    ]);
  });

  it('name an unexpected key in userVerificationSchema used on its own', () => {
    const result = userVerificationSchema.safeParse({ password: '123456', remember: true });
    expect(result.error?.issues.map((i) => i.message)).toEqual(['Unrecognized key: "remember"']);
  });
});
