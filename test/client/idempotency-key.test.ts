/**
 * Issue 9, defect 4: `CallOptions.idempotencyKey` is validated by the client against the wire's
 * form (one definition, src/domain/idempotency-key.ts). Anything else is `VALIDATION_FAILED`
 * on every flow before anything reaches the adapter; a valid key still makes a retry return
 * the first outcome, on the mock and over http to the sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../../src/domain/idempotency-key.js';
import {
  type CallOptions,
  createClient,
  type EsscClient,
  type EsscError,
} from '../../src/index.js';
import { IDEMPOTENCY_KEY_PATTERN as WIRE_PATTERN } from '../../src/wire/protocol.js';
import { recordingFetch, type SandboxWorld, sandboxWorld } from '../sandbox/helpers.js';
import { callsTo, mockPlatform, SIGN_NO, spyAdapter } from './helpers.js';

const BAD_KEYS: [string, unknown][] = [
  ['the empty string', ''],
  ['an object', { id: 1 }],
  ['another object', {}],
  ['a Symbol', Symbol('key')],
  ['a number', 42],
  ['a non-ASCII string', '幂等键-1'],
  ['a string with a space', 'idk 1'],
  ['a control character', 'idk_\n1'],
  ['256 characters', 'k'.repeat(256)],
  ['null', null],
];

async function failure(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const verification = { password: '258046' };
/** Every flow of the client, with an input that is valid apart from the key. */
const FLOWS: [string, (client: EsscClient, options: CallOptions) => Promise<unknown>][] = [
  [
    'apply',
    (c, o) =>
      c.apply(
        {
          channelUserId: 'user-1',
          name: '张三',
          idNumber: '440106199003071231',
          realPerson: 'proof',
          password: '258046',
        },
        o,
      ),
  ],
  ['getCard', (c, o) => c.getCard({ signNo: SIGN_NO }, o)],
  ['unbind', (c, o) => c.unbind({ signNo: SIGN_NO, verification }, o)],
  [
    'changePassword',
    (c, o) =>
      c.changePassword({ signNo: SIGN_NO, oldPassword: '258046', newPassword: '739164' }, o),
  ],
  [
    'resetPassword',
    (c, o) => c.resetPassword({ signNo: SIGN_NO, realPerson: 'proof', newPassword: '739164' }, o),
  ],
  ['enablePayment', (c, o) => c.enablePayment({ signNo: SIGN_NO, verification }, o)],
  ['issueQr', (c, o) => c.issueQr({ signNo: SIGN_NO }, o)],
  ['scanLogin', (c, o) => c.scanLogin({ signNo: SIGN_NO, qrText: 'ESSC-LOGIN:abc' }, o)],
  [
    'confirmLogin',
    (c, o) => c.confirmLogin({ signNo: SIGN_NO, requestId: 'lr_1', verification }, o),
  ],
  ['rejectLogin', (c, o) => c.rejectLogin({ signNo: SIGN_NO, requestId: 'lr_1' }, o)],
];

describe('the idempotency-key form has one definition', () => {
  it('the wire uses the domain pattern', () => {
    expect(WIRE_PATTERN).toBe(IDEMPOTENCY_KEY_PATTERN);
  });
});

describe('a malformed idempotency key is refused before anything is sent', () => {
  for (const [flow, call] of FLOWS) {
    it.each(BAD_KEYS)(`${flow}: %s → VALIDATION_FAILED, adapter untouched`, async (_, key) => {
      const adapter = spyAdapter();
      const client = createClient({ adapter });
      const error = await failure(call(client, { idempotencyKey: key as string }));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(isEsscError(error, 'VALIDATION_FAILED') && error.details.issues[0]?.path).toEqual([
        'idempotencyKey',
      ]);
      expect(callsTo(adapter)).toBe(0);
    });
  }

  it('a valid key reaches the adapter unchanged', async () => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const key = `~!${'k'.repeat(253)}`;
    await client.unbind({ signNo: SIGN_NO, verification }, { idempotencyKey: key });
    expect(adapter.unbind.mock.calls[0]![1].idempotencyKey).toBe(key);
  });
});

describe('on the mock platform', () => {
  it('a bad key changes nothing; a valid key retried returns the first outcome', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });
    for (const [, key] of BAD_KEYS) {
      const error = await failure(
        client.apply(zhang.application(), { idempotencyKey: key as string }),
      );
      expect(error.code).toBe('VALIDATION_FAILED');
    }
    // Nothing was applied: the first real application binds.
    platform.failNext('apply', { afterCommit: true });
    const application = zhang.application();
    const lost = await failure(client.apply(application, { idempotencyKey: 'idk_mock-1' }));
    expect(lost.code).toBe('TIMEOUT');
    const card = await client.apply(application, { idempotencyKey: 'idk_mock-1' });
    expect(card.status).toBe('active');
    expect(await client.apply(application, { idempotencyKey: 'idk_mock-1' })).toEqual(card);
    expect((await failure(client.apply(zhang.application()))).code).toBe('ALREADY_BOUND');
  });
});

describe('over http to the sandbox', () => {
  let w: SandboxWorld | undefined;
  const clients: EsscClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await w?.close();
    w = undefined;
  });

  it('a bad key sends no request; a valid key retried returns the first outcome', async () => {
    w = await sandboxWorld();
    const recorder = recordingFetch();
    const client = createClient({ adapter: w.adapter('wechat', { fetch: recorder.fetch }) });
    clients.push(client);
    for (const [, key] of BAD_KEYS) {
      const error = await failure(client.apply(w.applyInput(), { idempotencyKey: key as string }));
      expect(error.code).toBe('VALIDATION_FAILED');
    }
    expect(recorder.sent).toEqual([]);

    // The answer of the first attempt is lost after the commit; the adapter retries with the
    // caller's key and gets the first outcome, and so does a later retry by the caller.
    w.platform.failNext('apply', { afterCommit: true });
    const input = w.applyInput();
    const card = await client.apply(input, { idempotencyKey: 'idk_http-1' });
    const applies = recorder.sent.filter((r) => r.path === '/v1/cards/apply');
    expect(applies.length).toBe(2);
    expect(applies.map((r) => r.headers.get('idempotency-key'))).toEqual([
      'idk_http-1',
      'idk_http-1',
    ]);
    expect(await client.apply(input, { idempotencyKey: 'idk_http-1' })).toEqual(card);
    expect((await failure(client.apply(w.applyInput()))).code).toBe('ALREADY_BOUND');
  });
});
