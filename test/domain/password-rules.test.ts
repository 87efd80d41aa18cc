import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WeakPasswordReason } from '../../src/domain/errors.js';
import { idNumberCheckChar } from '../../src/domain/id-number.js';
import {
  checkNewPassword,
  normalizePassword,
  WEAK_PASSWORD_MESSAGES,
} from '../../src/domain/password-rules.js';

/** Born 1 January 1990; the last six characters are 011235. */
const ID_NUMBER = '440106199001011235';

const refused = (reason: WeakPasswordReason) => ({ ok: false, reason });

describe('a new password', () => {
  it('is accepted when it breaks no rule', () => {
    expect(checkNewPassword('258046')).toEqual({ ok: true });
    expect(checkNewPassword('739164', { idNumber: ID_NUMBER })).toEqual({ ok: true });
  });

  it('may be typed in full-width digits', () => {
    expect(checkNewPassword('２５８０４６')).toEqual({ ok: true });
  });

  it.each([
    ['five digits', '25804'],
    ['seven digits', '2580461'],
    ['a letter', '25804a'],
    ['a leading space', ' 258046'],
    ['an inner space', '258 046'],
    ['nothing', ''],
    ['Arabic-Indic digits', '٢٥٨٠٤٦'],
  ])('must be exactly 6 ASCII digits: %s is a format error', (_, password) => {
    expect(checkNewPassword(password)).toEqual(refused('format'));
  });

  it.each(['000000', '111111', '999999'])('must not be one digit repeated: %s', (password) => {
    expect(checkNewPassword(password)).toEqual(refused('same-digit'));
  });

  it.each(['123456', '012345', '456789', '654321', '987654', '543210'])(
    'must not be an ascending or descending run: %s',
    (password) => {
      expect(checkNewPassword(password)).toEqual(refused('sequence'));
    },
  );

  it.each(['890123', '789012', '901234', '109876', '210987', '321098'])(
    'must not be a run that wraps around from 9 to 0: %s',
    (password) => {
      expect(checkNewPassword(password)).toEqual(refused('sequence'));
    },
  );

  it('may contain a shorter run', () => {
    expect(checkNewPassword('123457')).toEqual({ ok: true });
  });

  it('must not be the last six characters of the ID number', () => {
    expect(checkNewPassword('011235', { idNumber: ID_NUMBER })).toEqual(refused('from-id-number'));
  });

  it.each([
    ['yyMMdd', '900101'],
    ['MMddyy', '010190'],
    ['yyyyMM', '199001'],
  ])('must not be the birth date as %s', (_, password) => {
    expect(checkNewPassword(password, { idNumber: ID_NUMBER })).toEqual(refused('from-id-number'));
  });

  it('must not be the birth date as ddMMyy', () => {
    const id = '11010519491231002X';
    expect(checkNewPassword('311249', { idNumber: id })).toEqual(refused('from-id-number'));
  });

  it('is refused as from-id-number only for the holder of that ID number', () => {
    expect(checkNewPassword('011235')).toEqual({ ok: true });
    expect(checkNewPassword('011235', { idNumber: '11010519491231002X' })).toEqual({ ok: true });
  });

  it('is checked against the ID number as typed (lower-case x, full-width digits)', () => {
    expect(checkNewPassword('491231', { idNumber: '１１０１０５１９４９１２３１００２x' })).toEqual(
      refused('from-id-number'),
    );
  });

  it.each([
    '123123',
    '112233',
    '121212',
    '111222',
    '000111',
    '123321',
    '147258',
    '258369',
    '159753',
    '520520',
    '520131',
    '131420',
    '666888',
    '888666',
    '168168',
    '100200',
  ])('must not be the well-known weak code %s', (password) => {
    expect(checkNewPassword(password)).toEqual(refused('common'));
  });

  it('reports the first rule broken, in the documented order', () => {
    // Born 23 January 1945: 012345 is a run and also this person's birth date as MMddyy.
    const first17 = '11010519450123001';
    const id = first17 + idNumberCheckChar(first17);
    expect(checkNewPassword('012345', { idNumber: id })).toEqual(refused('sequence'));
  });

  it('is always refused as a format error when it is not 6 digits after normalization', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 10 }), (input) => {
        fc.pre(!/^[0-9]{6}$/.test(input.normalize('NFKC')));
        expect(checkNewPassword(input)).toEqual(refused('format'));
      }),
    );
  });

  it('is, whenever accepted, 6 digits that are neither repeated nor a run', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{6}$/), (password) => {
        const result = checkNewPassword(password);
        if (!result.ok) return;
        expect(new Set(password).size).toBeGreaterThan(1);
        expect(['0123456789012345', '9876543210987654'].some((s) => s.includes(password))).toBe(
          false,
        );
      }),
    );
  });
});

describe('normalizePassword', () => {
  it('turns full-width digits into ASCII and does not trim', () => {
    expect(normalizePassword('１２３４５６')).toBe('123456');
    expect(normalizePassword(' 258046 ')).toBe(' 258046 ');
  });
});

describe('WEAK_PASSWORD_MESSAGES', () => {
  it('explains every reason with no example code that could look like a password', () => {
    const reasons: WeakPasswordReason[] = [
      'format',
      'same-digit',
      'sequence',
      'from-id-number',
      'common',
    ];
    for (const reason of reasons) {
      expect(WEAK_PASSWORD_MESSAGES[reason]).toMatch(/\S/);
      expect(WEAK_PASSWORD_MESSAGES[reason]).not.toMatch(/[0-9]{2}/);
    }
  });
});
