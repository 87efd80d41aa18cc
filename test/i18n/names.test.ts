/**
 * What a clerk or citizen reads on a card or a scanned code: its purpose, status and level by
 * name, in both locales.
 */
import { describe, expect, it } from 'vitest';
import { CERTIFICATION_STATUSES, FAMILY_RELATIONS } from '../../src/domain/family.js';
import { SERVICE_IDS } from '../../src/domain/services.js';
import {
  benefitPaymentStatusName,
  cardStatusName,
  certificationStatusName,
  LOCALES,
  levelName,
  lossReporterName,
  NAMES,
  purposeName,
  relationName,
  scopeName,
  serviceName,
  weakPasswordText,
} from '../../src/i18n/index.js';
import {
  BENEFIT_PAYMENT_STATUSES,
  checkNewPassword,
  E_CARD_STATUSES,
  LOGIN_SCOPES,
  PHYSICAL_CARD_STATUSES,
  QR_PURPOSES,
} from '../../src/index.js';

describe('names', () => {
  it('family relations and certification statuses (R31, R33), every value in both locales', () => {
    expect(FAMILY_RELATIONS.map((r) => relationName(r))).toEqual([
      '父母',
      '子女',
      '配偶',
      '其他亲属',
    ]);
    expect(CERTIFICATION_STATUSES.map((s) => certificationStatusName(s))).toEqual([
      '无需认证',
      '已认证',
      '待认证',
      '已逾期',
    ]);
    expect(CERTIFICATION_STATUSES.map((s) => certificationStatusName(s, 'en'))).toEqual([
      'not required',
      'certified',
      'due',
      'overdue',
    ]);
    expect(certificationStatusName('overdue', 'en')).toBe('overdue');
    expect(relationName('other', 'en')).toBe('other relative');
  });

  it('benefit payment statuses and who reported a loss (R43, R44), in both locales', () => {
    expect(BENEFIT_PAYMENT_STATUSES.map((s) => benefitPaymentStatusName(s))).toEqual([
      '已暂停',
      '已发放',
    ]);
    expect(BENEFIT_PAYMENT_STATUSES.map((s) => benefitPaymentStatusName(s, 'en'))).toEqual([
      'suspended',
      'paid',
    ]);
    expect(lossReporterName('holder')).toBe('持卡人在线挂失');
    expect(lossReporterName('back-office')).toBe('经办机构挂失');
    expect(lossReporterName('back-office', 'en')).toBe('reported by the back office');
    // A value from a newer server reads as it is, not as `undefined`.
    expect(benefitPaymentStatusName('reversed' as never)).toBe('reversed');
  });

  it('purposes: identity → 身份, payment → 支付', () => {
    expect(purposeName('identity')).toBe('身份');
    expect(purposeName('payment')).toBe('支付');
    expect(purposeName('payment', 'en')).toBe('payment');
  });

  it('statuses: the e-card and the physical card read the same (active and normal → 正常)', () => {
    expect(E_CARD_STATUSES.map((s) => cardStatusName(s))).toEqual([
      '正常',
      '封存',
      '挂失',
      '锁定',
      '注销',
    ]);
    expect(PHYSICAL_CARD_STATUSES.map((s) => cardStatusName(s))).toEqual(
      E_CARD_STATUSES.map((s) => cardStatusName(s)),
    );
  });

  it('login scopes (R30), the sign number among them, each differently in both locales', () => {
    expect(LOGIN_SCOPES.map((s) => scopeName(s))).toEqual([
      '姓名',
      '身份证号',
      '发卡地',
      '卡等级',
      '电子社保卡签发号',
    ]);
    expect(scopeName('signNo', 'en')).toBe('e-card sign number');
    for (const locale of LOCALES) {
      expect(new Set(LOGIN_SCOPES.map((s) => scopeName(s, locale))).size).toBe(LOGIN_SCOPES.length);
    }
  });

  it('services (R29): 失业保险金申领, not unemployment-benefit, each differently in both locales', () => {
    expect(SERVICE_IDS.map((s) => serviceName(s))).toEqual([
      '失业保险金申领',
      '就业登记',
      '社保关系转移',
      '技能提升补贴',
      '劳动仲裁申请',
    ]);
    expect(serviceName('unemployment-benefit', 'en')).toBe('unemployment benefit');
    for (const locale of LOCALES) {
      expect(new Set(SERVICE_IDS.map((s) => serviceName(s, locale))).size).toBe(SERVICE_IDS.length);
    }
  });

  it('levels: 一级 identity, 二级 payment', () => {
    expect(levelName(1)).toMatch(/^一级/);
    expect(levelName(2)).toMatch(/^二级/);
    expect(levelName(2, 'en')).toMatch(/^level 2/);
  });

  it.each(LOCALES)('%s names every purpose, status and level, each differently', (locale) => {
    const purposes = QR_PURPOSES.map((p) => purposeName(p, locale));
    const statuses = E_CARD_STATUSES.map((s) => cardStatusName(s, locale));
    for (const name of [...purposes, ...statuses, levelName(1, locale), levelName(2, locale)]) {
      expect(name.length).toBeGreaterThan(0);
    }
    expect(new Set(purposes).size).toBe(QR_PURPOSES.length);
    expect(new Set(statuses).size).toBe(E_CARD_STATUSES.length);
    expect(Object.keys(NAMES[locale].statuses).sort()).toEqual(
      [...new Set([...E_CARD_STATUSES, ...PHYSICAL_CARD_STATUSES])].sort(),
    );
  });

  it('an identifier without a name (a newer server) is shown as it is', () => {
    expect(cardStatusName('frozen' as never)).toBe('frozen');
    expect(purposeName('constructor' as never)).toBe('constructor');
    expect(levelName(3 as never)).toBe('3');
  });

  it('a password refused before it is sent reads as the rule it broke', () => {
    const verdict = checkNewPassword('123456');
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(weakPasswordText(verdict.reason)).toBe('密码不能是连续数字');
    expect(weakPasswordText('common', 'en')).toBe('The password is too easy to guess');
    expect(weakPasswordText('toString' as never)).toBeUndefined();
  });
});
