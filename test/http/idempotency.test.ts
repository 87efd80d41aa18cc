import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  generateSigningKeyPair,
} from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { createHttpCardStatusCheck } from '../../src/http/index.js';
import { createClient, type EsscClient, type EsscError } from '../../src/index.js';
import { parseQrText } from '../../src/qr/codec.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { WIRE_HEADERS, WIRE_PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { bodySha256, signResponse } from '../../src/wire/signatures.js';
import { PASSWORD, recordingFetch, type SandboxWorld, sandboxWorld } from '../sandbox/helpers.js';

const APPLY = '/v1/cards/apply';

let w: SandboxWorld;
const clients: EsscClient[] = [];
beforeEach(async () => {
  w = await sandboxWorld();
});
afterEach(async () => {
  // Closing a client stops its adapter's notification poll before the sandbox goes away.
  for (const client of clients.splice(0)) client.close();
  await w.close();
});

async function failure(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** A client whose adapter sends through a recording fetch; keys are fetched before counting. */
async function recordedClient(
  channelId = 'wechat',
  options: Parameters<SandboxWorld['adapter']>[1] = {},
) {
  const recorder = recordingFetch(options.fetch);
  const adapter = w.adapter(channelId, { ...options, fetch: recorder.fetch });
  const client = createClient({ adapter });
  clients.push(client);
  // Warm up: the encryption key and the JWKS are fetched once, then only the calls count.
  await failure(client.getCard({ signNo: '440100D156AAAAAAAAAA' }));
  recorder.sent.length = 0;
  return { client, adapter, recorder };
}

describe('a response lost after the platform committed (R20)', () => {
  it('the retry gets the card: not ALREADY_BOUND, not a second binding', async () => {
    const { client, recorder } = await recordedClient();
    w.platform.failNext('apply', { afterCommit: true });

    const card = await client.apply(w.applyInput());

    // Two attempts of one call: the first committed and lost its answer (504), the retry
    // was answered from the platform's idempotency store.
    expect(recorder.count(APPLY)).toBe(2);
    const [first, second] = recorder.sent.filter((r) => r.path === APPLY);
    expect(first!.headers.get(WIRE_HEADERS.idempotencyKey)).toBe(
      second!.headers.get(WIRE_HEADERS.idempotencyKey),
    );
    expect(first!.headers.get(WIRE_HEADERS.nonce)).not.toBe(
      second!.headers.get(WIRE_HEADERS.nonce),
    );
    expect(first!.headers.get(WIRE_HEADERS.signature)).not.toBe(
      second!.headers.get(WIRE_HEADERS.signature),
    );
    expect(first!.body).toBe(second!.body);

    expect(card.status).toBe('active');
    expect(await client.getCard({ signNo: card.signNo })).toEqual(card);
    // The binding exists once: a new application (a new key) is refused with that card.
    const again = await failure(client.apply(w.applyInput()));
    expect(again.code).toBe('ALREADY_BOUND');
    expect(again.details).toEqual({ signNo: card.signNo });
  });

  it('the same holds when the connection drops instead (a NETWORK fault)', async () => {
    const { client, recorder } = await recordedClient();
    w.platform.failNext('apply', { afterCommit: true, code: 'NETWORK' });
    const card = await client.apply(w.applyInput());
    expect(recorder.count(APPLY)).toBe(2);
    expect(await client.getCard({ signNo: card.signNo })).toEqual(card);
    expect((await failure(client.apply(w.applyInput()))).code).toBe('ALREADY_BOUND');
  });

  it('without retries the caller sees TIMEOUT, and its own retry with the same key gets the card', async () => {
    const { client, recorder } = await recordedClient('wechat', { retries: 0 });
    w.platform.failNext('apply', { afterCommit: true });
    const input = w.applyInput();
    const lost = await failure(client.apply(input, { idempotencyKey: 'my-apply-1' }));
    // The platform's own (signed) answer: the code it injected, with its request id.
    expect(lost.code).toBe('TIMEOUT');
    expect(lost.retryable).toBe(true);
    expect(lost.statusCode).toBe(504);
    expect(lost.requestId).toMatch(/^req_/);
    const card = await client.apply(input, { idempotencyKey: 'my-apply-1' });
    expect(await client.getCard({ signNo: card.signNo })).toEqual(card);
    expect(recorder.count(APPLY)).toBe(2);
  });

  it('a password change lost after commit is retried and changes the password once', async () => {
    const { client, recorder } = await recordedClient();
    const { signNo } = await client.apply(w.applyInput());
    w.platform.failNext('changePassword', { afterCommit: true });
    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '739164' });
    expect(recorder.count(`/v1/cards/${signNo}/password/change`)).toBe(2);
    // The new password works and the old one does not: changed exactly once.
    await client.changePassword({ signNo, oldPassword: '739164', newPassword: '582039' });
    expect(
      (
        await failure(
          client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '135792' }),
        )
      ).code,
    ).toBe('PASSWORD_INCORRECT');
  });
});

describe('retries happen on retryable failures only', () => {
  it('a 503 before commit is retried, and the call succeeds', async () => {
    const { client, recorder } = await recordedClient();
    w.platform.failNext('apply');
    await client.apply(w.applyInput());
    expect(recorder.count(APPLY)).toBe(2);
  });

  it('a 4xx answer is never retried', async () => {
    const { client, recorder } = await recordedClient();
    const error = await failure(client.apply({ ...w.applyInput(), name: '张四' }));
    expect(error.code).toBe('IDENTITY_MISMATCH');
    expect(error.statusCode).toBe(422);
    expect(error.retryable).toBe(false);
    expect(error.requestId).toMatch(/^req_/);
    expect(recorder.count(APPLY)).toBe(1);
  });

  it('gives up after `retries` retries with the platform’s code, retryable', async () => {
    const { client, recorder } = await recordedClient('wechat', { retries: 2 });
    for (let i = 0; i < 3; i++) w.platform.failNext('apply');
    const error = await failure(client.apply(w.applyInput()));
    expect(recorder.count(APPLY)).toBe(3);
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.statusCode).toBe(503);
    expect(error.retryable).toBe(true);
    // Nothing was applied: the faults struck before the platform committed.
    await client.apply(w.applyInput());
  });

  it('retries: 0 sends once', async () => {
    const { client, recorder } = await recordedClient('wechat', { retries: 0 });
    w.platform.failNext('apply');
    expect((await failure(client.apply(w.applyInput()))).code).toBe('PLATFORM_UNAVAILABLE');
    expect(recorder.count(APPLY)).toBe(1);
  });
});

describe('transport failures', () => {
  it('a platform that does not answer in time → TIMEOUT, after the retries', async () => {
    // A fetch that never answers until ky's timeout aborts it: no wall-clock race in the test.
    const hanging: typeof fetch = (input, init) =>
      new Promise((_, reject) => {
        const signal = input instanceof Request ? input.signal : init?.signal;
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    const recorder = recordingFetch(hanging);
    const adapter = w.adapter('wechat', { fetch: recorder.fetch, timeoutMs: 50, retries: 1 });
    const error = await failure(adapter.getCard({ signNo: '440100D156AAAAAAAAAA' }, {}));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(recorder.sent.length).toBe(2);
  });

  it('an unreachable port → NETWORK, after the retries', async () => {
    const gone = await startSandbox();
    await gone.close();
    const recorder = recordingFetch();
    const adapter = w.adapter('wechat', { baseUrl: gone.url, fetch: recorder.fetch, retries: 2 });
    const error = await failure(adapter.getCard({ signNo: '440100D156AAAAAAAAAA' }, {}));
    expect(error.code).toBe('NETWORK');
    expect(error.retryable).toBe(true);
    expect(recorder.sent.length).toBe(3);
  });

  it('an aborted call stops at once', async () => {
    const { client, recorder } = await recordedClient();
    w.platform.setFaults({ latencyMs: 1_000 });
    const controller = new AbortController();
    const call = failure(
      client.getCard({ signNo: '440100D156AAAAAAAAAA' }, { signal: controller.signal }),
    );
    // Abort once the request is on its way (the platform holds it for a second)…
    await vi.waitFor(() => expect(recorder.count('/v1/cards/440100D156AAAAAAAAAA')).toBe(1));
    controller.abort();
    const error = await call;
    w.platform.clearFaults();
    expect(error.code).toBe('NETWORK');
    expect(error.message).toContain('aborted');
    // …and nothing is sent again: an abort is not a failure to retry.
    expect(recorder.count('/v1/cards/440100D156AAAAAAAAAA')).toBe(1);
  });
});

describe('answers not signed by the platform are refused', () => {
  /** Rewrites the platform's answer to one path before the adapter sees it. */
  function tampering(
    path: string,
    change: (response: Response) => Promise<Response>,
  ): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      const response = await fetch(request);
      return new URL(request.url).pathname === path ? change(response) : response;
    };
  }

  const rebuild = (response: Response, body: string, headers: Record<string, string | null>) => {
    const next = new Headers(response.headers);
    for (const [name, value] of Object.entries(headers)) {
      if (value === null) next.delete(name);
      else next.set(name, value);
    }
    return new Response(body, { status: response.status, headers: next });
  };

  it('refuses an answer without a signature, as an unknown outcome (retryable: the request was sent)', async () => {
    const { client } = await recordedClient('wechat', {
      fetch: tampering(APPLY, async (r) =>
        rebuild(r, await r.text(), { [WIRE_HEADERS.responseSignature]: null }),
      ),
    });
    const error = await failure(client.apply(w.applyInput()));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('not signed by the platform');
  });

  it('refuses a forged signature by a key the JWKS does not hold (after one refresh), as an unknown outcome', async () => {
    const forger = await generateSigningKeyPair();
    const recorder = recordingFetch(
      tampering(APPLY, async (r) => {
        const body = JSON.stringify({ ...(await r.json()), level: 2 });
        // The forger saw the request's nonce on the wire and echoes it.
        const genuine = r.headers.get(WIRE_HEADERS.responseSignature)!.split('.')[1]!;
        const { nonce } = JSON.parse(new TextDecoder().decode(base64urlDecode(genuine)));
        const signature = await signResponse(forger, {
          v: WIRE_PROTOCOL_VERSION,
          status: r.status,
          bodySha256: await bodySha256(body),
          nonce,
          requestId: r.headers.get(WIRE_HEADERS.requestId)!,
        });
        return rebuild(r, body, { [WIRE_HEADERS.responseSignature]: signature });
      }),
    );
    const { client } = await recordedClient('wechat', { fetch: recorder.fetch });
    const jwksBefore = recorder.count('/.well-known/jwks.json');
    const error = await failure(client.apply(w.applyInput()));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(recorder.count('/.well-known/jwks.json') - jwksBefore).toBe(1);
  });

  it('refuses a genuine answer to another request (replayed response)', async () => {
    let stored: Response | undefined;
    const { client } = await recordedClient('wechat', {
      fetch: tampering('/v1/cards/440100D156BBBBBBBBBB', async (r) => {
        stored ??= r.clone();
        return stored.clone();
      }),
    });
    // The first answer is genuine for its own nonce; the second call gets the same bytes.
    expect((await failure(client.getCard({ signNo: '440100D156BBBBBBBBBB' }))).code).toBe(
      'NOT_BOUND',
    );
    const error = await failure(client.getCard({ signNo: '440100D156BBBBBBBBBB' }));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
  });

  it('refuses a body changed under a genuine signature, and a forged error', async () => {
    const changed = await recordedClient('wechat', {
      fetch: tampering(APPLY, async (r) =>
        rebuild(r, JSON.stringify({ ...(await r.json()), level: 2 }), {}),
      ),
    });
    expect((await failure(changed.client.apply(w.applyInput()))).code).toBe('PLATFORM_UNAVAILABLE');
    // A forged ALREADY_BOUND would make the app show the wrong card: it must not get through.
    const forgedError = JSON.stringify({
      error: {
        code: 'ALREADY_BOUND',
        message: 'x',
        requestId: 'req_x',
        details: { signNo: 'EVIL0000' },
      },
    });
    const forged = await recordedClient('alipay', {
      fetch: tampering(APPLY, async (r) => rebuild(r, forgedError, {}).clone()),
    });
    const error = await failure(forged.client.apply(w.applyInput()));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
  });

  it('accepts answers signed by a rotated key, refreshing the JWKS once', async () => {
    const { client, recorder } = await recordedClient();
    const jwksBefore = recorder.count('/.well-known/jwks.json');
    await w.platform.rotateSigningKey();
    const card = await client.apply(w.applyInput());
    expect(card.status).toBe('active');
    expect(recorder.count('/.well-known/jwks.json') - jwksBefore).toBe(1);
  });
});

describe('secrets on the wire (R18)', () => {
  it('a password given to an operation that takes none is refused before anything is sent: never in a url or a body', async () => {
    const { adapter, recorder } = await recordedClient();
    const signNo = '440100D156AAAAAAAAAA';
    for (const call of [
      () => adapter.getCard({ signNo, password: '258046' } as never, {}),
      () =>
        adapter.scanLogin({ signNo, qrText: 'X', verification: { password: '258046' } } as never, {
          idempotencyKey: 'idk_stray',
        }),
    ]) {
      const error = await failure(call());
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).not.toContain('258046');
    }
    expect(recorder.sent).toEqual([]);
  });

  it('no password or real-person proof appears in any request or in error messages', async () => {
    const { client, recorder } = await recordedClient();
    const input = w.applyInput();
    const proofs = [input.realPerson];
    const { signNo } = await client.apply(input);
    const errors: EsscError[] = [];
    errors.push(
      await failure(
        client.changePassword({ signNo, oldPassword: '975318', newPassword: '739164' }),
      ),
    );
    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '739164' });
    const resetProof = w.platform.realPersonProof(input.idNumber);
    proofs.push(resetProof);
    await client.resetPassword({ signNo, realPerson: resetProof, newPassword: '582039' });
    errors.push(
      await failure(
        client.resetPassword({ signNo, realPerson: resetProof, newPassword: '640213' }),
      ),
    );
    await client.enablePayment({ signNo, verification: { password: '582039' } });
    await client.issueQr({ signNo, purpose: 'payment', verification: { password: '582039' } });
    errors.push(await failure(client.unbind({ signNo, verification: { password: '864209' } })));
    await client.unbind({ signNo, verification: { password: '582039' } });

    const secrets = [PASSWORD, '975318', '739164', '582039', '640213', '864209', ...proofs];
    const wire = recorder.sent
      .map((r) => `${r.path}\n${[...r.headers].join('\n')}\n${r.body}`)
      .join('\n');
    for (const secret of secrets) expect(wire).not.toContain(secret);
    const told = errors.map((e) => `${e.message}\n${JSON.stringify(e)}`).join('\n');
    expect(errors.map((e) => e.code)).toEqual([
      'PASSWORD_INCORRECT',
      'REAL_PERSON_FAILED',
      'PASSWORD_INCORRECT',
    ]);
    for (const secret of secrets) expect(told).not.toContain(secret);
  });
});

describe('acceptor online check', () => {
  it('answers the status of the card behind a QR code, verified like every answer', async () => {
    const { client } = await recordedClient();
    const { signNo } = await client.apply(w.applyInput());
    const qr = await client.issueQr({ signNo });
    const cardRef = base64urlEncode(parseQrText(qr.text).payload.cardRef);
    const check = createHttpCardStatusCheck({ baseUrl: w.url });
    expect(await check({ cardRef })).toBe('active');
    w.platform.setCardStatus(w.platform.currentCard(w.applyInput().idNumber).cardNo, 'lost');
    expect(await check({ cardRef })).toBe('lost');
    expect((await failure(check({ cardRef: 'AAAAAAAAAAAAAAAA' }))).code).toBe('CARD_NOT_FOUND');
  });
});

describe('a key reused with another secret over HTTP (issue 9 defect 5)', () => {
  it('changePassword(A→B, k1) then (B→C, k1): refused, the password stays B', async () => {
    const { client } = await recordedClient();
    const { signNo } = await client.apply(w.applyInput());
    const k1 = { idempotencyKey: 'change-1' };
    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '739164' }, k1);
    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '739164' }, k1);
    const reused = await failure(
      client.changePassword({ signNo, oldPassword: '739164', newPassword: '582039' }, k1),
    );
    expect(reused.code).toBe('VALIDATION_FAILED');
    await client.changePassword({ signNo, oldPassword: '739164', newPassword: '582039' });
  });
});
