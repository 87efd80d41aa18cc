/**
 * R34 (§6.0): a platform takes its callers' keys and request signatures in its own suite only.
 * Under `sm` a channel, portal or merchant registers an SM2 key and signs with SM2; an Ed25519
 * or P-256 key is refused at registration (VALIDATION_FAILED, over the admin routes as in
 * process), and a request signed by another algorithm than the registered SM2 key's is
 * CHANNEL_UNAUTHORIZED (portals too) / MERCHANT_UNAUTHORIZED. Under `jose` the converse holds:
 * an SM2 key is refused, Ed25519 and P-256 are taken.
 */
import type { JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { CryptoSuite } from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import {
  type CallerKeyAlgorithm,
  createHttpAdapter,
  createHttpMerchantAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: RunningSandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const ADMIN_ROUTES = {
  channel: { path: '/admin/channels', body: { id: 'my-app', name: '我的App' } },
  portal: { path: '/admin/portals', body: { id: 'my-portal', name: '某政务门户' } },
  merchant: {
    path: '/admin/merchants',
    body: { id: 'GZ-HOSP-9', name: '某医院', kind: 'hospital' },
  },
} as const;
type Kind = keyof typeof ADMIN_ROUTES;
const KINDS = Object.keys(ADMIN_ROUTES) as Kind[];

/** The algorithms a platform of each suite takes, and those it refuses. */
const TAKES: Record<CryptoSuite, CallerKeyAlgorithm[]> = { sm: ['SM2'], jose: ['EdDSA', 'ES256'] };
const REFUSES: Record<CryptoSuite, CallerKeyAlgorithm[]> = {
  sm: ['EdDSA', 'ES256'],
  jose: ['SM2'],
};

async function adminRegister(kind: Kind, publicKey: JWK) {
  const { path, body } = ADMIN_ROUTES[kind];
  const response = await fetch(`${sandbox!.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, publicKey }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

function register(platform: MockPlatform, kind: Kind, publicKey: JWK): void {
  if (kind === 'channel') platform.registerChannel({ ...ADMIN_ROUTES.channel.body, publicKey });
  else if (kind === 'portal') platform.registerPortal({ ...ADMIN_ROUTES.portal.body, publicKey });
  else platform.registerMerchant({ ...ADMIN_ROUTES.merchant.body, publicKey });
}

function thrownCode(call: () => unknown): string {
  try {
    call();
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

async function rejectedCode(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'ok',
    (error: unknown) => {
      if (isEsscError(error)) return error.code;
      throw error;
    },
  );
}

for (const suite of ['sm', 'jose'] as const) {
  describe(`a ${suite} platform takes caller keys of its suite only (R34)`, () => {
    for (const alg of REFUSES[suite]) {
      it(`refuses to register a channel, portal or merchant with an ${alg} key in process: VALIDATION_FAILED, nothing registered`, async () => {
        const platform = new MockPlatform({ suite });
        const { publicJwk } = await generateCallerKeyPair(alg);
        for (const kind of KINDS) {
          expect(thrownCode(() => register(platform, kind, publicJwk))).toBe('VALIDATION_FAILED');
        }
        expect(engineOf(platform).channel('my-app')).toBeUndefined();
        expect(engineOf(platform).portal('my-portal')).toBeUndefined();
        expect(engineOf(platform).merchant('GZ-HOSP-9')).toBeUndefined();
      });

      it(`refuses the same over the sandbox's admin routes: 400 VALIDATION_FAILED naming publicKey`, async () => {
        const platform = new MockPlatform({ suite });
        sandbox = await startSandbox({ platform, port: 0 });
        const { publicJwk } = await generateCallerKeyPair(alg);
        for (const kind of KINDS) {
          const { status, json } = await adminRegister(kind, publicJwk);
          expect(status, kind).toBe(400);
          expect(JSON.stringify(json)).toContain('VALIDATION_FAILED');
          expect(JSON.stringify(json)).toContain('publicKey');
        }
        expect(engineOf(platform).channel('my-app')).toBeUndefined();
        expect(engineOf(platform).portal('my-portal')).toBeUndefined();
        expect(engineOf(platform).merchant('GZ-HOSP-9')).toBeUndefined();
      });
    }

    it(`registers ${TAKES[suite].join(' and ')} keys, in process and over the admin routes`, async () => {
      const platform = new MockPlatform({ suite });
      sandbox = await startSandbox({ platform, port: 0 });
      for (const alg of TAKES[suite]) {
        const { publicJwk } = await generateCallerKeyPair(alg);
        for (const kind of KINDS) {
          expect(thrownCode(() => register(platform, kind, publicJwk))).toBe('ok');
          expect((await adminRegister(kind, publicJwk)).status).toBe(200);
        }
      }
    });
  });
}

describe('an sm sandbox refuses a request signed by another algorithm than the SM2 key registered (R34)', () => {
  async function smWorld() {
    const platform = new MockPlatform({ suite: 'sm' });
    const [channel, portal, merchant] = await Promise.all([
      generateCallerKeyPair('SM2'),
      generateCallerKeyPair('SM2'),
      generateCallerKeyPair('SM2'),
    ]);
    platform.registerChannel({ ...ADMIN_ROUTES.channel.body, publicKey: channel.publicJwk });
    platform.registerPortal({ ...ADMIN_ROUTES.portal.body, publicKey: portal.publicJwk });
    platform.registerMerchant({ ...ADMIN_ROUTES.merchant.body, publicKey: merchant.publicJwk });
    sandbox = await startSandbox({ platform, port: 0 });
    const baseUrl = sandbox.url;
    return {
      channel: (channelKey: JWK) =>
        createHttpAdapter({ baseUrl, channelId: 'my-app', channelKey, retries: 0 }),
      portal: (portalKey: JWK) =>
        createHttpPortalAdapter({ baseUrl, portalId: 'my-portal', portalKey, retries: 0 }),
      merchant: (merchantKey: JWK) =>
        createHttpMerchantAdapter({ baseUrl, merchantId: 'GZ-HOSP-9', merchantKey, retries: 0 }),
      keys: { channel, portal, merchant },
    };
  }

  for (const alg of ['EdDSA', 'ES256'] as const) {
    it(`an ${alg} signature: CHANNEL_UNAUTHORIZED for a channel or a portal, MERCHANT_UNAUTHORIZED for a merchant`, async () => {
      const w = await smWorld();
      const { privateJwk } = await generateCallerKeyPair(alg);
      expect(await rejectedCode(w.channel(privateJwk).getCard({ signNo: 'X' }, {}))).toBe(
        'CHANNEL_UNAUTHORIZED',
      );
      expect(
        await rejectedCode(w.portal(privateJwk).createLoginSession({ scopes: ['name'] })),
      ).toBe('CHANNEL_UNAUTHORIZED');
      expect(await rejectedCode(w.merchant(privateJwk).getPayment({ orderId: 'HIS-0001' }))).toBe(
        'MERCHANT_UNAUTHORIZED',
      );
      // The registered SM2 keys get through authentication (and reach the rules).
      expect(
        await rejectedCode(w.channel(w.keys.channel.privateJwk).getCard({ signNo: 'X' }, {})),
      ).not.toMatch(/UNAUTHORIZED/);
      expect(
        await rejectedCode(
          w.merchant(w.keys.merchant.privateJwk).getPayment({ orderId: 'HIS-0001' }),
        ),
      ).toBe('PAYMENT_NOT_FOUND');
    });
  }
});
