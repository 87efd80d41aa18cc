/**
 * The secrets scan (R18): a scripted journey through every flow, over the mock, the http
 * adapter → sandbox, and the relay (mini-program → channel backend → http → sandbox), with
 * everything recorded — every client event, every error (String, JSON, message, stack,
 * details, the whole `cause` chain), every console line, the relay's error events, and
 * every request and response on each wire (headers and bodies). Then all of it is searched
 * for the passwords typed, the real-person proofs, the QR texts, the private keys' `d` and
 * the full ID numbers. `npm run demo`'s output is searched the same way.
 *
 * Where a secret travels on purpose, the exception is made for exactly that field of exactly
 * that message, and says why (see `redact`).
 */
import { execFile } from 'node:child_process';
import { inspect, promisify } from 'node:util';
import type { JWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createLoginPortal,
  createQrVerifier,
  type PortalAdapter,
} from '../../src/acceptor/index.js';
import {
  createHttpAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from '../../src/http/index.js';
import {
  createClient,
  type EsscClient,
  isEsscError,
  type PlatformAdapter,
} from '../../src/index.js';
import { DEMO_PEOPLE, generatePlatformKeys, MockPlatform } from '../../src/mock/index.js';
import {
  createRelayAdapter,
  createRelayHandler,
  type RelayTransport,
} from '../../src/relay/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { headerSession, RELAY_URL, TEST_USER_HEADER } from '../relay/helpers.js';

// Every password holds a 0 or a 1, which the base32 of sign numbers and login codes never
// does; they are searched as whole tokens, so a base64 or base45 run that happens to hold
// the same six digits is no false alarm, while a password in any text or JSON is found.
const P1 = '258046';
const P2 = '739164';
const P3 = '905172';
const P4 = '316408';
const WRONG = '480215';
const PASSWORDS = [P1, P2, P3, P4, WRONG];
const ZHANG = DEMO_PEOPLE[0];
const LI = DEMO_PEOPLE[2];

/** One recorded message on a wire. */
interface WireRecord {
  wire: 'http' | 'relay';
  direction: 'request' | 'response';
  /** The route (http) or the operation (relay). */
  what: string;
  headers: Record<string, string>;
  body: string;
}

interface Capture {
  events: string[];
  errors: string[];
  wire: WireRecord[];
  relayErrors: string[];
}

const headersOf = (h: Headers) => Object.fromEntries(h.entries());

/** A fetch that records every request and response, headers and bodies. */
function recordingFetch(capture: Capture): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const path = new URL(request.url).pathname;
    capture.wire.push({
      wire: 'http',
      direction: 'request',
      what: `${request.method} ${path}`,
      headers: headersOf(request.headers),
      body: request.method === 'GET' ? '' : await request.clone().text(),
    });
    const response = await fetch(request);
    capture.wire.push({
      wire: 'http',
      direction: 'response',
      what: `${request.method} ${path}`,
      headers: headersOf(response.headers),
      body: await response.clone().text(),
    });
    return response;
  };
}

/** A relay transport that calls the handler in-process and records both directions. */
function recordingTransport(
  handler: ReturnType<typeof createRelayHandler>,
  user: string,
  capture: Capture,
): RelayTransport {
  return async (request) => {
    const op = String((JSON.parse(request.body) as { op?: unknown }).op);
    capture.wire.push({
      wire: 'relay',
      direction: 'request',
      what: op,
      headers: { ...request.headers },
      body: request.body,
    });
    const response = await handler(
      new Request(request.url, {
        method: request.method,
        headers: { ...request.headers, [TEST_USER_HEADER]: user },
        body: request.body,
      }),
    );
    const body = await response.text();
    const headers = headersOf(response.headers);
    capture.wire.push({ wire: 'relay', direction: 'response', what: op, headers, body });
    return { status: response.status, headers, body };
  };
}

interface Target {
  platform: MockPlatform;
  adapter(channelId: 'wechat' | 'alipay'): PlatformAdapter;
  portal(): PortalAdapter;
  privateDs: string[];
  close(): Promise<void>;
}

type TargetName = 'mock' | 'http' | 'relay';

async function target(name: TargetName, capture: Capture): Promise<Target> {
  const keys = await generatePlatformKeys();
  const platform = MockPlatform.demo({ keys, passwordHashIterations: 1000 });
  const platformDs = [keys.signing.privateJwk.d!, keys.encryption.privateJwk.d!];
  if (name === 'mock') {
    return {
      platform,
      adapter: (id) => platform.adapter(id),
      portal: () => platform.portalAdapter('gov-portal'),
      privateDs: platformDs,
      close: async () => undefined,
    };
  }
  const pairs: Record<string, { privateJwk: JWK; publicJwk: JWK }> = {
    wechat: await generateCallerKeyPair('EdDSA'),
    alipay: await generateCallerKeyPair('ES256'),
    'gov-portal': await generateCallerKeyPair('ES256'),
  };
  platform.registerChannel({ id: 'wechat', name: '微信', publicKey: pairs.wechat!.publicJwk });
  platform.registerChannel({ id: 'alipay', name: '支付宝', publicKey: pairs.alipay!.publicJwk });
  platform.registerPortal({
    id: 'gov-portal',
    name: '国家政务服务平台',
    publicKey: pairs['gov-portal']!.publicJwk,
  });
  const sandbox = await startSandbox({ platform, port: 0 });
  const fetchImpl = recordingFetch(capture);
  const http = (id: string) =>
    createHttpAdapter({
      baseUrl: sandbox.url,
      channelId: id,
      channelKey: pairs[id]!.privateJwk,
      fetch: fetchImpl,
      notifications: true,
    });
  const opened: PlatformAdapter[] = [];
  return {
    platform,
    adapter: (id) => {
      const upstream = http(id);
      opened.push(upstream);
      if (name === 'http') return upstream;
      const handler = createRelayHandler({
        adapter: upstream,
        authenticate: headerSession,
        onError: (event) => capture.relayErrors.push(inspect(event, { depth: 8 }), safeJson(event)),
      });
      return createRelayAdapter({
        url: RELAY_URL,
        channelId: id,
        transport: recordingTransport(handler, `u-${id}`, capture),
      });
    },
    portal: () =>
      createHttpPortalAdapter({
        baseUrl: sandbox.url,
        portalId: 'gov-portal',
        portalKey: pairs['gov-portal']!.privateJwk,
        fetch: fetchImpl,
      }),
    privateDs: [...platformDs, ...Object.values(pairs).map((p) => p.privateJwk.d!)],
    close: () => sandbox.close(),
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Every way an error can be printed, down its `cause` chain. */
function errorTexts(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = current as { message?: unknown; stack?: unknown; details?: unknown; cause?: unknown };
    out.push(
      String(current),
      safeJson(current),
      String(e.message),
      String(e.stack),
      safeJson(e.details),
    );
    out.push(inspect(current, { depth: 8 }));
    current = e.cause;
  }
  return out;
}

/** Records every event a client emits, whatever its name. */
function recordEvents(client: EsscClient, capture: Capture): EsscClient {
  const emit = client.emit.bind(client);
  client.emit = ((event: string, ...args: unknown[]) => {
    capture.events.push(`${event} ${safeJson(args)} ${inspect(args, { depth: 8 })}`);
    return (emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }) as typeof client.emit;
  return client;
}

/** Runs a call that must be refused with `code`, recording the error. */
async function refused(capture: Capture, code: string, call: () => Promise<unknown>) {
  try {
    await call();
  } catch (error) {
    capture.errors.push(...errorTexts(error));
    expect(isEsscError(error) ? error.code : String(error)).toBe(code);
    return error;
  }
  expect.fail(`expected ${code}`);
}

interface Secrets {
  proofs: string[];
  qrTexts: string[];
  loginTexts: string[];
}

/** The journey: every flow, the refusals included. Returns the secrets it used. */
async function journey(t: Target, capture: Capture): Promise<Secrets> {
  const secrets: Secrets = { proofs: [], qrTexts: [], loginTexts: [] };
  const proof = (idNumber: string) => {
    const p = t.platform.realPersonProof(idNumber);
    secrets.proofs.push(p);
    return p;
  };
  const wechat = recordEvents(
    createClient({ adapter: t.adapter('wechat'), cardEvents: 'all' }),
    capture,
  );
  const alipay = recordEvents(
    createClient({ adapter: t.adapter('alipay'), cardEvents: 'all' }),
    capture,
  );
  const portal = createLoginPortal({ adapter: t.portal() });
  const gate = createQrVerifier({ jwks: await t.platform.jwks() });
  const apply = (client: EsscClient, channelUserId: string, password: string, person = ZHANG) =>
    client.apply({
      channelUserId,
      name: person.name,
      idNumber: person.idNumber,
      realPerson: proof(person.idNumber),
      password,
    });
  try {
    // Applying: weak first, then in two channels (the second verifies the shared password).
    await refused(capture, 'WEAK_PASSWORD', () => apply(wechat, 'u-wechat', '123456'));
    const { signNo } = await apply(wechat, 'u-wechat', P1);
    await refused(capture, 'PASSWORD_INCORRECT', () => apply(alipay, 'u-alipay', WRONG));
    await apply(alipay, 'u-alipay', P1);
    await refused(capture, 'ALREADY_BOUND', () => apply(alipay, 'u-alipay', P1));
    await refused(capture, 'IDENTITY_MISMATCH', () =>
      alipay.apply({
        channelUserId: 'u-alipay',
        name: LI.name,
        idNumber: ZHANG.idNumber,
        realPerson: proof(ZHANG.idNumber),
        password: P1,
      }),
    );
    await refused(capture, 'REAL_PERSON_FAILED', () =>
      alipay.apply({
        channelUserId: 'u-alipay',
        name: ZHANG.name,
        idNumber: ZHANG.idNumber,
        realPerson: proof(LI.idNumber),
        password: P1,
      }),
    );
    // Inputs that quote secrets where they do not belong: refused without echoing them.
    await refused(capture, 'VALIDATION_FAILED', () =>
      wechat.unbind({
        signNo,
        verification: { password: P1, realPerson: proof(ZHANG.idNumber) } as never,
      }),
    );
    await refused(capture, 'VALIDATION_FAILED', () =>
      wechat.unbind({ signNo, verification: { password: `${P1}7` } }),
    );
    await refused(capture, 'VALIDATION_FAILED', () => wechat.getCard({ signNo: P1 }));
    await refused(capture, 'WEAK_PASSWORD', () =>
      wechat.changePassword({ signNo, oldPassword: P1, newPassword: '111111' }),
    );
    await refused(capture, 'WEAK_PASSWORD', () =>
      wechat.changePassword({ signNo, oldPassword: P1, newPassword: ZHANG.idNumber.slice(8, 14) }),
    );
    await refused(capture, 'PASSWORD_REUSED', () =>
      wechat.changePassword({ signNo, oldPassword: P1, newPassword: P1 }),
    );

    // Change, payment, codes at a gate.
    await wechat.changePassword({ signNo, oldPassword: P1, newPassword: P2 });
    await wechat.getCard({ signNo });
    await refused(capture, 'PAYMENT_NOT_ENABLED', () =>
      alipay.issueQr({ signNo, purpose: 'payment', verification: { password: P2 } }),
    );
    await alipay.enablePayment({ signNo, verification: { password: P2 } });
    for (const [client, purpose] of [
      [wechat, 'identity'],
      [alipay, 'payment'],
    ] as const) {
      const qr = await client.issueQr({
        signNo,
        purpose,
        ...(purpose === 'payment' ? { verification: { password: P2 } } : {}),
      });
      secrets.qrTexts.push(qr.text);
      await gate.verify(qr.text);
      const replay = await refused(capture, 'QR_REPLAYED', () => gate.verify(qr.text));
      void replay;
    }
    await refused(capture, 'QR_MALFORMED', () => gate.verify(`${secrets.qrTexts[0]!}X`));

    // Five wrong passwords lock; a face check resets.
    for (let i = 0; i < 4; i++) {
      await refused(capture, 'PASSWORD_INCORRECT', () =>
        wechat.enablePayment({ signNo, verification: { password: WRONG } }),
      );
    }
    await refused(capture, 'PASSWORD_LOCKED', () =>
      alipay.enablePayment({ signNo, verification: { password: WRONG } }),
    );
    await refused(capture, 'PASSWORD_LOCKED', () =>
      alipay.enablePayment({ signNo, verification: { password: P2 } }),
    );
    await wechat.resetPassword({ signNo, realPerson: proof(ZHANG.idNumber), newPassword: P3 });

    // Scan to log in: a wrong password, then confirmed; another session rejected.
    const session = await portal.createSession();
    secrets.loginTexts.push(session.qrText);
    const request = await alipay.scanLogin({ signNo, qrText: session.qrText });
    await refused(capture, 'PASSWORD_INCORRECT', () =>
      alipay.confirmLogin({
        signNo,
        requestId: request.requestId,
        verification: { password: WRONG },
      }),
    );
    await alipay.confirmLogin({
      signNo,
      requestId: request.requestId,
      verification: { password: P3 },
    });
    expect((await portal.getSession(session.sessionId)).state).toBe('confirmed');
    const other = await portal.createSession();
    secrets.loginTexts.push(other.qrText);
    const second = await wechat.scanLogin({ signNo, qrText: other.qrText });
    await wechat.rejectLogin({ signNo, requestId: second.requestId });
    await refused(capture, 'LOGIN_STATE', () =>
      wechat.confirmLogin({
        signNo,
        requestId: second.requestId,
        verification: { realPerson: proof(ZHANG.idNumber) },
      }),
    );

    // Lost, replaced, unbound in both channels, applied for again.
    const { cardNo } = t.platform.currentCard(ZHANG.idNumber);
    t.platform.setCardStatus(cardNo, 'lost');
    await refused(capture, 'CARD_INACTIVE', () => wechat.issueQr({ signNo }));
    await refused(capture, 'CARD_INACTIVE', () =>
      wechat.changePassword({ signNo, oldPassword: P3, newPassword: P4 }),
    );
    t.platform.replaceCard(ZHANG.idNumber);
    await wechat.unbind({ signNo, verification: { realPerson: proof(ZHANG.idNumber) } });
    await refused(capture, 'ALREADY_BOUND', () => apply(alipay, 'u-alipay', P4));
    await alipay.unbind({ signNo, verification: { password: P3 } });
    const renewed = await apply(wechat, 'u-wechat', P4);
    await refused(capture, 'NOT_BOUND', () => alipay.getCard({ signNo: renewed.signNo }));
  } finally {
    wechat.close();
    alipay.close();
  }
  return secrets;
}

/**
 * The exceptions, each a field of a message that carries a secret on purpose. Returns the
 * message's text with exactly those fields blanked.
 */
function redact(record: WireRecord): string {
  const headers = safeJson(record.headers);
  if (!record.body) return headers;
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return `${headers} ${record.body}`;
  }
  const b = body as Record<string, Record<string, unknown> | undefined>;
  if (record.wire === 'relay' && record.direction === 'request') {
    // The mini-program → channel backend hop carries passwords and proofs inside TLS, by
    // design (src/relay/index.ts, "Trust model for secrets"): the backend seals them.
    const input = b.input as Record<string, unknown> | undefined;
    if (input) {
      for (const key of ['password', 'oldPassword', 'newPassword', 'realPerson']) delete input[key];
      const v = input.verification as Record<string, unknown> | undefined;
      if (v) {
        delete v.password;
        delete v.realPerson;
      }
      // Applying names the person; scanning quotes the portal's login code.
      if (record.what === 'apply') delete input.idNumber;
      if (record.what === 'scanLogin') delete input.qrText;
    }
  }
  if (record.wire === 'http' && record.direction === 'request') {
    // Applying names the person (the platform checks the ID number); scanning sends the
    // portal's login code to the platform. Secrets in these bodies are sealed (JWE).
    if (record.what === 'POST /v1/cards/apply') delete (b as Record<string, unknown>).idNumber;
    if (record.what === 'POST /v1/login/scan') delete (b as Record<string, unknown>).qrText;
  }
  if (record.direction === 'response') {
    // The issued code is the answer of issueQr; the portal's session answer holds its code.
    const result = (record.wire === 'relay' ? b.result : b) as Record<string, unknown> | undefined;
    if (
      result &&
      (record.what === 'issueQr' || /^POST \/v1\/cards\/[^/]+\/qr$/.test(record.what))
    ) {
      delete result.text;
    }
    if (result && record.what === 'POST /v1/portal/login-sessions') delete result.qrText;
  }
  return `${headers} ${JSON.stringify(body)}`;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Found as a whole token: not inside a longer run of base64url characters. */
const tokenPattern = (s: string) =>
  new RegExp(`(?<![A-Za-z0-9_-])${escapeRegExp(s)}(?![A-Za-z0-9_-])`);

function leaks(haystack: string[], secrets: Record<string, string[]>): string[] {
  const found: string[] = [];
  for (const [kind, values] of Object.entries(secrets)) {
    for (const value of values) {
      const pattern = tokenPattern(value);
      for (const text of haystack) {
        if (text.includes(value) && (kind !== 'password' || pattern.test(text))) {
          const at = text.indexOf(value);
          found.push(
            `${kind} ${value.slice(0, 12)}… in: ${text.slice(Math.max(0, at - 120), at + 40)}`,
          );
          break;
        }
      }
    }
  }
  return found;
}

let consoleLines: string[] = [];
beforeEach(() => {
  consoleLines = [];
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      consoleLines.push(
        args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8 }))).join(' '),
      );
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('secrets scan (R18)', () => {
  it.each<TargetName>(['mock', 'http', 'relay'])(
    'no password, proof, QR text, private key or full ID number leaks over %s',
    async (name) => {
      const capture: Capture = { events: [], errors: [], wire: [], relayErrors: [] };
      const t = await target(name, capture);
      let secrets: Secrets;
      try {
        secrets = await journey(t, capture);
      } finally {
        await t.close();
      }
      const wire = capture.wire.map(redact);
      const haystack = [
        ...capture.events,
        ...capture.errors,
        ...capture.relayErrors,
        ...consoleLines,
        ...wire,
      ];
      const found = leaks(haystack, {
        password: PASSWORDS,
        proof: secrets.proofs,
        qr: [...secrets.qrTexts, ...secrets.loginTexts],
        privateKey: t.privateDs,
        idNumber: [ZHANG.idNumber, LI.idNumber],
      });
      expect(found).toEqual([]);
      // The scan looked at something: events, errors and (over a wire) every message.
      expect(capture.events.length).toBeGreaterThan(10);
      expect(capture.errors.length).toBeGreaterThan(20);
      if (name !== 'mock') expect(capture.wire.length).toBeGreaterThan(40);
      // And the exceptions are only where they are meant: the unredacted wire does carry them.
      if (name !== 'mock') {
        const raw = capture.wire.map((r) => `${safeJson(r.headers)} ${r.body}`);
        expect(leaks(raw, { qr: secrets.qrTexts }).length).toBeGreaterThan(0);
        expect(leaks(raw, { idNumber: [ZHANG.idNumber] }).length).toBeGreaterThan(0);
      }
      if (name === 'relay') {
        const raw = capture.wire.map((r) => r.body);
        expect(leaks(raw, { password: PASSWORDS, proof: secrets.proofs }).length).toBeGreaterThan(
          1,
        );
      }
    },
    60_000,
  );

  it('finds a secret in text, and not a password-like run inside a token', () => {
    expect(leaks([`Wrong password ${P1}`], { password: [P1] })).toHaveLength(1);
    expect(leaks([`{"password":"${P1}"}`], { password: [P1] })).toHaveLength(1);
    expect(leaks([`eyJhbGciOi${P1}Jxyz.abc`], { password: [P1] })).toEqual([]);
    expect(leaks(['proof rp_abc in a log'], { proof: ['rp_abc'] })).toHaveLength(1);
  });

  it('npm run demo prints no password, proof, QR text, private key or full ID number', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'examples/demo.ts'],
      {
        env: { ...process.env, NO_COLOR: '1' },
        timeout: 60_000,
      },
    );
    expect(stdout).toContain('Journey complete.');
    // The one exception: step 6 prints what the portal's screen shows, its login code (a
    // code any passer-by can read off the screen; it names no person and no card).
    const portalScreen = /^ {3}Portal shows ESSCLOGIN:[A-Z0-9]+$/m;
    expect(stdout).toMatch(portalScreen);
    const output = `${stdout.replace(portalScreen, '')}\n${stderr}`;
    // The demo's own secrets are made inside it: searched by their form.
    for (const password of ['258046', '739164', '905172', '316408']) {
      expect(output).not.toMatch(tokenPattern(password));
    }
    expect(output).not.toMatch(/rp_[A-Za-z0-9_-]{8,}/); // a real-person proof
    expect(output).not.toMatch(/EC1:[0-9A-Z $%*+\-./:]{20,}/); // an e-card QR text
    expect(output).not.toMatch(/ESSCLOGIN:[A-Z0-9]{8,}/); // a portal login code
    expect(output).not.toMatch(/"d"\s*:/); // a private JWK
    for (const person of DEMO_PEOPLE) expect(output).not.toContain(person.idNumber);
  }, 60_000);
});
