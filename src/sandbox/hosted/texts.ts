/**
 * What the hosted pages say (R38): Chinese first, English beside it, as the console does. The
 * refusals' sentences are not here: they are `userMessage` of essc-sdk/i18n, the same the
 * channels' apps show.
 *
 * @internal
 */
import type { HostedAction } from '../../domain/hosted.js';
import type { HostedStepName } from '../../engine/engine.js';

/** One thing said in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** The title of each page, and what it is for (shown under the title). */
export const ACTION_TEXTS: Record<HostedAction, { title: Bilingual; about: Bilingual }> = {
  apply: {
    title: { zh: '领取电子社保卡', en: 'Get your e-card' },
    about: {
      zh: '核验本人身份后设置电子社保卡密码。',
      en: 'Confirm it is you, then set the e-card password.',
    },
  },
  'enable-payment': {
    title: { zh: '开通支付功能', en: 'Enable payment' },
    about: {
      zh: '开通后可使用电子社保卡付款码。',
      en: "Lets you pay with the e-card's payment code.",
    },
  },
  'change-password': {
    title: { zh: '修改密码', en: 'Change the password' },
    about: { zh: '输入原密码并设置新密码。', en: 'Enter the old password, then a new one.' },
  },
  'reset-password': {
    title: { zh: '重置密码', en: 'Reset the password' },
    about: {
      zh: '核验本人身份后设置新密码。',
      en: 'Confirm it is you, then set a new password.',
    },
  },
  unbind: {
    title: { zh: '解除关联', en: 'Unbind the e-card' },
    about: {
      zh: '解除后本应用不能再使用您的电子社保卡。',
      en: 'This app will no longer use your e-card.',
    },
  },
  'verify-password': {
    title: { zh: '验证密码', en: 'Confirm with your password' },
    about: {
      zh: '应用请求核验您的电子社保卡密码。',
      en: 'The app asks you to confirm with your e-card password.',
    },
  },
  'verify-face': {
    title: { zh: '人脸核验', en: 'Face check' },
    about: {
      zh: '应用请求核验是否为本人操作。',
      en: 'The app asks you to confirm it is you.',
    },
  },
  card: {
    title: { zh: '我的电子社保卡', en: 'My e-card' },
    about: {
      zh: '出示二维码供医院、药店等扫码。',
      en: 'Show a code for a hospital or pharmacy to scan.',
    },
  },
  certification: {
    title: { zh: '待遇资格认证', en: 'Entitlement certification' },
    about: {
      zh: '通过人脸核验完成本年度待遇资格认证。',
      en: 'A face check certifies your entitlement for this year.',
    },
  },
};

/** The legend of each step's fieldset. */
export const STEP_LEGENDS: Record<Exclude<HostedStepName, 'done'>, Bilingual> = {
  face: { zh: '人脸核验', en: 'Face check' },
  password: { zh: '输入电子社保卡密码', en: 'Enter your e-card password' },
  'new-password': { zh: '设置电子社保卡密码', en: 'Set your e-card password' },
  'old-and-new-password': { zh: '修改电子社保卡密码', en: 'Change your e-card password' },
  card: { zh: '电子社保卡', en: 'E-card' },
};

/** What the submit button of a password step says, per page. */
export const CONFIRM_TEXTS: Partial<Record<HostedAction, Bilingual>> = {
  apply: { zh: '确认领取', en: 'Get the card' },
  'enable-payment': { zh: '确认开通', en: 'Enable' },
  'change-password': { zh: '确认修改', en: 'Change' },
  'reset-password': { zh: '确认重置', en: 'Reset' },
  unbind: { zh: '确认解除', en: 'Unbind' },
  'verify-password': { zh: '确认', en: 'Confirm' },
};

/** Labels and hints of the form's fields and buttons. */
export const UI = {
  brand: { zh: '电子社保卡', en: 'E-social-security card' },
  sandbox: {
    zh: '沙箱 · 测试平台，不是国家社保卡平台',
    en: 'Sandbox: a test platform, not the national one',
  },
  requestedBy: { zh: '发起方', en: 'Requested by' },
  holder: { zh: '持卡人', en: 'Card holder' },
  step: (n: number, of: number): Bilingual => ({
    zh: `第 ${n} 步，共 ${of} 步`,
    en: `Step ${n} of ${of}`,
  }),
  password: { zh: '电子社保卡密码', en: 'E-card password' },
  oldPassword: { zh: '原密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  newPasswordAgain: { zh: '再次输入新密码', en: 'New password again' },
  digitsHint: { zh: '6位数字，输入时不显示', en: '6 digits, hidden as you type' },
  newPasswordHint: {
    zh: '6位数字；不能是同一个数字、连续数字或取自身份证号',
    en: '6 digits; not one digit repeated, not consecutive, not from your ID number',
  },
  attemptsLeft: (n: number): Bilingual => ({
    zh: `还可尝试 ${n} 次`,
    en: `${n} ${n === 1 ? 'attempt' : 'attempts'} left`,
  }),
  mismatch: {
    zh: '两次输入的新密码不一致，请重新输入',
    en: 'The two new passwords differ. Please type them again.',
  },
  faceAbout: {
    zh: '测试平台不调用摄像头：请选择人脸核验的结果。',
    en: "The test platform uses no camera: choose the face check's outcome.",
  },
  facePass: { zh: '通过人脸核验', en: 'Pass the face check' },
  faceFail: { zh: '未通过', en: 'Fail' },
  close: { zh: '关闭', en: 'Close' },
  closeAbout: {
    zh: '关闭后返回应用，不办理本业务。',
    en: 'Go back to the app without finishing.',
  },
  expiresAt: { zh: '本页面有效至', en: 'This page is valid until' },
  errorTitle: { zh: '无法继续', en: 'Cannot continue' },
  goBack: {
    zh: '请返回应用重新进入。',
    en: 'Go back to the app and start again.',
  },
  notFound: {
    zh: '没有这个页面。',
    en: 'There is no such page.',
  },
  staleForm: {
    zh: '页面已更新，请重新加载后再提交。',
    en: 'The page has changed: load it again before you submit.',
  },
  reload: { zh: '重新加载', en: 'Load it again' },
  badRequest: {
    zh: '提交的内容无法识别。',
    en: 'The form could not be read.',
  },
  failed: {
    zh: '系统繁忙，请稍后再试。',
    en: 'Something went wrong. Please try again later.',
  },
} as const;

/** The card step's texts. */
export const CARD_TEXTS = {
  name: { zh: '姓名', en: 'Name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  cardNo: { zh: '社会保障卡号', en: 'Card number' },
  region: { zh: '发卡地', en: 'Issued in' },
  status: { zh: '状态', en: 'Status' },
  level: { zh: '等级', en: 'Level' },
  codes: {
    identity: { zh: '身份码', en: 'Identity code' },
    payment: { zh: '付款码', en: 'Payment code' },
  },
  showIdentity: { zh: '出示身份码', en: 'Show the identity code' },
  refreshIdentity: { zh: '刷新身份码', en: 'New identity code' },
  showPayment: { zh: '出示付款码', en: 'Show the payment code' },
  paymentLegend: { zh: '付款码需验证密码', en: 'A payment code needs your password' },
  noPayment: {
    zh: '开通支付功能后可出示付款码。',
    en: 'Enable payment to show a payment code.',
  },
  codeAbout: {
    zh: '请将二维码出示给收款或核验方扫描，勿截图转发。',
    en: 'Show the code to the cashier or the desk; do not share screenshots of it.',
  },
  validUntil: { zh: '有效至', en: 'Valid until' },
  expired: { zh: '二维码已过期', en: 'The code has expired' },
  noCode: {
    zh: '尚未出示二维码。',
    en: 'No code shown yet.',
  },
} as const;
