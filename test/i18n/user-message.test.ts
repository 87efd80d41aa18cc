/**
 * `userMessage` (essc-sdk/i18n): every error code has a sentence for the citizen in both
 * locales, with the details that matter, and anything else gets a generic one. The
 * developer's `EsscError.message` stays English.
 */

import { describe, expect, it } from 'vitest';
import { ERROR_MEANINGS } from '../../src/errors/index.js';
import {
  LOCALES,
  USER_MESSAGES_EN,
  USER_MESSAGES_ZH_CN,
  type UserMessageTable,
  userMessage,
} from '../../src/i18n/index.js';
import {
  E_CARD_STATUSES,
  ERROR_CODES,
  type ErrorCode,
  EsscError,
  type WeakPasswordReason,
} from '../../src/index.js';
import { regionName } from '../../src/regions/index.js';

const CJK = /[\u4e00-\u9fff]/;
const TABLES: Record<string, UserMessageTable> = {
  'zh-CN': USER_MESSAGES_ZH_CN,
  en: USER_MESSAGES_EN,
};

describe('every error code has a user message in both locales', () => {
  it.each(LOCALES)('%s: the table has an entry for each code of ERROR_CODES', (locale) => {
    const table = TABLES[locale]!;
    expect(ERROR_CODES.filter((code) => table[code] === undefined)).toEqual([]);
    expect(Object.keys(table).sort()).toEqual([...ERROR_CODES, 'UNKNOWN'].sort());
  });

  it.each(ERROR_CODES)(
    '%s reads as a sentence in Chinese and in English, without details',
    (code) => {
      const zh = userMessage(new EsscError(code));
      const en = userMessage(new EsscError(code), 'en');
      expect(zh).toMatch(CJK);
      // No error code, no developer English in what the citizen reads.
      expect(zh).not.toMatch(/[A-Za-z]/);
      expect(en).not.toMatch(CJK);
      expect(en).not.toMatch(/[A-Z]{2,}_|_[A-Z]{2,}/);
      expect(en).not.toBe(ERROR_MEANINGS[code]);
      expect(zh.length).toBeLessThanOrEqual(60);
    },
  );

  it('Chinese is the default locale, and an unknown locale reads Chinese', () => {
    const error = new EsscError('QR_EXPIRED');
    expect(userMessage(error)).toBe(userMessage(error, 'zh-CN'));
    expect(userMessage(error, 'fr' as never)).toBe(userMessage(error, 'zh-CN'));
  });

  it('EsscError.message stays English for developers and logs', () => {
    for (const code of ERROR_CODES) {
      const error = new EsscError(code);
      userMessage(error);
      expect(error.message).toBe(code);
      expect(error.message).not.toMatch(CJK);
    }
  });
});

describe('the details that matter', () => {
  it('a wrong password says how many tries are left', () => {
    const error = new EsscError('PASSWORD_INCORRECT', undefined, { details: { attemptsLeft: 4 } });
    expect(userMessage(error)).toBe('电子社保卡密码错误，还可尝试4次');
    expect(userMessage(error, 'en')).toBe('Wrong e-card password. 4 attempts left.');
    const last = new EsscError('PASSWORD_INCORRECT', undefined, { details: { attemptsLeft: 1 } });
    expect(userMessage(last, 'en')).toContain('1 attempt left');
  });

  it.each(E_CARD_STATUSES.filter((s) => s !== 'active'))(
    'an inactive card names its status (%s)',
    (status) => {
      const error = new EsscError('CARD_INACTIVE', undefined, { details: { status } });
      const names = { sealed: '封存', lost: '挂失', locked: '锁定', cancelled: '注销' } as const;
      expect(userMessage(error)).toContain(`“${names[status]}”`);
      expect(userMessage(error, 'en')).toContain(status === 'lost' ? 'reported lost' : status);
    },
  );

  it('each broken password rule has its own sentence', () => {
    const reasons: WeakPasswordReason[] = [
      'format',
      'same-digit',
      'sequence',
      'from-id-number',
      'common',
    ];
    for (const locale of LOCALES) {
      const texts = reasons.map((reason) =>
        userMessage(new EsscError('WEAK_PASSWORD', undefined, { details: { reason } }), locale),
      );
      expect(new Set(texts).size).toBe(reasons.length);
    }
    expect(
      userMessage(new EsscError('WEAK_PASSWORD', undefined, { details: { reason: 'sequence' } })),
    ).toBe('密码不能是连续数字，请重新设置');
  });

  it('a city not yet enabled is named when the app passes regionName', () => {
    const error = new EsscError('REGION_NOT_ENABLED', undefined, {
      details: { regionCode: '440100' },
    });
    expect(userMessage(error, 'zh-CN', { regionName })).toMatch(/^广州市暂未开通电子社保卡/);
    // Without the table, no bare code: the citizen does not read 440100.
    expect(userMessage(error)).not.toMatch(/\d/);
    expect(userMessage(error, 'en', { regionName })).toContain('广州市');
  });

  it('a retryable failure says when to retry, from details.retryAfter in seconds', () => {
    const withRetryAfter = (code: ErrorCode, retryAfter: number) =>
      new EsscError(code, undefined, { details: { retryAfter } as never });
    expect(userMessage(withRetryAfter('PLATFORM_UNAVAILABLE', 30))).toBe('服务繁忙，请30秒后重试');
    expect(userMessage(withRetryAfter('PLATFORM_UNAVAILABLE', 90))).toBe('服务繁忙，请2分钟后重试');
    expect(userMessage(withRetryAfter('NETWORK', 1.2), 'en')).toBe(
      'The network is not available; please try again in 2 seconds.',
    );
    expect(userMessage(new EsscError('TIMEOUT'))).toBe('请求超时，请稍后重试');
    // Not retryable: no promise of a retry, whatever the details say.
    expect(userMessage(withRetryAfter('QR_EXPIRED', 30))).toBe(
      userMessage(new EsscError('QR_EXPIRED')),
    );
  });

  it('form problems name the fields a citizen knows, and never repeat what was typed', () => {
    const error = new EsscError('VALIDATION_FAILED', undefined, {
      details: {
        issues: [
          { path: ['idNumber'], message: 'bad check digit in 44010619900307123X' },
          { path: ['name'], message: 'required' },
          { path: ['channelUserId'], message: 'required' },
        ],
      },
    });
    expect(userMessage(error)).toBe('请检查填写的身份证号、姓名后重试');
    expect(userMessage(error, 'en')).toBe(
      'Please check the ID number and name you entered and try again.',
    );
    expect(userMessage(error)).not.toContain('4401');
  });
});

describe('errors userMessage did not make', () => {
  it.each([
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['null', null],
    ['undefined', undefined],
    ['an object with an unknown code', { name: 'EsscError', code: 'NO_SUCH_CODE' }],
  ])('%s gets the generic sentence', (_label, error) => {
    expect(userMessage(error)).toBe('操作未成功，请稍后重试');
    expect(userMessage(error, 'en')).toBe('Something went wrong. Please try again later.');
  });

  it('an EsscError of another copy of the SDK (a plain object over the wire) is read by its code', () => {
    const copy = { name: 'EsscError', code: 'PASSWORD_INCORRECT', details: { attemptsLeft: 2 } };
    expect(userMessage(copy)).toBe('电子社保卡密码错误，还可尝试2次');
  });

  it('details that are not what the code promises fall back to the plain sentence', () => {
    const odd = (code: string, details: unknown) => ({ name: 'EsscError', code, details });
    expect(userMessage(odd('PASSWORD_INCORRECT', { attemptsLeft: '4' }))).toBe(
      '电子社保卡密码错误，请重新输入',
    );
    expect(userMessage(odd('CARD_INACTIVE', { status: 'constructor' }))).toBe(
      '您的社保卡状态异常，电子社保卡暂不可用，请到社保经办机构办理',
    );
    expect(userMessage(odd('WEAK_PASSWORD', { reason: '__proto__' }))).toBe(
      '密码不符合规则，请重新设置',
    );
    expect(userMessage(odd('VALIDATION_FAILED', { issues: 'x' }))).toBe(
      '填写的信息有误，请检查后重试',
    );
    expect(userMessage(odd('REGION_NOT_ENABLED', null), 'zh-CN', { regionName })).toBe(
      '您的社保卡发卡地暂未开通电子社保卡，请留意当地人社部门通知',
    );
  });
});

describe('a table is checked by the compiler too', () => {
  it('a locale that misses a code does not compile', () => {
    const { NETWORK: _dropped, ...rest } = USER_MESSAGES_ZH_CN;
    // @ts-expect-error NETWORK is missing (npm run typecheck fails if this compiles)
    const incomplete: UserMessageTable = rest;
    expect(Object.keys(incomplete)).not.toContain('NETWORK');
  });
});
