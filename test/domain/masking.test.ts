import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idNumberCheckChar } from '../../src/domain/id-number.js';
import { maskCardNo, maskIdNumber, maskName } from '../../src/domain/masking.js';

const codePoints = (s: string): number => Array.from(s).length;

describe('maskName', () => {
  it.each([
    ['a two-character name keeps its first character', '张三', '张*'],
    ['a three-character name keeps its first and last', '张三丰', '张*丰'],
    ['a four-character name masks both middle characters', '欧阳娜娜', '欧**娜'],
    ['a minority name keeps its middle dot visible', '买买提·艾力', '买**·*力'],
    [
      'a long minority name masks every part around the dots',
      '阿卜杜拉·买买提·艾力',
      '阿***·***·*力',
    ],
    ['a character outside the BMP counts as one', '𠮷田', '𠮷*'],
  ])('%s', (_, name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('masks a one-character value entirely, and leaves the empty string empty', () => {
    expect(maskName('张')).toBe('*');
    expect(maskName('')).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('keeps the first six and last four characters of an 18-character number', () => {
    expect(maskIdNumber('440106199001011235')).toBe('440106********1235');
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
  });

  it('masks a 15-digit legacy number in the same pattern', () => {
    expect(maskIdNumber('110105491231002')).toBe('110105*****1002');
  });

  it('hides at least a third of short input', () => {
    expect(maskIdNumber('123456')).toBe('12**56');
    expect(maskIdNumber('12')).toBe('**');
    expect(maskIdNumber('1234567890')).toBe('123****890');
    expect(maskIdNumber('')).toBe('');
  });

  it('keeps the length and the region of every valid ID number', () => {
    const first17 = fc.stringMatching(/^[1-8][0-9]{16}$/);
    fc.assert(
      fc.property(first17, (digits) => {
        const id = digits + idNumberCheckChar(digits);
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked).toBe(`${id.slice(0, 6)}********${id.slice(14)}`);
      }),
    );
  });
});

describe('maskCardNo', () => {
  it('keeps the first two and last two characters, length preserved', () => {
    expect(maskCardNo('A12345678')).toBe('A1*****78');
  });

  it('hides at least a third of short input', () => {
    expect(maskCardNo('ABCD')).toBe('A**D');
    expect(maskCardNo('AB')).toBe('**');
  });
});

describe('every mask', () => {
  it('never throws and keeps the length in code points, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (input) => {
        for (const mask of [maskName, maskIdNumber, maskCardNo]) {
          expect(codePoints(mask(input))).toBe(codePoints(input));
        }
      }),
    );
  });

  it('never shows more than two thirds of the input', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{2,40}$/), (input) => {
        for (const mask of [maskIdNumber, maskCardNo]) {
          const hidden = Array.from(mask(input)).filter((c) => c === '*').length;
          expect(hidden * 3).toBeGreaterThanOrEqual(input.length);
        }
      }),
    );
  });
});
