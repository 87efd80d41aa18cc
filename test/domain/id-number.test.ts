import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateForms,
  idNumberCheckChar,
  idNumberPasswordForms,
  isProvinceCode,
  isValidIdNumber,
  normalizeIdNumber,
  parseIdNumber,
} from '../../src/domain/id-number.js';

/** 2025-01-01T00:00:00+08:00, so that "today" does not move under the tests. */
const NOW = Date.UTC(2024, 11, 31, 16, 0, 0);

/** A valid ID number for the given first 17 digits. */
const withCheck = (first17: string): string => first17 + idNumberCheckChar(first17);

const PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** A random valid ID number: province + 4 region digits + birth date + sequence + check. */
const validIdArb = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    region: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({
      min: new Date(Date.UTC(1900, 0, 1)),
      max: new Date(Date.UTC(2024, 11, 31)),
      noInvalidDate: true,
    }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, region, birth, sequence }) => {
    const date =
      pad(birth.getUTCFullYear(), 4) + pad(birth.getUTCMonth() + 1, 2) + pad(birth.getUTCDate(), 2);
    return {
      idNumber: withCheck(province + pad(region, 4) + date + pad(sequence, 3)),
      birth,
      sequence,
    };
  });

describe('check character (ISO 7064 MOD 11-2)', () => {
  it('matches the hand-computed values of two real-format numbers', () => {
    // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167; 167 mod 11 = 2 → X
    expect(idNumberCheckChar('11010519491231002')).toBe('X');
    // 4·7+4·9+0·10+1·5+0·8+6·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+1·8+2·4+3·2 = 194; mod 11 = 7 → 5
    expect(idNumberCheckChar('44010619900101123')).toBe('5');
  });

  it('refuses anything but 17 ASCII digits', () => {
    expect(() => idNumberCheckChar('1101051949123100')).toThrow(RangeError);
    expect(() => idNumberCheckChar('1101051949123100X')).toThrow(RangeError);
    expect(() => idNumberCheckChar('１１０１０５１９４９１２３１００２')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('accepts the well-known example 11010519491231002X and reads its fields', () => {
    expect(parseIdNumber('11010519491231002X', NOW)).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      regionCode: '110105',
      birthDate: { year: 1949, month: 12, day: 31 },
      sex: 'female',
    });
  });

  it('reads the sex from the parity of the 17th digit', () => {
    const male = parseIdNumber('440106199001011235', NOW);
    expect(male.ok && male.sex).toBe('male');
    const female = parseIdNumber(withCheck('44010619900101124'), NOW);
    expect(female.ok && female.sex).toBe('female');
  });

  it('accepts a lower-case x and returns it upper-cased', () => {
    const r = parseIdNumber('11010519491231002x', NOW);
    expect(r.ok && r.idNumber).toBe('11010519491231002X');
  });

  it('accepts full-width digits and a full-width X from a Chinese input method', () => {
    const r = parseIdNumber('１１０１０５１９４９１２３１００２Ｘ', NOW);
    expect(r.ok && r.idNumber).toBe('11010519491231002X');
  });

  it('trims surrounding spaces, including the ideographic space', () => {
    const r = parseIdNumber('\u3000 11010519491231002X\t', NOW);
    expect(r.ok && r.idNumber).toBe('11010519491231002X');
  });

  it('refuses inner spaces as a format error instead of gluing the parts together', () => {
    expect(parseIdNumber('110105 19491231002X', NOW)).toEqual({ ok: false, reason: 'format' });
  });

  it.each([
    ['the 15-digit legacy form', '110105491231002'],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['an X before the last place', '1101051949123100X2'],
    ['a letter other than X', '11010519491231002Y'],
    ['the empty string', ''],
  ])('refuses %s as a format error', (_, input) => {
    expect(parseIdNumber(input, NOW)).toEqual({ ok: false, reason: 'format' });
  });

  it('refuses a wrong check character as a checksum error', () => {
    expect(parseIdNumber('110105194912310021', NOW)).toEqual({ ok: false, reason: 'checksum' });
    expect(parseIdNumber('440106199001011234', NOW)).toEqual({ ok: false, reason: 'checksum' });
  });

  it('a 29 February birth date is valid only in a leap year', () => {
    expect(isValidIdNumber(withCheck('11010520000229001'), NOW)).toBe(true); // divisible by 400
    expect(isValidIdNumber(withCheck('11010519960229001'), NOW)).toBe(true);
    expect(parseIdNumber(withCheck('11010519000229001'), NOW)).toEqual({
      ok: false,
      reason: 'birth-date', // 1900 is divisible by 100, not by 400
    });
    expect(parseIdNumber(withCheck('11010520230229001'), NOW)).toEqual({
      ok: false,
      reason: 'birth-date',
    });
  });

  it.each([
    ['31 April', '19900431'],
    ['month 13', '19901301'],
    ['month 00', '19900001'],
    ['day 00', '19900100'],
    ['a year before 1900', '18991231'],
  ])('refuses %s as a birth-date error', (_, date) => {
    expect(parseIdNumber(withCheck(`110105${date}001`), NOW)).toEqual({
      ok: false,
      reason: 'birth-date',
    });
  });

  it('refuses a birth date after today, judged by the date in China (UTC+8)', () => {
    // NOW is 2024-12-31T16:00Z, already 1 January 2025 in China.
    expect(isValidIdNumber(withCheck('11010520250101001'), NOW)).toBe(true);
    expect(parseIdNumber(withCheck('11010520250102001'), NOW)).toEqual({
      ok: false,
      reason: 'future-birth-date',
    });
    expect(isValidIdNumber(withCheck('11010520250101001'), NOW - 1)).toBe(false);
  });

  it('refuses a number whose first two digits are not a province code', () => {
    expect(parseIdNumber(withCheck('20010519491231002'), NOW)).toEqual({
      ok: false,
      reason: 'region',
    });
    expect(parseIdNumber(withCheck('91010519491231002'), NOW)).toEqual({
      ok: false,
      reason: 'region',
    });
  });

  it('accepts the Hong Kong, Macau and Taiwan residence-permit prefixes 81, 82 and 83', () => {
    for (const prefix of ['810000', '820000', '830000']) {
      expect(isValidIdNumber(withCheck(`${prefix}19900101123`), NOW)).toBe(true);
    }
  });

  it('defaults "now" to the current time', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('parses every generated valid number and reads back its birth date and sex', () => {
    fc.assert(
      fc.property(validIdArb, ({ idNumber, birth, sequence }) => {
        const r = parseIdNumber(idNumber, NOW);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.idNumber).toBe(idNumber);
        expect(r.birthDate).toEqual({
          year: birth.getUTCFullYear(),
          month: birth.getUTCMonth() + 1,
          day: birth.getUTCDate(),
        });
        expect(r.sex).toBe(sequence % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('changing any single character of a valid number makes it fail the checksum', () => {
    fc.assert(
      fc.property(
        validIdArb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 0, max: 9 }),
        ({ idNumber }, index, shift) => {
          // Only the last place may hold X; step to any other allowed character, never itself.
          const alphabet = index === 17 ? '0123456789X' : '0123456789';
          const current = alphabet.indexOf(idNumber[index]!);
          const replacement =
            alphabet[(current + 1 + (shift % (alphabet.length - 1))) % alphabet.length]!;
          const changed = idNumber.slice(0, index) + replacement + idNumber.slice(index + 1);
          expect(parseIdNumber(changed, NOW)).toEqual({ ok: false, reason: 'checksum' });
        },
      ),
    );
  });
});

describe('normalizeIdNumber', () => {
  it('applies NFKC, trims and upper-cases x, and nothing more', () => {
    expect(normalizeIdNumber(' １１０１０５１９４９１２３１００２x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('1101 05')).toBe('1101 05');
  });
});

describe('isProvinceCode', () => {
  it('knows the GB/T 2260 provinces plus 81, 82, 83 and nothing else', () => {
    const accepted = Array.from({ length: 100 }, (_, i) => pad(i, 2)).filter(isProvinceCode);
    expect(accepted).toEqual(PROVINCES);
  });
});

describe('passwords derived from an ID number', () => {
  it('birth-date forms are yyMMdd, MMddyy, ddMMyy and yyyyMM', () => {
    expect(birthDateForms('11010519491231002X')).toEqual(['491231', '123149', '311249', '194912']);
  });

  it('drops the duplicate when day and month spell the same', () => {
    // 1 January: MMddyy and ddMMyy are both 010190.
    expect(birthDateForms('440106199001011235')).toEqual(['900101', '010190', '199001']);
  });

  it('include the last six characters first when they are digits', () => {
    expect(idNumberPasswordForms('440106199001011235')).toEqual([
      '011235',
      '900101',
      '010190',
      '199001',
    ]);
    expect(idNumberPasswordForms('11010519491231002x')).toEqual(
      birthDateForms('11010519491231002X'),
    );
  });

  it('are empty for a string that is not shaped like an ID number', () => {
    expect(birthDateForms('not an id')).toEqual([]);
    expect(idNumberPasswordForms('')).toEqual([]);
  });
});
