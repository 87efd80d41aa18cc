/**
 * The citizen's sentence for each error code, in Chinese: what happened, in the words of the
 * card's service counters, and what to do next. Short enough for a toast (`wx.showToast`
 * shows some 14 characters on one line, a modal more); no code, no English, no secret.
 */
import {
  countOf,
  fieldNames,
  type MessageContext,
  type UserMessageTable,
} from './message-table.js';
import { ownEntry } from './own-entry.js';
import { weakPasswordText } from './weak-password.js';

/** Field names a citizen knows, for `VALIDATION_FAILED`; other fields go unnamed. */
const FIELDS: Readonly<Record<string, string>> = {
  name: '姓名',
  idNumber: '身份证号',
  password: '密码',
  oldPassword: '原密码',
  newPassword: '新密码',
  amount: '金额',
};

function retryLater({ retryAfterSeconds: s }: MessageContext): string {
  if (s === undefined || s === 0) return '请稍后重试';
  return s < 60 ? `请${s}秒后重试` : `请${Math.ceil(s / 60)}分钟后重试`;
}

/**
 * The Chinese user messages (`zh-CN`), one per error code.
 *
 * @example
 * ```ts
 * import { USER_MESSAGES_ZH_CN } from 'essc-sdk/i18n';
 * console.log(USER_MESSAGES_ZH_CN.PASSWORD_REUSED); // 新密码不能与原密码相同
 * ```
 */
export const USER_MESSAGES_ZH_CN: UserMessageTable = {
  VALIDATION_FAILED: ({ issues }) => {
    const named = fieldNames(issues, FIELDS);
    return named.length === 0
      ? '填写的信息有误，请检查后重试'
      : `请检查填写的${named.join('、')}后重试`;
  },
  REGION_NOT_ENABLED: ({ regionCode }, { regionName }) => {
    const name = typeof regionCode === 'string' ? regionName(regionCode) : undefined;
    return `${name ?? '您的社保卡发卡地'}暂未开通电子社保卡，请留意当地人社部门通知`;
  },
  CARD_NOT_FOUND: '未查询到您的社保卡，请核对身份证号，或先到社保经办机构申领社保卡',
  IDENTITY_MISMATCH: '姓名与身份证号不一致，请按身份证上的姓名填写',
  REAL_PERSON_FAILED: '人脸识别未通过或已失效，请重新进行人脸识别',
  CARD_INACTIVE: ({ status }, { names }) => {
    const name = ownEntry(names.statuses, status);
    const state = name === undefined ? '状态异常' : `处于“${name}”状态`;
    return `您的社保卡${state}，电子社保卡暂不可用，请到社保经办机构办理`;
  },
  ALREADY_BOUND: '您已在本渠道领取电子社保卡，可直接使用；如已换卡，请先解除原卡关联',
  NOT_BOUND: '您尚未在本渠道领取这张电子社保卡，请先申领',
  WEAK_PASSWORD: ({ reason }) =>
    `${(reason !== undefined && weakPasswordText(reason, 'zh-CN')) || '密码不符合规则'}，请重新设置`,
  PASSWORD_INCORRECT: ({ attemptsLeft }) => {
    const left = countOf(attemptsLeft);
    return left === undefined || left === 0
      ? '电子社保卡密码错误，请重新输入'
      : `电子社保卡密码错误，还可尝试${left}次`;
  },
  PASSWORD_LOCKED: '密码错误次数过多，已被锁定，请通过人脸识别重置密码',
  PASSWORD_REUSED: '新密码不能与原密码相同',
  PAYMENT_NOT_ENABLED: '电子社保卡尚未开通支付功能，请先开通；开通前须激活社保卡的银行账户',
  QR_MALFORMED: '无法识别该二维码，请出示电子社保卡二维码',
  QR_INVALID_SIGNATURE: '二维码无效，请在电子社保卡中重新生成',
  QR_EXPIRED: '二维码已过期，请刷新后重新出示',
  QR_REPLAYED: '二维码已使用过，请刷新后重新出示',
  LOGIN_NOT_FOUND: '无法识别该登录二维码，请扫描网页上当前显示的二维码',
  LOGIN_EXPIRED: '登录二维码已过期，请刷新网页后重新扫码',
  LOGIN_STATE: '本次登录已处理，请刷新网页后重新扫码',
  PAYMENT_DECLINED: '社保卡银行账户余额不足，支付未成功，未扣款',
  ORDER_CONFLICT: '订单信息有冲突，请重新下单',
  ORDER_PAID: '该订单已支付，未重复扣款',
  PAYMENT_NOT_FOUND: '未查询到这笔支付，未扣款',
  PAYMENT_PENDING: '这笔支付正在处理中，请稍候，请勿重复支付',
  REFUND_EXCEEDED: '退款金额超过可退金额',
  BILL_NOT_FOUND: '未找到该账单，请刷新账单列表后重试',
  BILL_ALREADY_PAID: '该账单已缴费，无需重复缴纳',
  CHANNEL_UNAUTHORIZED: '服务认证已失效，请重新进入后重试',
  MERCHANT_UNAUTHORIZED: '收款方未获授权，本次未扣款，请联系收款方',
  NETWORK: (_details, context) => `网络不给力，${retryLater(context)}`,
  TIMEOUT: (_details, context) => `请求超时，${retryLater(context)}`,
  PLATFORM_UNAVAILABLE: (_details, context) => `服务繁忙，${retryLater(context)}`,
  UNSUPPORTED_RUNTIME: '当前环境不支持此功能，请更新应用后重试',
  NOT_ELIGIBLE: '暂不符合办理条件，可到社保经办机构咨询',
  APPLICATION_OPEN: '已有办理中的同类申请，请等待办理结果',
  APPLICATION_NOT_FOUND: '未找到该申请，请刷新后重试',
  APPLICATION_STATE: '该申请的状态已变化，请刷新后查看',
  FAMILY_LIMIT: ({ relation, limit }, { names }) =>
    relation && typeof limit === 'number'
      ? `最多可添加${limit}位${ownEntry(names.relations, relation) ?? '亲属'}，已达上限`
      : '亲情账户数量已达上限',
  ALREADY_MEMBER: '该亲属已在您的亲情账户中',
  MEMBER_NOT_FOUND: '未找到该亲属，请刷新亲情账户后重试',
  MEMBER_FORBIDDEN: '此项业务需本人办理，不能由亲属代办',
  LAUNCH_USED: '该页面已办理完成，请返回后重新进入',
  LAUNCH_EXPIRED: '页面已过期，请返回后重新进入',
  RECEIPT_INVALID: '办理结果无法确认，请返回后重新办理',
  RECEIPT_REPLAYED: '该办理结果已确认，无需重复提交',
  LOSS_NOT_WITHDRAWABLE: '该挂失不能在线解除，请携带身份证到社保经办机构办理',
  CREDENTIAL_REVOKED: '离线码已失效，请联网后刷新电子社保卡二维码',
  STATUS_STALE: '暂时无法核验离线码，请出示在线二维码',
  PRESENCE_NOT_CONFIRMED: '未完成本人确认，无法生成离线付款码',
  UNKNOWN: '操作未成功，请稍后重试',
};
