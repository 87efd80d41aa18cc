import { createLocalJWKSet, jwtVerify } from 'jose';
import { expect } from 'vitest';
import { verifyJwt } from '../../crypto/index.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';

/** A login session lives 120 s by default (R17). */
const LOGIN_TTL_MS = 120_000;

/** A person bound in channel A, and a fresh login session on the portal. */
async function loginSetup(w: World) {
  const person = await w.person();
  const { signNo } = await w.apply(person, w.a);
  const session = await w.portal.createLoginSession();
  return { person, signNo, session, client: w.client(w.a) };
}

const stateOf = async (w: World, sessionId: string) =>
  (await w.portal.getLoginSession({ sessionId })).state;

/** An idempotency key no other run of the suite uses (a shared target keeps keys for a day). */
const freshKey = (purpose: string) =>
  `conformance-${purpose}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** A login code of the same shape the platform never issued: the last characters changed. */
function tampered(qrText: string): string {
  const tail = Array.from(qrText.slice(-4), (c) => (c === 'Q' ? 'R' : 'Q')).join('');
  return qrText.slice(0, -4) + tail;
}

export const login: CaseGroup = {
  title: 'scan-to-login on a government portal (R17)',
  cases: [
    conformanceCase(
      'R17',
      'confirmed-with-assertion',
      'pending → scanned (the user sees which portal asks) → confirmed, and the portal receives an assertion signed by the platform for it',
      async (w) => {
        const { signNo, session, client } = await loginSetup(w);
        expect(await w.portal.getLoginSession({ sessionId: session.sessionId })).toEqual({
          state: 'pending',
        });
        const request = await client.scanLogin({ signNo, qrText: session.qrText });
        expect(request.portal).toEqual({ id: w.target.portal.id, name: w.target.portal.name });
        expect(request.requestId.length).toBeGreaterThan(0);
        expect(Date.parse(request.expiresAt)).toBe(Date.parse(session.expiresAt));
        expect(await stateOf(w, session.sessionId)).toBe('scanned');

        await client.confirmLogin({
          signNo,
          requestId: request.requestId,
          verification: { password: PASSWORD },
        });
        const outcome = await w.portal.getLoginSession({ sessionId: session.sessionId });
        expect(outcome.state).toBe('confirmed');
        expect(outcome.assertion).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
        const jwks = await w.admin.jwks();
        // jose checks the jose suite's assertion independently; it has no SM2 (R34), so an
        // SM2-signed one is checked by the SDK's verifier (test/crypto proves it against sm-crypto).
        const payload = jwks.keys.some((k) => k.crv === 'SM2')
          ? await verifyJwt(jwks, outcome.assertion!, {
              audience: w.target.portal.id,
              now: w.target.now(),
            }).then((r) => (r.ok ? r.payload : undefined))
          : (
              await jwtVerify(outcome.assertion!, createLocalJWKSet(jwks), {
                audience: w.target.portal.id,
                currentDate: new Date(w.target.now()),
              })
            ).payload;
        expect(payload?.aud).toBe(w.target.portal.id);
      },
    ),
    conformanceCase(
      'R17',
      'rejected',
      'the user may reject a scanned login: the portal sees rejected, with no assertion',
      async (w) => {
        const { signNo, session, client } = await loginSetup(w);
        const request = await client.scanLogin({ signNo, qrText: session.qrText });
        await client.rejectLogin({ signNo, requestId: request.requestId });
        expect(await w.portal.getLoginSession({ sessionId: session.sessionId })).toEqual({
          state: 'rejected',
        });
      },
    ),
    conformanceCase(
      'R17',
      'wrong-password-stays-scanned',
      'a wrong password at confirmation is PASSWORD_INCORRECT and leaves the session scanned; the right one then confirms',
      async (w) => {
        const { signNo, session, client } = await loginSetup(w);
        const { requestId } = await client.scanLogin({ signNo, qrText: session.qrText });
        await w.refused(
          client.confirmLogin({ signNo, requestId, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        expect(await w.portal.getLoginSession({ sessionId: session.sessionId })).toEqual({
          state: 'scanned',
        });
        await client.confirmLogin({ signNo, requestId, verification: { password: PASSWORD } });
        expect(await stateOf(w, session.sessionId)).toBe('confirmed');
      },
    ),
    conformanceCase(
      'R17',
      'confirmed-is-final',
      'a confirmed login cannot be confirmed or rejected again: LOGIN_STATE',
      async (w) => {
        const { signNo, session, client } = await loginSetup(w);
        const { requestId } = await client.scanLogin({ signNo, qrText: session.qrText });
        const verification = { password: PASSWORD };
        await client.confirmLogin({ signNo, requestId, verification });
        await w.refused(client.confirmLogin({ signNo, requestId, verification }), 'LOGIN_STATE');
        await w.refused(client.rejectLogin({ signNo, requestId }), 'LOGIN_STATE');
        expect(await stateOf(w, session.sessionId)).toBe('confirmed');
      },
    ),
    conformanceCase(
      'R17',
      'scanned-once',
      'a login code is scanned once: a second scan, from another channel, is LOGIN_STATE',
      async (w) => {
        const { person, signNo, session, client } = await loginSetup(w);
        await w.apply(person, w.b);
        await client.scanLogin({ signNo, qrText: session.qrText });
        await w.refused(w.client(w.b).scanLogin({ signNo, qrText: session.qrText }), 'LOGIN_STATE');
        expect(await stateOf(w, session.sessionId)).toBe('scanned');
      },
    ),
    conformanceCase(
      'R17',
      'unknown-code',
      'scanning a code no portal issued is LOGIN_NOT_FOUND and touches no session',
      async (w) => {
        const { signNo, session, client } = await loginSetup(w);
        await w.refused(client.scanLogin({ signNo, qrText: 'HELLO WORLD' }), 'LOGIN_NOT_FOUND');
        await w.refused(
          client.scanLogin({ signNo, qrText: tampered(session.qrText) }),
          'LOGIN_NOT_FOUND',
        );
        expect(await stateOf(w, session.sessionId)).toBe('pending');
      },
    ),
    conformanceCase(
      'R17',
      'expired',
      'after 120 s an unconfirmed session is expired: confirming is LOGIN_EXPIRED, and so is scanning a code that expired',
      async (w, context) => {
        const advance = requireClock(w, context);
        const { signNo, session, client } = await loginSetup(w);
        const { requestId } = await client.scanLogin({ signNo, qrText: session.qrText });
        const unscanned = await w.portal.createLoginSession();
        await advance(LOGIN_TTL_MS + 1000);
        expect(await stateOf(w, session.sessionId)).toBe('expired');
        await w.refused(
          client.confirmLogin({ signNo, requestId, verification: { password: PASSWORD } }),
          'LOGIN_EXPIRED',
        );
        expect(await stateOf(w, session.sessionId)).toBe('expired');
        await w.refused(client.scanLogin({ signNo, qrText: unscanned.qrText }), 'LOGIN_EXPIRED');
        expect(await stateOf(w, unscanned.sessionId)).toBe('expired');
      },
    ),
    conformanceCase(
      'R20',
      'login-session-retried',
      'a portal retrying createLoginSession with the same idempotency key gets the same session; a different key opens a new one',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        const key = freshKey('login');
        const first = await w.portal.createLoginSession({}, { idempotencyKey: key });
        const retried = await w.portal.createLoginSession({}, { idempotencyKey: key });
        expect(retried).toEqual(first);
        const other = await w.portal.createLoginSession({}, { idempotencyKey: freshKey('login') });
        expect(other.sessionId).not.toBe(first.sessionId);
        expect(other.qrText).not.toBe(first.qrText);

        // One session behind both answers: scanning the retried code moves the first one.
        await w.client(w.a).scanLogin({ signNo, qrText: retried.qrText });
        expect(await stateOf(w, first.sessionId)).toBe('scanned');
        expect(await stateOf(w, other.sessionId)).toBe('pending');
      },
    ),
    conformanceCase(
      'R17',
      'only-scanning-channel-decides',
      'another channel cannot confirm or reject a request it did not scan: LOGIN_NOT_FOUND, and the session stays scanned',
      async (w) => {
        const { person, signNo, session, client } = await loginSetup(w);
        await w.apply(person, w.b);
        const { requestId } = await client.scanLogin({ signNo, qrText: session.qrText });
        const b = w.client(w.b);
        const verification = { password: PASSWORD };
        await w.refused(b.confirmLogin({ signNo, requestId, verification }), 'LOGIN_NOT_FOUND');
        await w.refused(b.rejectLogin({ signNo, requestId }), 'LOGIN_NOT_FOUND');
        expect(await stateOf(w, session.sessionId)).toBe('scanned');
        await client.confirmLogin({ signNo, requestId, verification });
        expect(await stateOf(w, session.sessionId)).toBe('confirmed');
      },
    ),
  ],
};
