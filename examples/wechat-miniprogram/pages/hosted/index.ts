/**
 * The platform's own page (托管页面, R35–R37) in a `web-view`: the citizen does the face check
 * and types the password on the platform's page, never in this mini-program.
 *
 * Opened as `/pages/hosted/index?action=apply&name=…&idNumber=…` (or another action, for the
 * card this user holds): the channel backend launches the page (`POST /hosted/launch`, signed
 * with the channel key there) with its own web-view return page as the return address, and
 * this page shows the platform's url in a web-view. When the platform's page ends, the web-view
 * goes to that return page, which checks the receipt on the backend and brings the mini-program
 * back here with `?outcome=<kind>` (`wx.miniProgram.redirectTo` of the web-view JS-SDK). The
 * outcome is only what to say: what the user holds now comes from the backend (`GET /me`).
 *
 * Release: add the platform's page domain to 业务域名 (web-view) and the backend's to both
 * 业务域名 and request 合法域名.
 */
import { ERROR_CODES, type ErrorCode, EsscError } from 'essc-sdk';
import { callBackend } from '../../utils/backend';
import { BACKEND_URL } from '../../utils/config';
import { forgetSignNo, mySignNo } from '../../utils/essc';
import { messageOf } from '../../utils/messages';
import { session } from '../../utils/session';

/** The backend's web-view return page for this runtime. */
const RETURN_URL = `${BACKEND_URL}/hosted/mini-program?app=wechat`;

type Query = Record<string, string | undefined>;

/** What each receipt kind (R36) means to the user. */
const OUTCOMES: Readonly<Record<string, string>> = {
  applied: '已领取电子社保卡',
  bound: '已关联您的电子社保卡',
  'payment-enabled': '已开通电子社保卡支付',
  'password-changed': '电子社保卡密码已修改',
  unbound: '已解除关联',
  'password-verified': '密码验证通过',
  'face-verified': '人脸核验通过',
  certified: '已完成待遇资格认证',
  closed: '您已关闭页面，未办理',
};

/** The sentence for an outcome; a page that failed, or a receipt refused, says why. */
function outcomeText(kind: string, failure: string): string {
  if (failure) return kind === 'closed' ? `未办理成功：${failure}` : failure;
  return OUTCOMES[kind] ?? '办理结果未知，请稍后查看';
}

Component({
  data: {
    /** The platform's page, shown in the web-view. */
    url: '',
    /** What happened, once back. */
    result: '',
    /** Whether the user holds the e-card here now. */
    holds: false,
    error: '',
  },
  methods: {
    onLoad(query: Query) {
      if (query?.outcome) void this.showOutcome(query.outcome, query.error);
      else void this.launch(query ?? {});
    },
    async launch(query: Query) {
      const action = query.action ?? 'apply';
      try {
        const { token } = await session();
        const target =
          action === 'apply'
            ? {
                person: {
                  name: decodeURIComponent(query.name ?? ''),
                  idNumber: decodeURIComponent(query.idNumber ?? ''),
                },
              }
            : { signNo: await mySignNo() };
        const { url } = await callBackend<{ url: string }>('POST', '/hosted/launch', {
          token,
          body: { action, ...target, returnUrl: RETURN_URL },
        });
        this.setData({ url });
      } catch (error) {
        this.setData({ error: messageOf(error) });
      }
    },
    async showOutcome(kind: string, code: string | undefined) {
      const known = (ERROR_CODES as readonly string[]).includes(code ?? '');
      const failure = known ? messageOf(new EsscError(code as ErrorCode)) : '';
      this.setData({ result: outcomeText(kind, failure) });
      try {
        // What the user holds now, as the backend knows it from the verified receipt.
        forgetSignNo();
        this.setData({ holds: (await mySignNo()) !== undefined });
      } catch (error) {
        this.setData({ error: messageOf(error) });
      }
    },
    onDone() {
      wx.reLaunch({ url: this.data.holds ? '/pages/card/index' : '/pages/apply/index' });
    },
  },
});
