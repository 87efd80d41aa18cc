/**
 * Shared by the sandbox and http tests: a sandbox on 127.0.0.1:0 over a MockPlatform with a
 * test clock, channels and a portal registered with fresh key pairs, and a way to send raw
 * signed requests (what a channel's backend would do by hand).
 */
import type { JWK } from 'jose';
import { randomId } from '../../src/crypto/index.js';
import {
  createHttpAdapter,
  createHttpPortalAdapter,
  type HttpAdapterOptions,
} from '../../src/http/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import {
  type RunningSandbox,
  type StartSandboxOptions,
  startSandbox,
} from '../../src/sandbox/index.js';
import { WIRE_HEADERS, WIRE_PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { bodySha256, generateCallerKeyPair, signRequest } from '../../src/wire/signatures.js';

export const PASSWORD = '258046';
export const ZHANG = DEMO_PEOPLE[0]!; // Guangzhou, bank account active
export const LI = DEMO_PEOPLE[2]!; // Shanghai

export interface SandboxWorld {
  platform: MockPlatform;
  sandbox: RunningSandbox;
  url: string;
  keys: Record<string, JWK>;
  /** The channels' registered public keys. */
  publicKeys: Record<string, JWK>;
  portalKey: JWK;
  advance(ms: number): void;
  adapter(
    channelId: string,
    options?: Partial<HttpAdapterOptions>,
  ): ReturnType<typeof createHttpAdapter>;
  portalAdapter(
    options?: Partial<Parameters<typeof createHttpPortalAdapter>[0]>,
  ): ReturnType<typeof createHttpPortalAdapter>;
  applyInput(
    person?: typeof ZHANG,
    channelUserId?: string,
  ): {
    channelUserId: string;
    name: string;
    idNumber: string;
    realPerson: string;
    password: string;
  };
  close(): Promise<void>;
}

/**
 * Channels `wechat` (EdDSA key) and `alipay` (ES256 key), portal `gov-portal`, the demo people.
 * `options` go to `startSandbox` (webhook backoff, say).
 */
export async function sandboxWorld(
  options: Omit<StartSandboxOptions, 'platform'> = {},
): Promise<SandboxWorld> {
  let now = Date.now();
  const platform = new MockPlatform({ now: () => now });
  platform.enableRegion('440100', '广州市');
  platform.enableRegion('310100', '上海市');
  for (const person of [ZHANG, LI]) {
    platform.addPerson({
      name: person.name,
      idNumber: person.idNumber,
      regionCode: person.regionCode,
      bankAccountActive: person === ZHANG,
    });
  }
  const wechat = await generateCallerKeyPair('EdDSA');
  const alipay = await generateCallerKeyPair('ES256');
  const portal = await generateCallerKeyPair('ES256');
  platform.registerChannel({
    id: 'wechat',
    name: '微信',
    publicKey: wechat.publicJwk,
  });
  platform.registerChannel({
    id: 'alipay',
    name: '支付宝',
    publicKey: alipay.publicJwk,
  });
  platform.registerPortal({
    id: 'gov-portal',
    name: '国家政务服务平台',
    publicKey: portal.publicJwk,
  });
  const sandbox = await startSandbox({ ...options, platform });
  const keys = { wechat: wechat.privateJwk, alipay: alipay.privateJwk };
  return {
    platform,
    sandbox,
    url: sandbox.url,
    keys,
    publicKeys: { wechat: wechat.publicJwk, alipay: alipay.publicJwk },
    portalKey: portal.privateJwk,
    advance: (ms) => {
      now += ms;
    },
    adapter: (channelId, options = {}) =>
      createHttpAdapter({
        baseUrl: sandbox.url,
        channelId,
        channelKey: keys[channelId as keyof typeof keys]!,
        backoff: { baseMs: 5, maxMs: 20 },
        ...options,
      }),
    portalAdapter: (options = {}) =>
      createHttpPortalAdapter({
        baseUrl: sandbox.url,
        portalId: 'gov-portal',
        portalKey: portal.privateJwk,
        backoff: { baseMs: 5, maxMs: 20 },
        ...options,
      }),
    applyInput: (person = ZHANG, channelUserId = `u-${randomId(4)}`) => ({
      channelUserId,
      name: person.name,
      idNumber: person.idNumber,
      realPerson: platform.realPersonProof(person.idNumber),
      password: PASSWORD,
    }),
    close: () => sandbox.close(),
  };
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** Default `channel`. */
  kind?: 'channel' | 'portal';
  caller?: string;
  key?: JWK;
  timestamp?: number;
  nonce?: string;
  idempotencyKey?: string;
  /** Changes the headers after signing (to tamper). */
  after?: (headers: Record<string, string>) => void;
  /** Sends this body instead of the signed one. */
  sendBody?: string;
}

/** Signs and sends one request by hand, as the wire protocol describes. */
export async function rawRequest(
  url: string,
  request: RawRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<Response> {
  const bodyText = request.body === undefined ? '' : JSON.stringify(request.body);
  const kind = request.kind ?? 'channel';
  const timestamp = request.timestamp ?? Date.now();
  const nonce = request.nonce ?? randomId(16);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [WIRE_HEADERS.timestamp]: String(timestamp),
    [WIRE_HEADERS.nonce]: nonce,
  };
  if (request.caller)
    headers[kind === 'channel' ? WIRE_HEADERS.channel : WIRE_HEADERS.portal] = request.caller;
  if (request.idempotencyKey) headers[WIRE_HEADERS.idempotencyKey] = request.idempotencyKey;
  if (request.key && request.caller) {
    headers[WIRE_HEADERS.signature] = await signRequest(request.key, {
      v: WIRE_PROTOCOL_VERSION,
      kind,
      caller: request.caller,
      method: request.method,
      path: request.path,
      bodySha256: await bodySha256(bodyText),
      timestamp,
      nonce,
      ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey } : {}),
    });
  }
  request.after?.(headers);
  const body = request.sendBody ?? bodyText;
  return fetchImpl(`${url}${request.path}`, {
    method: request.method,
    headers,
    ...(request.method === 'GET' ? {} : { body }),
  });
}

/** A `fetch` that records what goes out and counts the requests per path. */
export function recordingFetch(inner: typeof fetch = fetch) {
  const sent: { method: string; path: string; headers: Headers; body: string }[] = [];
  const spy: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === 'GET' ? '' : await request.clone().text();
    sent.push({
      method: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      body,
    });
    return inner(request);
  };
  return {
    fetch: spy,
    sent,
    count: (path: string) => sent.filter((r) => r.path === path).length,
  };
}
