/**
 * Every failure the SDK reports is an {@link EsscError} with a stable {@link ErrorCode}.
 * The table {@link ERROR_TABLE} gives each code its Chinese term, whether it is retryable and
 * its HTTP status. What each means in English and what the caller should do next are in
 * `ERROR_MEANINGS` and `ERROR_ACTIONS` (`essc-sdk/errors`, src/domain/error-meanings.ts and
 * error-actions.ts): texts for integrators and logs, which every mini-program would otherwise
 * ship in the core. `docs/errors.md` is generated from all three.
 */

import type { ECardStatus } from './types.js';

// The one list of codes; `ERROR_CODES` below is its public face, typed as before.
const CODES = [
  'VALIDATION_FAILED',
  'REGION_NOT_ENABLED',
  'CARD_NOT_FOUND',
  'IDENTITY_MISMATCH',
  'REAL_PERSON_FAILED',
  'CARD_INACTIVE',
  'ALREADY_BOUND',
  'NOT_BOUND',
  'WEAK_PASSWORD',
  'PASSWORD_INCORRECT',
  'PASSWORD_LOCKED',
  'PASSWORD_REUSED',
  'PAYMENT_NOT_ENABLED',
  'QR_MALFORMED',
  'QR_INVALID_SIGNATURE',
  'QR_EXPIRED',
  'QR_REPLAYED',
  'LOGIN_NOT_FOUND',
  'LOGIN_EXPIRED',
  'LOGIN_STATE',
  'PAYMENT_DECLINED',
  'ORDER_CONFLICT',
  'ORDER_PAID',
  'PAYMENT_NOT_FOUND',
  'PAYMENT_PENDING',
  'REFUND_EXCEEDED',
  'BILL_NOT_FOUND',
  'BILL_ALREADY_PAID',
  'CHANNEL_UNAUTHORIZED',
  'MERCHANT_UNAUTHORIZED',
  'NETWORK',
  'TIMEOUT',
  'PLATFORM_UNAVAILABLE',
  'UNSUPPORTED_RUNTIME',
  'NOT_ELIGIBLE',
  'APPLICATION_OPEN',
  'APPLICATION_NOT_FOUND',
  'APPLICATION_STATE',
  'FAMILY_LIMIT',
  'ALREADY_MEMBER',
  'MEMBER_NOT_FOUND',
  'MEMBER_FORBIDDEN',
  'LAUNCH_USED',
  'LAUNCH_EXPIRED',
  'RECEIPT_INVALID',
  'RECEIPT_REPLAYED',
  'LOSS_NOT_WITHDRAWABLE',
  'CREDENTIAL_REVOKED',
  'STATUS_STALE',
  'PRESENCE_NOT_CONFIRMED',
] as const;

/**
 * The stable error codes. Switch on `error.code`; the messages may change, the codes do not.
 * `docs/errors.md` gives each its Chinese term and what to do.
 *
 * @example
 * ```ts
 * function hint(code: ErrorCode): string {
 *   switch (code) {
 *     case 'PASSWORD_INCORRECT': return '密码错误';
 *     case 'PASSWORD_LOCKED': return '密码已锁定，请刷脸重置';
 *     default: return ERROR_TABLE[code].zh;
 *   }
 * }
 * ```
 *
 * @useDeclaredType
 */
export type ErrorCode = (typeof CODES)[number];

/**
 * Every error code, in table order: the one list of them ({@link ErrorCode} is its union, and
 * {@link ERROR_TABLE} has a row per entry). The core reads only this list and which codes are
 * retryable, never the table, so a bundle that does not import `ERROR_TABLE` leaves its
 * Chinese terms and HTTP statuses out (issue 25: about −1 KB gzip in a mini-program).
 *
 * @example
 * ```ts
 * for (const code of ERROR_CODES) console.log(code, ERROR_TABLE[code].zh);
 * ```
 */
export const ERROR_CODES: readonly ErrorCode[] = CODES;

/**
 * One row of the error table.
 *
 * @example
 * ```ts
 * const row: ErrorTableRow = ERROR_TABLE.QR_EXPIRED;
 * console.log(row.zh, row.httpStatus, row.retryable); // 二维码已过期 400 false
 * ```
 */
export interface ErrorTableRow {
  /** The Chinese term integrators know from the national platform's documents. */
  zh: string;
  /** Whether the same request may succeed if sent again later. */
  retryable: boolean;
  /** The HTTP status the wire protocol uses for it. */
  httpStatus: number;
}

/**
 * The codes whose request may succeed if sent again later: what `EsscError#retryable` says by
 * default. The table's `retryable` column must agree (checked when it compiles).
 */
const RETRYABLE_CODES = ['PAYMENT_PENDING', 'NETWORK', 'TIMEOUT', 'PLATFORM_UNAVAILABLE'] as const;

/** The table's rows, each `retryable` typed by {@link RETRYABLE_CODES}. */
type CheckedTable = {
  readonly [C in ErrorCode]: ErrorTableRow & {
    retryable: C extends (typeof RETRYABLE_CODES)[number] ? true : false;
  };
};

const CHECKED_TABLE: CheckedTable = {
  VALIDATION_FAILED: {
    zh: '参数校验失败',
    retryable: false,
    httpStatus: 400,
  },
  REGION_NOT_ENABLED: {
    zh: '所在地市未开通电子社保卡',
    retryable: false,
    httpStatus: 403,
  },
  CARD_NOT_FOUND: {
    zh: '未查询到社保卡信息',
    retryable: false,
    httpStatus: 404,
  },
  IDENTITY_MISMATCH: {
    zh: '实名信息不一致',
    retryable: false,
    httpStatus: 422,
  },
  REAL_PERSON_FAILED: {
    zh: '实人认证未通过',
    retryable: false,
    httpStatus: 422,
  },
  CARD_INACTIVE: {
    zh: '社保卡状态异常（封存/挂失/锁定/注销）',
    retryable: false,
    httpStatus: 409,
  },
  ALREADY_BOUND: {
    zh: '已在本渠道申领',
    retryable: false,
    httpStatus: 409,
  },
  NOT_BOUND: {
    zh: '未在本渠道关联',
    retryable: false,
    httpStatus: 404,
  },
  WEAK_PASSWORD: {
    zh: '密码过于简单',
    retryable: false,
    httpStatus: 422,
  },
  PASSWORD_INCORRECT: {
    zh: '密码错误',
    retryable: false,
    httpStatus: 401,
  },
  PASSWORD_LOCKED: {
    zh: '密码已锁定',
    retryable: false,
    httpStatus: 423,
  },
  PASSWORD_REUSED: {
    zh: '新密码不能与原密码相同',
    retryable: false,
    httpStatus: 422,
  },
  PAYMENT_NOT_ENABLED: {
    zh: '未开通支付功能',
    retryable: false,
    httpStatus: 403,
  },
  QR_MALFORMED: {
    zh: '二维码格式错误',
    retryable: false,
    httpStatus: 400,
  },
  QR_INVALID_SIGNATURE: {
    zh: '二维码验签失败',
    retryable: false,
    httpStatus: 400,
  },
  QR_EXPIRED: {
    zh: '二维码已过期',
    retryable: false,
    httpStatus: 400,
  },
  QR_REPLAYED: {
    zh: '二维码已使用',
    retryable: false,
    httpStatus: 409,
  },
  LOGIN_NOT_FOUND: {
    zh: '登录请求不存在',
    retryable: false,
    httpStatus: 404,
  },
  LOGIN_EXPIRED: {
    zh: '登录二维码已过期',
    retryable: false,
    httpStatus: 410,
  },
  LOGIN_STATE: {
    zh: '登录状态不允许此操作',
    retryable: false,
    httpStatus: 409,
  },
  PAYMENT_DECLINED: {
    zh: '支付被拒绝/余额不足',
    retryable: false,
    httpStatus: 402,
  },
  ORDER_CONFLICT: {
    zh: '订单冲突',
    retryable: false,
    httpStatus: 409,
  },
  ORDER_PAID: {
    zh: '订单已支付',
    retryable: false,
    httpStatus: 409,
  },
  PAYMENT_NOT_FOUND: {
    zh: '支付记录不存在',
    retryable: false,
    httpStatus: 404,
  },
  PAYMENT_PENDING: {
    zh: '支付处理中',
    retryable: true,
    httpStatus: 409,
  },
  REFUND_EXCEEDED: {
    zh: '退款超额',
    retryable: false,
    httpStatus: 409,
  },
  BILL_NOT_FOUND: {
    zh: '账单不存在',
    retryable: false,
    httpStatus: 404,
  },
  BILL_ALREADY_PAID: {
    zh: '账单已缴',
    retryable: false,
    httpStatus: 409,
  },
  CHANNEL_UNAUTHORIZED: {
    zh: '渠道认证失败',
    retryable: false,
    httpStatus: 401,
  },
  MERCHANT_UNAUTHORIZED: {
    zh: '商户未授权',
    retryable: false,
    httpStatus: 401,
  },
  NETWORK: {
    zh: '网络异常',
    retryable: true,
    httpStatus: 503,
  },
  TIMEOUT: {
    zh: '请求超时',
    retryable: true,
    httpStatus: 504,
  },
  PLATFORM_UNAVAILABLE: {
    zh: '平台服务暂不可用',
    retryable: true,
    httpStatus: 503,
  },
  UNSUPPORTED_RUNTIME: {
    zh: '运行环境不支持',
    retryable: false,
    httpStatus: 500,
  },
  NOT_ELIGIBLE: {
    zh: '不符合条件',
    retryable: false,
    httpStatus: 422,
  },
  APPLICATION_OPEN: {
    zh: '已有办理中的申请',
    retryable: false,
    httpStatus: 409,
  },
  APPLICATION_NOT_FOUND: {
    zh: '申请不存在',
    retryable: false,
    httpStatus: 404,
  },
  APPLICATION_STATE: {
    zh: '申请状态不允许此操作',
    retryable: false,
    httpStatus: 409,
  },
  FAMILY_LIMIT: {
    zh: '亲情账户数量已达上限',
    retryable: false,
    httpStatus: 409,
  },
  ALREADY_MEMBER: {
    zh: '已添加该家庭成员',
    retryable: false,
    httpStatus: 409,
  },
  MEMBER_NOT_FOUND: {
    zh: '家庭成员不存在',
    retryable: false,
    httpStatus: 404,
  },
  MEMBER_FORBIDDEN: {
    zh: '不可为家庭成员办理此业务',
    retryable: false,
    httpStatus: 403,
  },
  // 410 like LAUNCH_EXPIRED (and the pages): a finished page is gone for good, as an expired
  // one is; no change of state makes it usable again (409 would say a conflict to resolve).
  LAUNCH_USED: {
    zh: '托管页面已使用',
    retryable: false,
    httpStatus: 410,
  },
  LAUNCH_EXPIRED: {
    zh: '托管页面已过期',
    retryable: false,
    httpStatus: 410,
  },
  RECEIPT_INVALID: {
    zh: '回执无效',
    retryable: false,
    httpStatus: 400,
  },
  RECEIPT_REPLAYED: {
    zh: '回执已使用',
    retryable: false,
    httpStatus: 409,
  },
  LOSS_NOT_WITHDRAWABLE: {
    zh: '挂失不可在线解除',
    retryable: false,
    httpStatus: 409,
  },
  CREDENTIAL_REVOKED: {
    zh: '离线凭证已撤销',
    retryable: false,
    httpStatus: 403,
  },
  STATUS_STALE: {
    zh: '状态列表过期',
    retryable: false,
    httpStatus: 503,
  },
  PRESENCE_NOT_CONFIRMED: {
    zh: '未确认本人操作',
    retryable: false,
    httpStatus: 403,
  },
};

/**
 * The error table: one row per {@link ErrorCode}: Chinese term, retryable, HTTP status. What
 * each code means in English and what to do next are `ERROR_MEANINGS` and `ERROR_ACTIONS` in
 * `essc-sdk/errors`.
 *
 * @example
 * ```ts
 * import { ERROR_TABLE } from 'essc-sdk';
 * console.log(ERROR_TABLE.PASSWORD_LOCKED.zh); // 密码已锁定
 * ```
 */
export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorTableRow>> = CHECKED_TABLE;

/**
 * Why a new password was refused (`details.reason` of `WEAK_PASSWORD`); see
 * {@link checkNewPassword} for the rules in order.
 *
 * @example
 * ```ts
 * if (isEsscError(e, 'WEAK_PASSWORD')) {
 *   const reason: WeakPasswordReason = e.details.reason;
 *   showError(WEAK_PASSWORD_MESSAGES[reason]);
 * }
 * ```
 */
export type WeakPasswordReason = 'format' | 'same-digit' | 'sequence' | 'from-id-number' | 'common';

/**
 * One field problem of a `VALIDATION_FAILED` error.
 *
 * @example
 * ```ts
 * if (isEsscError(e, 'VALIDATION_FAILED')) {
 *   for (const issue of e.details.issues) form.setError(issue.path.join('.'), issue.message);
 * }
 * ```
 */
export interface ValidationIssue {
  /** Path of the field, e.g. `['idNumber']`. */
  path: (string | number)[];
  /** Plain English; never repeats a password or the value typed. */
  message: string;
}

/**
 * The typed details each code carries. Codes not listed carry none. `isEsscError(e, code)`
 * narrows `e.details` to the code's entry.
 *
 * @example
 * ```ts
 * if (isEsscError(e, 'PASSWORD_INCORRECT')) {
 *   const { attemptsLeft }: ErrorDetailsMap['PASSWORD_INCORRECT'] = e.details;
 *   showHint(`密码错误，还可尝试 ${attemptsLeft} 次`);
 * }
 * ```
 */
export interface ErrorDetailsMap {
  /** The form problems, one per field. */
  VALIDATION_FAILED: {
    /** One entry per field that failed. */
    issues: ValidationIssue[];
  };
  /** A wrong password (R11). */
  PASSWORD_INCORRECT: {
    /** Tries left before the password locks (4 after the first failure, … 1). */
    attemptsLeft: number;
  };
  /** The password is locked until a reset (R11). */
  PASSWORD_LOCKED: {
    /** Always 0. */
    attemptsLeft: 0;
  };
  /** A new password breaks a rule (R9). */
  WEAK_PASSWORD: {
    /** The first rule broken. */
    reason: WeakPasswordReason;
  };
  /** The holder has as many members of the relation as allowed (R31). */
  FAMILY_LIMIT: {
    /** The relation at its limit. */
    relation: 'parent' | 'child' | 'spouse' | 'other';
    /** How many members of it a holder may have. */
    limit: number;
  };
  /** The card is not usable (R13). */
  CARD_INACTIVE: {
    /** The e-card status (`sealed`, `lost`, `locked` or `cancelled`). */
    status: ECardStatus;
  };
  /** The channel already holds a binding for this person (R6, R14). */
  ALREADY_BOUND: {
    /** The sign number of the binding this channel holds. */
    signNo: string;
  };
  /** The card's city has not enabled the e-card (R4). */
  REGION_NOT_ENABLED: {
    /** The card's issuing city. */
    regionCode: string;
  };
}

/**
 * Details of an error with code `C`.
 */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = C extends keyof ErrorDetailsMap
  ? ErrorDetailsMap[C]
  : Record<string, never> | undefined;

/**
 * Options of the {@link EsscError} constructor (adapters use it to report a platform's
 * answer; apps rarely do).
 *
 * @example
 * ```ts
 * throw new EsscError('PASSWORD_INCORRECT', undefined, {
 *   details: { attemptsLeft: 3 },
 *   requestId: response.headers.get('x-request-id') ?? undefined,
 *   statusCode: 401,
 * });
 * ```
 */
export interface EsscErrorOptions<C extends ErrorCode = ErrorCode> {
  /** The code's typed details (see {@link ErrorDetailsMap}). */
  details?: ErrorDetails<C>;
  /** The underlying error (kept for debugging; `toJSON` leaves it out). */
  cause?: unknown;
  /** Overrides the table's `retryable`. */
  retryable?: boolean;
  /** The platform's request id, when the error came over the wire. */
  requestId?: string;
  /** The HTTP status, when the error came over the wire. */
  statusCode?: number;
}

/**
 * The message of an {@link EsscError} made without one: its code. Every error the SDK raises
 * says more; the English sentence of a code is `errorMeaning(code)` in `essc-sdk/errors`, kept
 * out of the core, and `userMessage` (`essc-sdk/i18n`) says it to the citizen.
 */
export function defaultMessage(code: ErrorCode): string {
  return code;
}

/**
 * The one error class of the SDK. Narrow with `isEsscError(e, code)`, which also types
 * `details` (comparing `e.code` alone narrows the code, not the details):
 *
 * @example
 * ```ts
 * try {
 *   await client.changePassword({ signNo, oldPassword, newPassword });
 * } catch (e) {
 *   if (isEsscError(e, 'PASSWORD_INCORRECT')) {
 *     showHint(`${e.details.attemptsLeft} attempts left`);
 *   }
 * }
 * ```
 */
export class EsscError<C extends ErrorCode = ErrorCode> extends Error {
  /** Always `'EsscError'`: {@link isEsscError} checks it where `instanceof` fails. */
  override readonly name = 'EsscError';
  /** The stable code. */
  readonly code: C;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** Typed details for the code (see {@link ErrorDetailsMap}). */
  readonly details: ErrorDetails<C>;
  /** The platform's request id, when known. */
  readonly requestId: string | undefined;
  /** The HTTP status, when the error came over the wire. */
  readonly statusCode: number | undefined;

  constructor(code: C, message?: string, options: EsscErrorOptions<C> = {}) {
    super(
      message ?? defaultMessage(code),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.retryable = options.retryable ?? (RETRYABLE_CODES as readonly ErrorCode[]).includes(code);
    this.details = options.details as ErrorDetails<C>;
    this.requestId = options.requestId;
    this.statusCode = options.statusCode;
  }

  /**
   * A plain object safe to log or send: code, message, details, no stack, no cause.
   *
   * @example
   * ```ts
   * if (isEsscError(e)) logger.error({ err: e.toJSON() }); // { name, code, message, retryable, details }
   * ```
   */
  toJSON(): {
    /** `'EsscError'`. */
    name: 'EsscError';
    /** The stable code. */
    code: C;
    /** The message (never holds a secret). */
    message: string;
    /** Whether the same request may succeed later. */
    retryable: boolean;
    /** The code's typed details. */
    details: ErrorDetails<C>;
    /** The platform's request id, when known. */
    requestId?: string;
  } {
    return {
      name: 'EsscError',
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      details: this.details,
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
    };
  }
}

/**
 * Whether `code` is one of {@link ERROR_CODES} (an error from the wire or from a second copy of
 * the SDK may carry anything).
 *
 * @example
 * ```ts
 * const code = body.error?.code;
 * if (isErrorCode(code)) throw new EsscError(code, body.error.message);
 * ```
 */
export function isErrorCode(code: unknown): code is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code);
}

/**
 * An {@link EsscError} of any code, as a union over the codes: `switch (error.code)` narrows
 * `error.details` to that code's details.
 *
 * @example
 * ```ts
 * if (isEsscError(e)) {
 *   switch (e.code) {
 *     case 'PASSWORD_INCORRECT':
 *       showHint(`${e.details.attemptsLeft} attempts left`);
 *       break;
 *     case 'WEAK_PASSWORD':
 *       showHint(WEAK_PASSWORD_MESSAGES[e.details.reason]);
 *       break;
 *   }
 * }
 * ```
 */
export type AnyEsscError = { [C in ErrorCode]: EsscError<C> }[ErrorCode];

/**
 * True for an {@link EsscError}, also one thrown by a second bundled copy of the SDK (as in a
 * mini-program with two npm packages), where `instanceof` fails. Pass a code to narrow further.
 *
 * @example
 * ```ts
 * if (isEsscError(e, 'PASSWORD_LOCKED')) await goToReset();
 * ```
 */
export function isEsscError(error: unknown): error is AnyEsscError;
export function isEsscError<C extends ErrorCode>(error: unknown, code: C): error is EsscError<C>;
export function isEsscError(error: unknown, code?: ErrorCode): boolean {
  if (error instanceof EsscError) return code === undefined || error.code === code;
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { name?: unknown; code?: unknown };
  return (
    candidate.name === 'EsscError' &&
    typeof candidate.code === 'string' &&
    isErrorCode(candidate.code) &&
    (code === undefined || candidate.code === code)
  );
}
