/**
 * The names of what a clerk or a citizen reads on a card or a scanned code: its purpose, its
 * status, its level. The data keep the English identifiers (`identity`, `lost`); a screen
 * shows these.
 */
import type { BenefitPaymentStatus } from '../domain/benefits.js';
import type { CertificationStatus, FamilyRelation } from '../domain/family.js';
import type { ServiceId } from '../domain/services.js';
import type {
  ECardLevel,
  ECardStatus,
  LoginScope,
  LossReporter,
  PhysicalCardStatus,
  QrPurpose,
} from '../domain/types.js';
import type { Locale } from './locale.js';
import { ownEntry } from './own-entry.js';

/**
 * The display names of one locale. `statuses` covers both the e-card's (`active`) and the
 * physical card's (`normal`) words for the same state.
 *
 * @example
 * ```ts
 * const names: LocaleNames = NAMES['zh-CN'];
 * console.log(names.statuses.lost); // 挂失
 * ```
 */
export interface LocaleNames {
  /** Per QR purpose (R15). */
  purposes: Readonly<Record<QrPurpose, string>>;
  /** Per card status, e-card and physical (R2, R3). */
  statuses: Readonly<Record<ECardStatus | PhysicalCardStatus, string>>;
  /** Per e-card level (R7). */
  levels: Readonly<Record<ECardLevel, string>>;
  /** Per family relation (R31). */
  relations: Readonly<Record<FamilyRelation, string>>;
  /** Per entitlement-certification status (R33). */
  certifications: Readonly<Record<CertificationStatus, string>>;
  /** Per status of a month's benefit payment (R44). */
  benefitPayments: Readonly<Record<BenefitPaymentStatus, string>>;
  /** Per who reported a card lost (R43). */
  lossReporters: Readonly<Record<LossReporter, string>>;
  /** Per login scope (R30): the claims a portal asks for, shown when scanning its code. */
  scopes: Readonly<Record<LoginScope, string>>;
  /** Per service one applies for online (R29). */
  services: Readonly<Record<ServiceId, string>>;
}

/** The names the citizen's sentences of `userMessage` use: card statuses, family relations. */
export type MessageNames = Pick<LocaleNames, 'statuses' | 'relations'>;

/** One kind of name in every locale. */
type Tables<K extends keyof LocaleNames> = Readonly<Record<Locale, LocaleNames[K]>>;

// One constant per kind, so that a bundle keeps only the kinds it looks up (a page showing
// card statuses carries no service or scope names); NAMES puts them together.

const PURPOSES: Tables<'purposes'> = {
  'zh-CN': { identity: '身份', payment: '支付' },
  en: { identity: 'identity', payment: 'payment' },
};

const STATUSES: Tables<'statuses'> = {
  'zh-CN': {
    active: '正常',
    normal: '正常',
    sealed: '封存',
    lost: '挂失',
    locked: '锁定',
    cancelled: '注销',
  },
  en: {
    active: 'active',
    normal: 'active',
    sealed: 'sealed',
    lost: 'reported lost',
    locked: 'locked',
    cancelled: 'cancelled',
  },
};

const LEVELS: Tables<'levels'> = {
  'zh-CN': { 1: '一级（身份凭证）', 2: '二级（已开通支付）' },
  en: { 1: 'level 1 (identity)', 2: 'level 2 (payment enabled)' },
};

const RELATIONS: Tables<'relations'> = {
  'zh-CN': { parent: '父母', child: '子女', spouse: '配偶', other: '其他亲属' },
  en: { parent: 'parent', child: 'child', spouse: 'spouse', other: 'other relative' },
};

const CERTIFICATIONS: Tables<'certifications'> = {
  'zh-CN': {
    'not-required': '无需认证',
    certified: '已认证',
    due: '待认证',
    overdue: '已逾期',
  },
  en: {
    'not-required': 'not required',
    certified: 'certified',
    due: 'due',
    overdue: 'overdue',
  },
};

const BENEFIT_PAYMENTS: Tables<'benefitPayments'> = {
  'zh-CN': { paid: '已发放', suspended: '已暂停' },
  en: { paid: 'paid', suspended: 'suspended' },
};

const LOSS_REPORTERS: Tables<'lossReporters'> = {
  'zh-CN': { holder: '持卡人在线挂失', 'back-office': '经办机构挂失' },
  en: {
    holder: 'reported by the holder',
    'back-office': 'reported by the back office',
  },
};

const SCOPES: Tables<'scopes'> = {
  'zh-CN': {
    name: '姓名',
    idNumber: '身份证号',
    regionCode: '发卡地',
    level: '卡等级',
    signNo: '电子社保卡签发号',
  },
  en: {
    name: 'name',
    idNumber: 'ID number',
    regionCode: 'issuing region',
    level: 'card level',
    signNo: 'e-card sign number',
  },
};

const SERVICES: Tables<'services'> = {
  'zh-CN': {
    'unemployment-benefit': '失业保险金申领',
    'employment-registration': '就业登记',
    'social-security-transfer': '社保关系转移',
    'skill-subsidy': '技能提升补贴',
    'labor-arbitration': '劳动仲裁申请',
  },
  en: {
    'unemployment-benefit': 'unemployment benefit',
    'employment-registration': 'employment registration',
    'social-security-transfer': 'social security transfer',
    'skill-subsidy': 'skill subsidy',
    'labor-arbitration': 'labour arbitration',
  },
};

/**
 * The display names, one table per {@link Locale}.
 *
 * @example
 * ```ts
 * import { NAMES } from 'essc-sdk/i18n';
 * console.log(NAMES['zh-CN'].purposes.payment); // 支付
 * ```
 */
export const NAMES: Readonly<Record<Locale, LocaleNames>> = {
  // Pure: a bundle that does not use NAMES drops it, and with it the kinds nothing looks up.
  'zh-CN': /* @__PURE__ */ namesOf('zh-CN'),
  en: /* @__PURE__ */ namesOf('en'),
};

/** Every kind of name of one locale. */
function namesOf(locale: Locale): LocaleNames {
  return {
    purposes: PURPOSES[locale],
    statuses: STATUSES[locale],
    levels: LEVELS[locale],
    relations: RELATIONS[locale],
    certifications: CERTIFICATIONS[locale],
    benefitPayments: BENEFIT_PAYMENTS[locale],
    lossReporters: LOSS_REPORTERS[locale],
    scopes: SCOPES[locale],
    services: SERVICES[locale],
  };
}

// The lookups take a plain string too (a value read from a log or a newer server): an
// identifier without a name is shown as it is rather than as `undefined`; an unknown locale
// reads Chinese.
function lookup(
  tables: Readonly<Record<Locale, Readonly<Record<string, string>>>>,
  key: string | number,
  locale: Locale,
): string {
  return ownEntry(tables[locale] ?? tables['zh-CN'], String(key)) ?? String(key);
}

/**
 * The names the citizen's sentences use (`userMessage`'s {@link MessageContext.names}): card
 * statuses and family relations, of `locale` (an unknown one reads Chinese).
 *
 * @internal
 */
export function messageNames(locale: Locale): MessageNames {
  const known = STATUSES[locale] ? locale : 'zh-CN';
  return { statuses: STATUSES[known], relations: RELATIONS[known] };
}

/**
 * The name of a QR code's purpose: `identity` → 身份, `payment` → 支付.
 *
 * @example
 * ```ts
 * import { purposeName } from 'essc-sdk/i18n';
 * desk.show(`用途：${purposeName(qr.purpose)}`); // 用途：身份
 * ```
 */
export function purposeName(purpose: QrPurpose, locale: Locale = 'zh-CN'): string {
  return lookup(PURPOSES, purpose, locale);
}

/**
 * The name of a card status, e-card (`active`) or physical (`normal`): 正常, 封存, 挂失, 锁定,
 * 注销.
 *
 * @example
 * ```ts
 * import { cardStatusName } from 'essc-sdk/i18n';
 * label.textContent = `状态：${cardStatusName(card.status)}`; // 状态：正常
 * ```
 */
export function cardStatusName(
  status: ECardStatus | PhysicalCardStatus,
  locale: Locale = 'zh-CN',
): string {
  return lookup(STATUSES, status, locale);
}

/**
 * The name of an e-card level: 1 → 一级（身份凭证）, 2 → 二级（已开通支付）.
 *
 * @example
 * ```ts
 * import { levelName } from 'essc-sdk/i18n';
 * console.log(levelName(card.level, 'en')); // level 1 (identity)
 * ```
 */
export function levelName(level: ECardLevel, locale: Locale = 'zh-CN'): string {
  return lookup(LEVELS, level, locale);
}

/**
 * The name of a family relation (R31): `parent` → 父母, `child` → 子女, `spouse` → 配偶,
 * `other` → 其他亲属.
 *
 * @example
 * ```ts
 * import { relationName } from 'essc-sdk/i18n';
 * row.textContent = `${relationName(member.relation)} ${member.name}`; // 父母 张*国
 * ```
 */
export function relationName(relation: FamilyRelation, locale: Locale = 'zh-CN'): string {
  return lookup(RELATIONS, relation, locale);
}

/**
 * The name of an entitlement-certification status (R33): 无需认证, 已认证, 待认证, 已逾期.
 *
 * @example
 * ```ts
 * import { certificationStatusName } from 'essc-sdk/i18n';
 * banner.textContent = `待遇资格认证：${certificationStatusName(certification.status)}`;
 * ```
 */
export function certificationStatusName(
  status: CertificationStatus,
  locale: Locale = 'zh-CN',
): string {
  return lookup(CERTIFICATIONS, status, locale);
}

/**
 * The name of a month's benefit payment status (R44): `paid` → 已发放, `suspended` → 已暂停
 * (the certification was overdue; paid with the arrears after certifying).
 *
 * @example
 * ```ts
 * import { benefitPaymentStatusName } from 'essc-sdk/i18n';
 * const [latest] = await client.listBenefitPayments({ signNo });
 * row.textContent = `${latest.month} ${formatFen(latest.amount)} ${benefitPaymentStatusName(latest.status)}`;
 * ```
 */
export function benefitPaymentStatusName(
  status: BenefitPaymentStatus,
  locale: Locale = 'zh-CN',
): string {
  return lookup(BENEFIT_PAYMENTS, status, locale);
}

/**
 * Who reported a card lost (R43), as the card page says it: `holder` → 持卡人在线挂失 (the
 * holder may withdraw it in the app), `back-office` → 经办机构挂失 (withdrawn at a service
 * centre only).
 *
 * @example
 * ```ts
 * import { cardStatusName, lossReporterName } from 'essc-sdk/i18n';
 * if (card.lossReportedBy) status.textContent = `${cardStatusName(card.status)}（${lossReporterName(card.lossReportedBy)}）`;
 * ```
 */
export function lossReporterName(reporter: LossReporter, locale: Locale = 'zh-CN'): string {
  return lookup(LOSS_REPORTERS, reporter, locale);
}

/**
 * The name of a claim a portal asks for at login (R30), as the citizen reads it when scanning
 * the portal's code: 姓名, 身份证号, 发卡地, 卡等级, 电子社保卡签发号.
 *
 * @example
 * ```ts
 * import { scopeName } from 'essc-sdk/i18n';
 * const request = await client.scanLogin({ signNo, qrText });
 * dialog.text = `将向${request.portal.name}提供：${request.scopes.map((s) => scopeName(s)).join('、')}`;
 * ```
 */
export function scopeName(scope: LoginScope, locale: Locale = 'zh-CN'): string {
  return lookup(SCOPES, scope, locale);
}

/**
 * The name of a service one applies for online (R29): `unemployment-benefit` → 失业保险金申领,
 * 就业登记, 社保关系转移, 技能提升补贴, 劳动仲裁申请.
 *
 * @example
 * ```ts
 * import { serviceName } from 'essc-sdk/i18n';
 * const application = await client.getApplication({ signNo, applicationId });
 * title.textContent = `${serviceName(application.service)}：${application.status}`;
 * ```
 */
export function serviceName(service: ServiceId, locale: Locale = 'zh-CN'): string {
  return lookup(SERVICES, service, locale);
}
