/**
 * The merchant's side of the wire (R19, R21): every request signed by the merchant's
 * registered key, and anything else refused with MERCHANT_UNAUTHORIZED before the engine is
 * called (the payment code stays good). The payment rules themselves are conformance cases
 * (src/testing/cases/settlement.ts), run over this adapter in conformance-target.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { createHttpMerchantAdapter, generateCallerKeyPair } from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { levelTwoPayer } from '../payments/payer.js';

let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function codeOf(error: Promise<unknown>): Promise<unknown> {
  return error.then(
    () => 'resolved',
    (e: unknown) => (isEsscError(e) ? { code: e.code, statusCode: e.statusCode } : e),
  );
}

async function world() {
  const platform = new MockPlatform();
  const hospital = await generateCallerKeyPair('EdDSA');
  const stranger = await generateCallerKeyPair('EdDSA');
  platform.registerMerchant({
    id: 'GZ-HOSP-1',
    name: '第一人民医院',
    kind: 'hospital',
    publicKey: hospital.publicJwk,
  });
  platform.registerMerchant({ id: 'NO-KEY', name: '无密钥药店', kind: 'pharmacy' });
  const { idNumber, code } = await levelTwoPayer(platform);
  sandbox = await startSandbox({ platform, port: 0 });
  const terminal = (merchantId: string, merchantKey = hospital.privateJwk) =>
    createPaymentTerminal({
      adapter: createHttpMerchantAdapter({ baseUrl: sandbox!.url, merchantId, merchantKey }),
    });
  return {
    platform,
    idNumber,
    code,
    terminal,
    strangerKey: stranger.privateJwk,
    hospitalKey: hospital.privateJwk,
  };
}

describe('createHttpMerchantAdapter → sandbox: authentication (R19, R21)', () => {
  it('refuses a request not signed by the merchant key, an unknown merchant and one without a key, with MERCHANT_UNAUTHORIZED and nothing charged', async () => {
    const w = await world();
    const qrText = await w.code();
    const before = w.platform.balances(w.idNumber);
    const refused = { code: 'MERCHANT_UNAUTHORIZED', statusCode: 401 };
    expect(
      await codeOf(
        w.terminal('GZ-HOSP-1', w.strangerKey).charge({ qrText, orderId: 'A-1', amount: 100 }),
      ),
    ).toEqual(refused);
    expect(
      await codeOf(
        w.terminal('NOBODY', w.strangerKey).charge({ qrText, orderId: 'A-1', amount: 100 }),
      ),
    ).toEqual(refused);
    expect(
      await codeOf(w.terminal('NO-KEY', w.strangerKey).getPayment({ orderId: 'A-1' })),
    ).toEqual(refused);
    expect(w.platform.balances(w.idNumber)).toEqual(before);
    // The code was never consumed: the merchant's own key charges it.
    const payment = await w.terminal('GZ-HOSP-1').charge({ qrText, orderId: 'A-1', amount: 100 });
    expect(payment).toMatchObject({ merchantId: 'GZ-HOSP-1', amount: 100, status: 'succeeded' });
    expect(w.platform.balances(w.idNumber).bank).toBe(before.bank - 100);
  });

  it('checks its options at construction: a merchant id and a private key', async () => {
    const { privateJwk, publicJwk } = await generateCallerKeyPair('ES256');
    const baseUrl = 'http://127.0.0.1:1';
    const thrown = (make: () => unknown) => {
      try {
        make();
      } catch (error) {
        return isEsscError(error) ? error.code : error;
      }
      return 'constructed';
    };
    expect(
      thrown(() =>
        createHttpMerchantAdapter({ baseUrl, merchantId: 'a b', merchantKey: privateJwk }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      thrown(() =>
        createHttpMerchantAdapter({ baseUrl, merchantId: 'GZ-1', merchantKey: publicJwk }),
      ),
    ).toBe('VALIDATION_FAILED');
    expect(
      thrown(() =>
        createHttpMerchantAdapter({ baseUrl, merchantId: 'GZ-1', merchantKey: privateJwk }),
      ),
    ).toBe('constructed');
  });
});

describe('an answer that cannot be trusted after a real charge (R24 as amended)', () => {
  it('is an unknown outcome: PLATFORM_UNAVAILABLE, retryable; the cashier’s loop retries under the same order id and the holder pays once', async () => {
    const w = await world();
    const before = w.platform.balances(w.idNumber).bank;
    let tampered = 0;
    // Between terminal and platform: the first charge answer has its amount altered.
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (tampered > 0 || !url.endsWith('/v1/merchant/charges')) return response;
      tampered += 1;
      const body = JSON.stringify({ ...(await response.json()), amount: 1 });
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const terminal = createPaymentTerminal({
      adapter: createHttpMerchantAdapter({
        baseUrl: sandbox!.url,
        merchantId: 'GZ-HOSP-1',
        merchantKey: w.hospitalKey,
        fetch: tampering,
      }),
    });
    const input = { qrText: await w.code(), orderId: 'HIS-T-1', amount: 3_650 };
    const error = await terminal.charge(input).catch((e: unknown) => e);
    expect(tampered).toBe(1);
    expect(isEsscError(error, 'PLATFORM_UNAVAILABLE') && error.retryable).toBe(true);
    // The loop of the terminal's TSDoc: retry the same charge; the first outcome comes back.
    const payment = await terminal.charge(input);
    expect(payment).toMatchObject({ orderId: 'HIS-T-1', amount: 3_650 });
    expect((await terminal.getPayment({ orderId: 'HIS-T-1' })).paymentId).toBe(payment.paymentId);
    expect(w.platform.balances(w.idNumber).bank).toBe(before - 3_650);
  });
});
