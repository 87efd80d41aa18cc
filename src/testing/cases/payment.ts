import { expect } from 'vitest';
import type { EsscClient } from '../../client/client.js';
import type { DynamicQr } from '../../domain/types.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

/** A dynamic QR code lives 60 s by default (R15). */
const QR_TTL_MS = 60_000;
/** What a version-7 QR symbol at error correction M holds in alphanumeric mode (DESIGN §4). */
const QR_V7_M_ALPHANUMERIC = 178;

/** A code issued now by the platform, living 60 s, that fits the QR symbol the apps show. */
function expectFreshCode(w: World, qr: DynamicQr, purpose: DynamicQr['purpose']): void {
  expect(qr.purpose).toBe(purpose);
  expect(qr.text.length).toBeGreaterThan(0);
  expect(qr.text.length).toBeLessThanOrEqual(QR_V7_M_ALPHANUMERIC);
  expect(qr.text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
  const issuedAt = Date.parse(qr.issuedAt);
  expect(Date.parse(qr.expiresAt) - issuedAt).toBe(QR_TTL_MS);
  expect(Math.abs(issuedAt - w.target.now())).toBeLessThan(30_000);
}

type Verification = Parameters<EsscClient['enablePayment']>[0]['verification'];

export const payment: CaseGroup = {
  title: 'payment level and dynamic QR codes (R7, R15)',
  cases: [
    conformanceCase(
      'R7',
      'level-2-everywhere',
      'enabling payment raises the e-card to level 2 in every channel',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        const card = await w
          .client(w.a)
          .enablePayment({ signNo, verification: { password: PASSWORD } });
        expect(card).toMatchObject({ signNo, channelId: w.a, level: 2 });
        expect((await w.client(w.b).getCard({ signNo })).level).toBe(2);
      },
    ),
    conformanceCase(
      'R7',
      'needs-verification',
      'enabling payment needs user verification: a wrong password is PASSWORD_INCORRECT and the level stays 1; a real-person proof works',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        const error = await w.refused(
          client.enablePayment({ signNo } as { signNo: string; verification: Verification }),
          'VALIDATION_FAILED',
        );
        expect(error.details.issues.map((issue) => issue.path[0])).toContain('verification');
        await w.refused(
          client.enablePayment({ signNo, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        expect((await client.getCard({ signNo })).level).toBe(1);
        const card = await client.enablePayment({
          signNo,
          verification: { realPerson: await w.proof(person) },
        });
        expect(card.level).toBe(2);
      },
    ),
    conformanceCase(
      'R7',
      'bank-account-inactive',
      "enabling payment is refused with PAYMENT_NOT_ENABLED while the card's bank account is not active",
      async (w) => {
        const person = await w.person({ bankAccountActive: false });
        const { signNo } = await w.apply(person);
        await w.refused(
          w.client(w.a).enablePayment({ signNo, verification: { password: PASSWORD } }),
          'PAYMENT_NOT_ENABLED',
        );
        expect((await w.client(w.a).getCard({ signNo })).level).toBe(1);
      },
    ),
    conformanceCase(
      'R15',
      'identity-code',
      'an identity code is issued by default, lives 60 s, and every code is new',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        const first = await client.issueQr({ signNo });
        const second = await client.issueQr({ signNo, purpose: 'identity' });
        expectFreshCode(w, first, 'identity');
        expectFreshCode(w, second, 'identity');
        expect(second.text).not.toBe(first.text);
      },
    ),
    conformanceCase(
      'R18',
      'identity-code-checks-given-verification',
      'an identity code sent with a verification has it checked: a wrong password is PASSWORD_INCORRECT (counted), the right one works',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await w.refused(
          client.issueQr({ signNo, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        expectFreshCode(
          w,
          await client.issueQr({ signNo, verification: { password: PASSWORD } }),
          'identity',
        );
      },
    ),
    conformanceCase(
      'R15',
      'payment-code-needs-level-2',
      'a payment code is refused with PAYMENT_NOT_ENABLED on a level-1 e-card, even with the right password',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const { signNo } = await w.apply(person);
        await w.refused(
          w
            .client(w.a)
            .issueQr({ signNo, purpose: 'payment', verification: { password: PASSWORD } }),
          'PAYMENT_NOT_ENABLED',
        );
      },
    ),
    conformanceCase(
      'R15',
      'payment-code-needs-verification',
      'on level 2, a payment code needs user verification: none is VALIDATION_FAILED, a wrong password PASSWORD_INCORRECT',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await client.enablePayment({ signNo, verification: { password: PASSWORD } });
        const error = await w.refused(
          client.issueQr({ signNo, purpose: 'payment' }),
          'VALIDATION_FAILED',
        );
        expect(error.details.issues.map((issue) => issue.path[0])).toContain('verification');
        await w.refused(
          client.issueQr({
            signNo,
            purpose: 'payment',
            verification: { password: WRONG_PASSWORD },
          }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        const first = await client.issueQr({
          signNo,
          purpose: 'payment',
          verification: { password: PASSWORD },
        });
        const second = await client.issueQr({
          signNo,
          purpose: 'payment',
          verification: { realPerson: await w.proof(person) },
        });
        expectFreshCode(w, first, 'payment');
        expectFreshCode(w, second, 'payment');
        expect(second.text).not.toBe(first.text);
      },
    ),
  ],
};
