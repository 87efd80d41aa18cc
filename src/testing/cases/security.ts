import { expect } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

/** A compact JWE (five base64url parts, the header starting `{"`): a sealed secret. */
const COMPACT_JWE = /eyJ[\w-]*\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+/;

/** Random keys the SDK makes are not secrets, and hex can spell six digits by chance. */
const withoutIdempotencyKeys = (key: string, value: unknown) =>
  key === 'idempotencyKey' ? '[key]' : value;

/** Where each secret shows up in the texts, if anywhere. */
function leaks(texts: { where: string; text: string }[], secrets: string[]) {
  const found: { where: string; secret: string }[] = [];
  for (const { where, text } of texts) {
    for (const secret of secrets) if (text.includes(secret)) found.push({ where, secret });
    if (COMPACT_JWE.test(text)) found.push({ where, secret: 'a compact JWE' });
  }
  return found;
}

/** Runs a call that may fail; a failure is recorded by `refused` only, so collect it here. */
async function attempt(w: World, call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (!isEsscError(error)) throw error;
    w.errors.push(error);
  }
}

export const security: CaseGroup = {
  title: 'secrets and retries (R18, R20)',
  cases: [
    conformanceCase(
      'R18',
      'no-secret-in-events-or-errors',
      'no password, real-person proof, QR text or sealed secret appears in any event or error along a full journey',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const a = w.client(w.a);
        const b = w.client(w.b);
        const qrTexts: string[] = [];
        const malformed = '25804';

        await attempt(w, w.apply(person, w.a, { password: '111111' }));
        await attempt(w, w.apply(person, w.a, { password: malformed }));
        const { signNo } = await w.apply(person, w.a);
        await attempt(w, w.apply(person, w.b, { password: WRONG_PASSWORD }));
        await w.apply(person, w.b);
        await attempt(
          w,
          a.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
        );
        await attempt(
          w,
          a.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '123456' }),
        );
        await attempt(
          w,
          a.changePassword({ signNo, oldPassword: PASSWORD, newPassword: malformed }),
        );
        await a.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
        const usedProof = await w.proof(person);
        await b.enablePayment({ signNo, verification: { realPerson: usedProof } });
        qrTexts.push((await a.issueQr({ signNo })).text);
        await attempt(
          w,
          a.issueQr({ signNo, purpose: 'payment', verification: { password: PASSWORD } }),
        );
        qrTexts.push(
          (
            await a.issueQr({
              signNo,
              purpose: 'payment',
              verification: { password: NEW_PASSWORD },
            })
          ).text,
        );
        const session = await w.portal.createLoginSession();
        qrTexts.push(session.qrText);
        const { requestId } = await b.scanLogin({ signNo, qrText: session.qrText });
        await attempt(
          w,
          b.confirmLogin({ signNo, requestId, verification: { password: PASSWORD } }),
        );
        await b.confirmLogin({ signNo, requestId, verification: { password: NEW_PASSWORD } });
        await attempt(
          w,
          b.resetPassword({ signNo, realPerson: usedProof, newPassword: OTHER_PASSWORD }),
        );
        await b.resetPassword({
          signNo,
          realPerson: await w.proof(person),
          newPassword: OTHER_PASSWORD,
        });
        await attempt(w, a.unbind({ signNo, verification: { password: NEW_PASSWORD } }));
        await w.admin.setCardStatus(person.cardNo, 'sealed');
        await attempt(w, a.issueQr({ signNo }));
        await a.unbind({ signNo, verification: { password: OTHER_PASSWORD } });

        expect(w.events.length).toBeGreaterThan(0);
        expect(w.errors.length).toBeGreaterThan(0);
        const texts = [
          ...w.events.map((e) => ({
            where: `event ${e.event} (${e.channelId})`,
            text: JSON.stringify(e.payload, withoutIdempotencyKeys) ?? '',
          })),
          ...w.errors.map((error, i) => ({
            where: `error #${i} ${isEsscError(error) ? error.code : ''}`,
            text: `${String(error)}\n${isEsscError(error) ? JSON.stringify(error) : ''}`,
          })),
        ];
        const secrets = [
          PASSWORD,
          NEW_PASSWORD,
          OTHER_PASSWORD,
          WRONG_PASSWORD,
          '111111',
          '123456',
          malformed,
          ...w.proofs,
          ...qrTexts,
        ];
        expect(leaks(texts, secrets)).toEqual([]);
      },
    ),
    conformanceCase(
      'R20',
      'apply-retried',
      'an application retried with the same idempotency key returns the same card, not ALREADY_BOUND, and binds once',
      async (w) => {
        const person = await w.person();
        const realPerson = await w.proof(person);
        const options = { idempotencyKey: `conformance-apply-${person.channelUserId}` };
        const first = await w.apply(person, w.a, { realPerson }, options);
        const retried = await w.apply(person, w.a, { realPerson }, options);
        expect(retried).toEqual(first);
        expect(await w.client(w.a).getCard({ signNo: first.signNo })).toEqual(first);
        await w.refused(w.apply(person, w.a), 'ALREADY_BOUND', { signNo: first.signNo });
      },
    ),
    conformanceCase(
      'R20',
      'change-retried',
      'a password change retried with the same idempotency key succeeds again and changes the password once',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        const client = w.client(w.a);
        const change = { signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD };
        const options = { idempotencyKey: `conformance-change-${person.channelUserId}` };
        await client.changePassword(change, options);
        await client.changePassword(change, options);
        await client.changePassword({
          signNo,
          oldPassword: NEW_PASSWORD,
          newPassword: OTHER_PASSWORD,
        });
      },
    ),
    conformanceCase(
      'R20',
      'key-reused-for-another-request',
      'an idempotency key reused for a different request is refused with VALIDATION_FAILED and changes nothing',
      async (w) => {
        const first = await w.person();
        const second = await w.person();
        const options = { idempotencyKey: `conformance-reuse-${first.channelUserId}` };
        await w.apply(first, w.a, {}, options);
        await w.refused(w.apply(second, w.a, {}, options), 'VALIDATION_FAILED');
        expect((await w.apply(second, w.a)).status).toBe('active');
      },
    ),
  ],
};
