/**
 * Scan-to-login (扫码登录): scan a government portal's login code, see which portal asks, and
 * confirm with the e-card password — or reject. The portal then receives a signed identity
 * assertion from the platform.
 */
import { isEsscError, type LoginScope } from 'essc-sdk';
import { scopeName } from 'essc-sdk/i18n';
import { essc, mySignNo } from '../../utils/essc';
import { messageOf } from '../../utils/messages';

type InputEvent = { detail: { value: string } };

/** The login request being confirmed. */
let pending: { signNo: string; requestId: string } | undefined;

/** Alipay's scan error 10: the user closed the camera. */
const SCAN_CANCELLED = 10;

function scanCode(): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    my.scan({
      scanType: ['qrCode'],
      hideAlbum: true,
      success: (res) => resolve(res.code),
      fail: (err) => (err.error === SCAN_CANCELLED ? resolve(undefined) : reject(err)),
    });
  });
}

/** The claims a portal asks for, by name (R30): what the portal receives if the user agrees. */
function claimsOf(scopes: LoginScope[]): string {
  return scopes.map((scope) => scopeName(scope)).join('、');
}

function askToConfirm(portalName: string, claims: string): Promise<boolean> {
  return new Promise((resolve) => {
    my.confirm({
      title: '授权登录',
      content: `${portalName} 请求使用您的电子社保卡登录，并获取您的${claims}，是否同意？`,
      confirmButtonText: '同意',
      cancelButtonText: '拒绝',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

function timeOf(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

Page({
  data: {
    step: 'idle' as 'idle' | 'confirm' | 'done',
    portalName: '',
    scopes: '',
    expiresAt: '',
    password: '',
    result: '',
    busy: false,
    error: '',
  },
  onLoad() {
    pending = undefined;
  },
  onPasswordInput(event: InputEvent) {
    this.setData({ password: event.detail.value });
  },
  async onScan() {
    this.setData({ busy: true, error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) {
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      const qrText = await scanCode();
      if (qrText === undefined) return;
      const request = await essc().scanLogin({ signNo, qrText });
      pending = { signNo, requestId: request.requestId };
      this.setData({
        step: 'confirm',
        portalName: request.portal.name,
        scopes: claimsOf(request.scopes),
        expiresAt: timeOf(request.expiresAt),
      });
      if (!(await askToConfirm(request.portal.name, claimsOf(request.scopes)))) {
        await this.onReject();
      }
    } catch (error) {
      this.setData({ error: messageOf(error) });
    } finally {
      this.setData({ busy: false });
    }
  },
  async onConfirm() {
    if (!pending) return;
    if (!/^\d{6}$/.test(this.data.password)) {
      this.setData({ error: '请输入 6 位电子社保卡密码' });
      return;
    }
    this.setData({ busy: true, error: '' });
    try {
      await essc().confirmLogin({ ...pending, verification: { password: this.data.password } });
      pending = undefined;
      this.setData({ step: 'done', result: `已登录 ${this.data.portalName}`, password: '' });
    } catch (error) {
      // A wrong password leaves the request open: the user may try again.
      this.setData({ error: messageOf(error), password: '' });
      if (!isEsscError(error, 'PASSWORD_INCORRECT')) {
        pending = undefined;
        this.setData({ step: 'idle' });
      }
    } finally {
      this.setData({ busy: false });
    }
  },
  async onReject() {
    if (!pending) return;
    this.setData({ busy: true, error: '' });
    try {
      await essc().rejectLogin(pending);
      this.setData({ step: 'done', result: `已拒绝 ${this.data.portalName} 的登录请求` });
    } catch (error) {
      this.setData({ step: 'idle', error: messageOf(error) });
    } finally {
      pending = undefined;
      this.setData({ busy: false, password: '' });
    }
  },
  onAgain() {
    this.setData({ step: 'idle', result: '', error: '' });
  },
});
