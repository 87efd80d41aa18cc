/**
 * What to tell the user when a call fails: one sentence in Chinese per error code, with the
 * details the code carries (attempts left, the broken password rule).
 */
import { ERROR_TABLE, isEsscError, type WeakPasswordReason } from 'essc-sdk';
import { BackendError } from './backend';
import { forgetSession } from './session';

const WEAK_PASSWORD: Record<WeakPasswordReason, string> = {
  format: '密码须为 6 位数字',
  'same-digit': '密码不能是同一个数字',
  sequence: '密码不能是连续数字',
  'from-id-number': '密码不能取自身份证号',
  common: '密码过于简单，请换一个',
};

const STATUS: Record<string, string> = {
  active: '正常',
  sealed: '已封存',
  lost: '已挂失',
  locked: '已锁定',
  cancelled: '已注销',
};

export function statusText(status: string): string {
  return STATUS[status] ?? status;
}

export function weakPasswordText(reason: WeakPasswordReason): string {
  return WEAK_PASSWORD[reason] ?? '密码不符合规则';
}

/** The message for a failure; a refused session is forgotten, so a retry signs in again. */
export function messageOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'CHANNEL_UNAUTHORIZED') forgetSession();
  if (isEsscError(error, 'PASSWORD_INCORRECT')) {
    return `密码错误，还可尝试 ${error.details.attemptsLeft} 次`;
  }
  if (isEsscError(error, 'PASSWORD_LOCKED')) return '密码已锁定，请刷脸重置密码';
  if (isEsscError(error, 'WEAK_PASSWORD')) return weakPasswordText(error.details.reason);
  if (isEsscError(error, 'CARD_INACTIVE')) {
    return `社保卡${statusText(error.details.status)}，电子社保卡暂不可用`;
  }
  if (isEsscError(error)) {
    switch (error.code) {
      case 'VALIDATION_FAILED':
        return '请检查填写的内容';
      case 'IDENTITY_MISMATCH':
        return '姓名与身份证号不一致';
      case 'REAL_PERSON_FAILED':
        return '人脸识别已失效，请重新认证';
      case 'ALREADY_BOUND':
        return '您已在本渠道领取电子社保卡';
      case 'REGION_NOT_ENABLED':
        return '您的参保地暂未开通电子社保卡';
      case 'CARD_NOT_FOUND':
        return '未查询到您的社保卡';
      case 'PASSWORD_REUSED':
        return '新密码不能与原密码相同';
      case 'LOGIN_EXPIRED':
        return '二维码已过期，请刷新网页后重新扫码';
      case 'LOGIN_NOT_FOUND':
      case 'QR_MALFORMED':
        return '无法识别的二维码';
      case 'CHANNEL_UNAUTHORIZED':
        return '登录已失效，请重试';
      case 'PAYMENT_NOT_ENABLED':
        return '请先开通电子社保卡支付';
      case 'PAYMENT_DECLINED':
        return '银行账户余额不足，未扣款';
      case 'BILL_ALREADY_PAID':
        return '该账单已缴费';
      case 'NOT_ELIGIBLE':
        return '暂不符合申领条件';
      case 'APPLICATION_OPEN':
        return '您已有一笔办理中的申请';
      case 'APPLICATION_STATE':
        return '申请当前状态不能进行此操作';
      case 'NETWORK':
      case 'TIMEOUT':
      case 'PLATFORM_UNAVAILABLE':
        return '网络不给力，请稍后重试';
      default:
        return ERROR_TABLE[error.code].zh;
    }
  }
  if (error instanceof BackendError) {
    return error.code === 'CARD_NOT_FOUND' ? '未查询到您的社保卡' : '网络不给力，请稍后重试';
  }
  return '出错了，请稍后重试';
}
