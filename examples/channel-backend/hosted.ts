/**
 * The channel backend's hosted-page routes (essc-sdk/hosted, R35, R36): it launches the
 * platform's pages for the signed-in user and takes their receipts. Where the citizen's
 * browser comes back depends on the app:
 *
 * - an **H5 page** gives its own page as the launch's `returnUrl` (its origin must be the one
 *   asking, the request's `Origin`): the platform redirects there with `?receipt=`, and the page
 *   sends the receipt to `POST /hosted/receipt`;
 * - a **mini-program**'s `web-view` comes back to this backend's bridge page,
 *   `GET /hosted/mini-program?app=wechat|alipay&receipt=…`, which checks the receipt here and
 *   sends the mini-program to its result page with the outcome, through the web-view's
 *   JS-SDK (`wx.miniProgram.redirectTo`, Alipay's `my.redirectTo`);
 * - without a `returnUrl`, `GET /hosted/return` answers the verified receipt as JSON.
 *
 * No other return address is launched: the platform sends the receipt only where the launch
 * said (R36), so the backend launches only to itself or to the page that asks.
 *
 * The same receipt also comes as the `hosted.completed` notification, often before the
 * browser is back. The backend acts on a receipt once (`verifyReceipt` accepts it once); the
 * app's copy of one the notification brought first is answered with the outcome already
 * accepted, kept here for the receipt's 10 minutes.
 */
import { type ErrorCode, isEsscError } from 'essc-sdk';
import {
  HOSTED_ACTIONS,
  type HostedAction,
  type HostedPages,
  type HostedReceipt,
} from 'essc-sdk/hosted';
import type { CardRegistry } from './cards.js';

type Refusal = (status: number, code: ErrorCode, message: string, retryable?: boolean) => Response;

/** What the hosted routes need of the backend. */
export interface HostedRoutesOptions {
  hosted: HostedPages;
  cards: CardRegistry;
  /** The backend's own origin, known once it listens. */
  origin: () => string;
  /** The default return address: the backend's `GET /hosted/return`, or the option's. */
  defaultReturnUrl: () => string;
  /** The backend's CORS origin: a page's `returnUrl` must be on an origin it allows. */
  allowOrigin: string;
  json: (status: number, body: unknown) => Response;
  refusal: Refusal;
  readJson: (request: Request) => Promise<Record<string, unknown> | undefined>;
}

/** The mini-program runtimes the bridge page talks to, and their web-view JS-SDKs. */
/** How long an accepted receipt's outcome is kept for the app's copy: a receipt's lifetime. */
const RECEIPT_LIFETIME_MS = 10 * 60 * 1000;

const BRIDGES = {
  wechat: { sdk: 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js', api: 'wx.miniProgram' },
  alipay: { sdk: 'https://appx/web-view.min.js', api: 'my' },
} as const;

/** The mini-programs' result page, which the bridge page sends the web-view to. */
export const MINI_PROGRAM_RESULT_PAGE = '/pages/hosted/index';

export function hostedRoutes(options: HostedRoutesOptions) {
  const { hosted, cards, json, refusal, readJson } = options;
  /** Accepted receipts by token, in the order accepted, with when they are forgotten. */
  const accepted = new Map<string, { receipt: HostedReceipt; until: number }>();

  /** What a verified receipt changes (once): the user's card, as the channel keeps it. */
  async function acceptReceipt(token: string): Promise<HostedReceipt> {
    const receipt = await hosted.verifyReceipt(token);
    if (receipt.kind === 'applied' || receipt.kind === 'bound') {
      cards.recordApplied(receipt.channelUserId, receipt.signNo);
    } else if (receipt.kind === 'unbound') {
      cards.recordUnbound(receipt.signNo);
    }
    const now = Date.now();
    for (const [key, entry] of accepted) {
      if (entry.until > now) break;
      accepted.delete(key);
    }
    accepted.set(token, { receipt, until: now + RECEIPT_LIFETIME_MS });
    return receipt;
  }

  /**
   * The outcome of a receipt the app brings back: accepted now, or already (the notification
   * came first: `verifyReceipt` says RECEIPT_REPLAYED for the very token accepted).
   */
  async function outcomeOf(token: string): Promise<HostedReceipt> {
    try {
      return await acceptReceipt(token);
    } catch (error) {
      const known = accepted.get(token);
      if (isEsscError(error, 'RECEIPT_REPLAYED') && known && known.until > Date.now()) {
        return known.receipt;
      }
      throw error;
    }
  }

  function refused(error: unknown): Response {
    if (!isEsscError(error)) throw error;
    return refusal(error.retryable ? 503 : 400, error.code, error.message, error.retryable);
  }

  /**
   * The launch's return address: the backend's own (its bridge page), or the asking page's
   * (an H5 app: `Origin` of the request, if CORS allows it); `undefined` for anything else.
   */
  function returnUrlFor(candidate: unknown, request: Request): string | undefined {
    if (candidate === undefined) return options.defaultReturnUrl();
    if (typeof candidate !== 'string') return undefined;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return undefined;
    }
    if (url.username || url.password) return undefined;
    if (url.origin === options.origin()) return url.href;
    const asking = request.headers.get('origin');
    const allowed = options.allowOrigin === '*' || options.allowOrigin === asking;
    return asking !== null && url.origin === asking && allowed ? url.href : undefined;
  }

  return {
    acceptReceipt,

    /** `POST /hosted/launch` `{ action, person?, signNo?, returnUrl? }` for the signed-in user. */
    async launch(request: Request, channelUserId: string): Promise<Response> {
      const body = await readJson(request);
      const action = body?.action as HostedAction;
      if (!HOSTED_ACTIONS.includes(action)) {
        return refusal(
          400,
          'VALIDATION_FAILED',
          `Send { "action": ${HOSTED_ACTIONS.join(' | ')} }.`,
        );
      }
      const signNo = typeof body?.signNo === 'string' ? body.signNo : undefined;
      if (signNo !== undefined && !cards.belongsTo(signNo, channelUserId)) {
        return refusal(404, 'NOT_BOUND', 'This e-card is not bound for the signed-in user.');
      }
      const returnUrl = returnUrlFor(body?.returnUrl, request);
      if (returnUrl === undefined) {
        return refusal(
          400,
          'VALIDATION_FAILED',
          'returnUrl must be on this backend or on the origin of the page that asks.',
        );
      }
      try {
        const launched = await hosted.launch({
          action,
          channelUserId,
          ...(body?.person ? { person: body.person as { name: string; idNumber: string } } : {}),
          ...(signNo ? { signNo } : {}),
          returnUrl,
        });
        return json(200, launched);
      } catch (error) {
        return refused(error);
      }
    },

    /**
     * `POST /hosted/receipt` `{ receipt }` (bearer): an H5 page hands over what it came back
     * with; answered to the user the launch was for only.
     */
    async receipt(request: Request, channelUserId: string): Promise<Response> {
      const token = (await readJson(request))?.receipt;
      try {
        const receipt = await outcomeOf(typeof token === 'string' ? token : '');
        if (receipt.channelUserId !== channelUserId) {
          return refusal(403, 'CHANNEL_UNAUTHORIZED', 'This receipt is another user’s.');
        }
        return json(200, receipt);
      } catch (error) {
        return refused(error);
      }
    },

    /** `GET /hosted/return?receipt=…`: the verified receipt, as JSON. */
    async return(request: Request): Promise<Response> {
      try {
        return json(
          200,
          await acceptReceipt(new URL(request.url).searchParams.get('receipt') ?? ''),
        );
      } catch (error) {
        return refused(error);
      }
    },

    /**
     * `GET /hosted/mini-program?app=wechat|alipay&receipt=…`: the web-view's return page. It
     * checks the receipt here and sends the mini-program to its result page with the outcome
     * (`kind`, and `error` for a page that failed); a receipt it cannot accept goes as
     * `outcome=refused&error=<code>`. The receipt itself never reaches the mini-program.
     */
    async miniProgram(request: Request): Promise<Response> {
      const params = new URL(request.url).searchParams;
      const app = params.get('app');
      if (app !== 'wechat' && app !== 'alipay') {
        return refusal(404, 'VALIDATION_FAILED', 'app must be wechat or alipay.');
      }
      const outcome = new URLSearchParams();
      try {
        const receipt = await outcomeOf(params.get('receipt') ?? '');
        outcome.set('outcome', receipt.kind);
        if (receipt.kind === 'closed' && receipt.error) outcome.set('error', receipt.error);
      } catch (error) {
        if (!isEsscError(error)) throw error;
        outcome.set('outcome', 'refused');
        outcome.set('error', error.code);
      }
      return bridgePage(app, `${MINI_PROGRAM_RESULT_PAGE}?${outcome}`);
    },
  };
}

/**
 * The web-view's last page: the runtime's JS-SDK, then one call that leaves the web-view for
 * the mini-program's result page (`redirectTo`: the page with the web-view is replaced, so
 * "back" does not return to the platform's finished page).
 */
function bridgePage(app: keyof typeof BRIDGES, target: string): Response {
  const { sdk, api } = BRIDGES[app];
  // JSON in a script: `<` escaped, so no value can close the element.
  const to = JSON.stringify(target).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>返回小程序</title>
<script src="${sdk}"></script>
</head>
<body>
<p>办理结果已返回，正在回到小程序…</p>
<script id="bridge">${api}.redirectTo({ url: ${to} });</script>
</body>
</html>
`;
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}
