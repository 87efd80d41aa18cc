/**
 * POST /admin/hosted/complete (R38): a sandbox user completes a hosted page without a browser,
 * as MockPlatform.completeHosted does in process, and gets the receipt the browser would bring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostedPages } from '../../src/hosted/index.js';
import { createHttpAdapter, generateCallerKeyPair } from '../../src/http/index.js';
import { createClient, type EsscClient, idNumberCheckChar } from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

const withCheckChar = (first17: string) => first17 + idNumberCheckChar(first17);
const ID = withCheckChar('44010619880214302');
const OTHER_ID = withCheckChar('44010619790521304');

let sandbox: RunningSandbox;
let hosted: ReturnType<typeof createHostedPages>;
let client: EsscClient;
let platform: MockPlatform;

beforeAll(async () => {
  platform = new MockPlatform();
  platform.enableRegion('440100', '广州市');
  platform.addPerson({ name: '陈小红', idNumber: ID, regionCode: '440100' });
  platform.addPerson({ name: '林大明', idNumber: OTHER_ID, regionCode: '440100' });
  const keys = await generateCallerKeyPair('EdDSA');
  platform.registerChannel({ id: 'wechat', name: '微信', publicKey: keys.publicJwk });
  sandbox = await startSandbox({ platform, port: 0 });
  const adapter = createHttpAdapter({
    baseUrl: sandbox.url,
    channelId: 'wechat',
    channelKey: keys.privateJwk,
  });
  hosted = createHostedPages({ adapter });
  client = createClient({ adapter });
});

afterAll(async () => {
  await sandbox?.close();
});

/** The route's answer: a receipt, or an error. */
interface Answer {
  receipt: string;
  error: { code: string; details?: unknown };
}

async function complete(body: unknown) {
  const response = await fetch(`${sandbox.url}/admin/hosted/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Answer };
}

describe('POST /admin/hosted/complete', () => {
  it('completes a hosted apply launched over http and answers its receipt, which the channel verifies once', async () => {
    const { url, busiSeq } = await hosted.launch({
      action: 'apply',
      channelUserId: 'wx-1',
      person: { name: '陈小红', idNumber: ID },
      returnUrl: 'http://127.0.0.1:9/return',
    });
    // The sandbox serves the pages at its own origin.
    expect(url.startsWith(`${sandbox.url}/hosted/apply?launch=`)).toBe(true);
    const done = await complete({ url, face: 'pass', password: '258046' });
    expect(done.status).toBe(200);
    const receipt = await hosted.verifyReceipt(done.json.receipt);
    expect(receipt).toMatchObject({ kind: 'applied', code: '001', busiSeq, signLevel: '1' });
    expect(JSON.stringify(done.json)).not.toContain('258046');
    // The page was completed once.
    const again = await complete({ url, password: '258046' });
    expect(again.status).toBe(410);
    expect(again.json.error.code).toBe('LAUNCH_USED');
  });

  it('answers a wrong password with the attempts left, and refuses fields it does not take', async () => {
    const { signNo } = await client.apply({
      channelUserId: 'wx-2',
      name: '林大明',
      idNumber: OTHER_ID,
      realPerson: platform.realPersonProof(OTHER_ID),
      password: '258046',
    });
    const { url } = await hosted.launch({
      action: 'verify-password',
      channelUserId: 'wx-2',
      signNo,
      returnUrl: 'https://channel.example.cn/return',
    });
    const wrong = await complete({ url, password: '902468' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toMatchObject({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 4 },
    });
    const unknown = await complete({ url, pin: '1' });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('VALIDATION_FAILED');
  });
});
