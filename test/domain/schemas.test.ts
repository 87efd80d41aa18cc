import { describe, expect, expectTypeOf, it } from 'vitest';
import * as z from 'zod/mini';
import { idNumberCheckChar } from '../../src/domain/id-number.js';
import {
  CALLER_ID_PATTERN,
  callerIdSchema,
  cardNoSchema,
  channelIdSchema,
  channelUserIdSchema,
  currentPasswordSchema,
  idNumberSchema,
  nameSchema,
  normalizeName,
  passwordSchema,
  qrPurposeSchema,
  realPersonProofSchema,
  regionCodeSchema,
  signNoSchema,
  userVerificationSchema,
} from '../../src/domain/schemas.js';
import type { QrPurpose, UserVerification } from '../../src/domain/types.js';

/** The issues of a failed parse, as `[path, message, params]` triples that read well in diffs. */
function issuesOf(schema: z.core.$ZodType, input: unknown) {
  const result = z.safeParse(schema, input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return result.error.issues.map((i) => ({
    path: i.path,
    message: i.message,
    ...('params' in i && i.params !== undefined ? { params: i.params } : {}),
  }));
}

const withCheck = (first17: string): string => first17 + idNumberCheckChar(first17);

describe('idNumberSchema', () => {
  it('returns the normalized number: trimmed, full-width digits in ASCII, X upper-cased', () => {
    expect(idNumberSchema.parse(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(idNumberSchema.parse('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
  });

  it.each([
    ['format', '11010519491231002', /17 digits followed by a digit or X/],
    ['checksum', '110105194912310021', /check character does not match/],
    ['region', withCheck('20010519491231002'), /province code/],
    ['birth-date', withCheck('11010520230229001'), /valid birth date/],
    ['future-birth-date', withCheck('11010529990101001'), /in the future/],
  ])('names the reason %s in its message and params', (reason, input, message) => {
    const [issue, ...rest] = issuesOf(idNumberSchema, input);
    expect(rest).toEqual([]);
    expect(issue?.message).toMatch(message);
    expect(issue?.params).toEqual({ reason });
  });

  it('refuses a value that is not a string', () => {
    expect(idNumberSchema.safeParse(11010519491231).success).toBe(false);
  });
});

describe('nameSchema', () => {
  it('accepts a two-character CJK name', () => {
    expect(nameSchema.parse('张三')).toBe('张三');
  });

  it('trims the name', () => {
    expect(nameSchema.parse('  张三丰 ')).toBe('张三丰');
  });

  it('accepts a minority name with the middle dot', () => {
    expect(nameSchema.parse('买买提·艾力')).toBe('买买提·艾力');
  });

  it.each([
    ['bullet U+2022', '买买提•艾力'],
    ['katakana middle dot U+30FB', '买买提・艾力'],
    ['half-width katakana middle dot U+FF65', '买买提･艾力'],
    ['hyphenation point U+2027', '买买提‧艾力'],
    ['full-width full stop U+FF0E', '买买提．艾力'],
  ])('turns the look-alike %s into the middle dot', (_, name) => {
    expect(nameSchema.parse(name)).toBe('买买提·艾力');
  });

  it('composes decomposed characters (NFC)', () => {
    expect(nameSchema.parse('Rene\u0301e')).toBe('Renée');
  });

  it('counts a character outside the BMP once', () => {
    expect(nameSchema.parse('𠮷田')).toBe('𠮷田');
    expect(nameSchema.parse('𠮷'.repeat(30))).toHaveLength(60);
  });

  it('refuses a single character', () => {
    expect(issuesOf(nameSchema, '张')).toEqual([
      { path: [], message: 'The name must have at least 2 characters.' },
    ]);
  });

  it('accepts 30 characters and refuses 31', () => {
    expect(nameSchema.safeParse('张'.repeat(30)).success).toBe(true);
    expect(issuesOf(nameSchema, '张'.repeat(31))).toEqual([
      { path: [], message: 'The name must have at most 30 characters.' },
    ]);
  });

  it.each([
    ['digits', '张3'],
    ['an inner space', '张 三'],
    ['an ASCII full stop', '买买提.艾力'],
    ['an emoji', '张三😀'],
  ])('refuses a name with %s', (_, name) => {
    expect(issuesOf(nameSchema, name)).toEqual([
      { path: [], message: 'The name may contain only letters and the middle dot ·.' },
    ]);
  });

  it.each([
    ['first', '·买买提'],
    ['last', '买买提·'],
    ['doubled', '买买提··艾力'],
    ['doubled through look-alikes', '买买提•・艾力'],
  ])('refuses a middle dot placed %s', (_, name) => {
    expect(issuesOf(nameSchema, name)).toEqual([
      { path: [], message: 'The middle dot · must stand between two parts of the name.' },
    ]);
  });

  it('normalizeName applies the same normalization on its own', () => {
    expect(normalizeName(' 买买提･艾力\u3000')).toBe('买买提·艾力');
  });
});

describe('regionCodeSchema', () => {
  it('accepts 6 digits with a province prefix', () => {
    expect(regionCodeSchema.parse('440100')).toBe('440100');
    expect(regionCodeSchema.parse('830000')).toBe('830000');
  });

  it('refuses an unknown province prefix', () => {
    expect(issuesOf(regionCodeSchema, '200000')).toEqual([
      { path: [], message: 'The region code does not start with a valid province code.' },
    ]);
  });

  it.each(['44010', '4401000', '44010a', '４４０１００'])(
    'refuses %s with one message: the code must be 6 ASCII digits',
    (code) => {
      expect(issuesOf(regionCodeSchema, code)).toEqual([
        { path: [], message: 'The region code must be 6 digits.' },
      ]);
    },
  );
});

describe('cardNoSchema', () => {
  it('accepts 9 upper-case letters or digits, trimming and upper-casing first', () => {
    expect(cardNoSchema.parse('A12345678')).toBe('A12345678');
    expect(cardNoSchema.parse(' a12345678 ')).toBe('A12345678');
  });

  it.each(['A1234567', 'A123456789', 'A1234-678', 'A1234 678'])('refuses %s', (cardNo) => {
    expect(cardNoSchema.safeParse(cardNo).success).toBe(false);
  });
});

describe('channelIdSchema and callerIdSchema (one form for channel, portal, merchant ids)', () => {
  const valid = [
    'wechat',
    'wechat-mp',
    'alipay-mp',
    'bank.icbc_01',
    '9',
    'GD-GOV',
    'WeChat',
    '4400000001',
    'a'.repeat(16),
  ];
  const invalid = ['', '-wechat', '.wechat', '_GD', 'we chat', 'GD/GOV', 'é-gov', 'a'.repeat(17)];

  it.each(valid)('accepts %s as it is, case kept', (id) => {
    expect(channelIdSchema.parse(id)).toBe(id);
    expect(callerIdSchema.parse(id)).toBe(id);
    expect(CALLER_ID_PATTERN.test(id)).toBe(true);
  });

  it.each(invalid)('refuses %j without repairing it', (id) => {
    expect(channelIdSchema.safeParse(id).success).toBe(false);
    expect(callerIdSchema.safeParse(id).success).toBe(false);
    expect(CALLER_ID_PATTERN.test(id)).toBe(false);
  });

  it('names what is wrong in the message', () => {
    expect(issuesOf(channelIdSchema, 'a'.repeat(17))[0]?.message).toMatch(
      /channel id must be 1–16 ASCII letters/,
    );
  });
});

describe('channelUserIdSchema', () => {
  it('trims and accepts printable characters, CJK included', () => {
    expect(channelUserIdSchema.parse(' oX3a_user-42 ')).toBe('oX3a_user-42');
    expect(channelUserIdSchema.parse('用户 42')).toBe('用户 42');
  });

  it('accepts 128 characters and refuses 129', () => {
    expect(channelUserIdSchema.safeParse('u'.repeat(128)).success).toBe(true);
    expect(channelUserIdSchema.safeParse('u'.repeat(129)).success).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['a control character', 'user\u0000'],
    ['a zero-width space', 'us\u200Ber'],
  ])('refuses an id that is %s', (_, id) => {
    expect(channelUserIdSchema.safeParse(id).success).toBe(false);
  });
});

describe('signNoSchema', () => {
  it('accepts 8–64 upper-case letters and digits', () => {
    expect(signNoSchema.parse('SN3F9K2Q')).toBe('SN3F9K2Q');
    expect(signNoSchema.safeParse('A'.repeat(64)).success).toBe(true);
  });

  it.each(['SN3F9K2', 'sn3f9k2q7b', 'SN3F-9K2Q', 'A'.repeat(65)])('refuses %s', (signNo) => {
    expect(signNoSchema.safeParse(signNo).success).toBe(false);
  });
});

describe('passwordSchema', () => {
  it('returns the normalized password when it breaks no rule', () => {
    expect(passwordSchema.parse('258046')).toBe('258046');
    expect(passwordSchema.parse('２５８０４６')).toBe('258046');
  });

  it.each([
    ['format', '25804'],
    ['same-digit', '111111'],
    ['sequence', '123456'],
    ['sequence', '654321'],
    ['common', '520131'],
  ])('names the reason %s and never repeats the password', (reason, password) => {
    const result = passwordSchema.safeParse(password);
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ params: { reason } });
    expect(JSON.stringify(result.error)).not.toContain(password);
  });
});

describe('currentPasswordSchema', () => {
  it('only requires 6 digits, since a weak old password is still the password', () => {
    expect(currentPasswordSchema.parse('123456')).toBe('123456');
    expect(currentPasswordSchema.parse('１１１１１１')).toBe('111111');
  });

  it.each(['12345', '1234567', ' 123456', '12345a'])('refuses %j', (password) => {
    expect(issuesOf(currentPasswordSchema, password)).toEqual([
      { path: [], message: 'The password must be exactly 6 digits.' },
    ]);
  });
});

describe('realPersonProofSchema', () => {
  it('accepts a token of 1 to 4096 characters', () => {
    expect(realPersonProofSchema.parse('rp_abc')).toBe('rp_abc');
    expect(realPersonProofSchema.safeParse('x'.repeat(4096)).success).toBe(true);
  });

  it('refuses an empty or oversized token', () => {
    expect(realPersonProofSchema.safeParse('').success).toBe(false);
    expect(realPersonProofSchema.safeParse('x'.repeat(4097)).success).toBe(false);
  });
});

describe('userVerificationSchema', () => {
  it('accepts a password, normalized', () => {
    expect(userVerificationSchema.parse({ password: '１２３４５６' })).toEqual({
      password: '123456',
    });
  });

  it('accepts a real-person proof', () => {
    expect(userVerificationSchema.parse({ realPerson: 'rp_abc' })).toEqual({
      realPerson: 'rp_abc',
    });
  });

  it('reports the field when the one key given is invalid', () => {
    expect(issuesOf(userVerificationSchema, { password: '12345' })).toEqual([
      { path: ['password'], message: 'The password must be exactly 6 digits.' },
    ]);
  });

  it.each([
    ['neither key', {}],
    ['both keys', { password: '123456', realPerson: 'rp_abc' }],
    ['a string', '123456'],
  ])('refuses %s with one clear message', (_, input) => {
    expect(issuesOf(userVerificationSchema, input)).toEqual([
      { path: [], message: 'Give exactly one of { password } or { realPerson }.' },
    ]);
  });

  it('names an unexpected extra key next to a valid one', () => {
    expect(issuesOf(userVerificationSchema, { password: '123456', remember: true })).toEqual([
      { path: [], message: 'Unrecognized key: "remember"' },
    ]);
  });

  it('produces the domain type UserVerification', () => {
    expectTypeOf<z.output<typeof userVerificationSchema>>().toExtend<UserVerification>();
  });
});

describe('qrPurposeSchema', () => {
  it('accepts identity and payment only', () => {
    expect(qrPurposeSchema.parse('identity')).toBe('identity');
    expect(qrPurposeSchema.parse('payment')).toBe('payment');
    expect(issuesOf(qrPurposeSchema, 'login')).toEqual([
      { path: [], message: 'The QR purpose must be "identity" or "payment".' },
    ]);
    expectTypeOf<z.output<typeof qrPurposeSchema>>().toEqualTypeOf<QrPurpose>();
  });
});
