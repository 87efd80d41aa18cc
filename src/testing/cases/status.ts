import { expect, vi } from 'vitest';
import { createClient } from '../../client/client.js';
import type { PhysicalCardStatus } from '../../domain/types.js';
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD } from '../people.js';
import type { World } from '../world.js';
import {
  type CaseGroup,
  type ConformanceCase,
  conformanceCase,
  requireNotifications,
} from './case.js';

type InactiveStatus = Exclude<PhysicalCardStatus, 'normal'>;

const INACTIVE: readonly InactiveStatus[] = ['sealed', 'lost', 'locked', 'cancelled'];

const WORDS: Record<InactiveStatus, string> = {
  sealed: 'sealed (封存)',
  lost: 'reported lost (挂失)',
  locked: 'locked (锁定)',
  cancelled: 'cancelled (注销)',
};

/** A person bound in channels A and B, with an active bank account. */
async function boundInTwoChannels(w: World) {
  const person = await w.person({ bankAccountActive: true });
  const card = await w.apply(person, w.a);
  await w.apply(person, w.b);
  return { person, signNo: card.signNo };
}

function casesFor(status: InactiveStatus): ConformanceCase[] {
  return [
    conformanceCase(
      'R13',
      `${status}-only-unbinding`,
      `while the card is ${WORDS[status]}, getCard shows it and everything but unbinding is refused with CARD_INACTIVE`,
      async (w) => {
        const { person, signNo } = await boundInTwoChannels(w);
        const a = w.client(w.a);
        // A login scanned before the change cannot be confirmed after it.
        const before = await w.portal.createLoginSession();
        const request = await a.scanLogin({ signNo, qrText: before.qrText });

        await w.admin.setCardStatus(person.cardNo, status);

        expect((await a.getCard({ signNo })).status).toBe(status);
        expect((await w.client(w.b).getCard({ signNo })).status).toBe(status);
        const inactive = { status };
        const password = { password: PASSWORD };
        await w.refused(
          a.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }),
          'CARD_INACTIVE',
          inactive,
        );
        await w.refused(
          a.resetPassword({ signNo, realPerson: await w.proof(person), newPassword: NEW_PASSWORD }),
          'CARD_INACTIVE',
          inactive,
        );
        await w.refused(
          a.enablePayment({ signNo, verification: password }),
          'CARD_INACTIVE',
          inactive,
        );
        await w.refused(a.issueQr({ signNo }), 'CARD_INACTIVE', inactive);
        const after = await w.portal.createLoginSession();
        await w.refused(a.scanLogin({ signNo, qrText: after.qrText }), 'CARD_INACTIVE', inactive);
        await w.refused(
          a.confirmLogin({ signNo, requestId: request.requestId, verification: password }),
          'CARD_INACTIVE',
          inactive,
        );
        // Only unbinding: rejecting a login is refused too, and the session is left as it was.
        await w.refused(
          a.rejectLogin({ signNo, requestId: request.requestId }),
          'CARD_INACTIVE',
          inactive,
        );
        expect((await w.portal.getLoginSession({ sessionId: before.sessionId })).state).toBe(
          'scanned',
        );
        await w.refused(w.apply(person, w.c), 'CARD_INACTIVE', inactive);

        await w.client(w.b).unbind({ signNo, verification: password });
        await w.refused(w.client(w.b).getCard({ signNo }), 'NOT_BOUND');
      },
    ),
    conformanceCase(
      'R13',
      `${status}-then-normal`,
      `once a ${WORDS[status]} card is normal again, the e-card works again in full`,
      async (w) => {
        const { person, signNo } = await boundInTwoChannels(w);
        const a = w.client(w.a);
        await w.admin.setCardStatus(person.cardNo, status);
        await w.admin.setCardStatus(person.cardNo, 'normal');

        expect((await a.getCard({ signNo })).status).toBe('active');
        expect((await a.issueQr({ signNo })).purpose).toBe('identity');
        await a.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
        const verification = { password: NEW_PASSWORD };
        expect((await w.client(w.b).enablePayment({ signNo, verification })).level).toBe(2);
        const session = await w.portal.createLoginSession();
        const request = await a.scanLogin({ signNo, qrText: session.qrText });
        await a.confirmLogin({ signNo, requestId: request.requestId, verification });
        expect((await w.portal.getLoginSession({ sessionId: session.sessionId })).state).toBe(
          'confirmed',
        );
        expect((await w.apply(person, w.c, { password: NEW_PASSWORD })).status).toBe('active');
      },
    ),
    conformanceCase(
      'R13',
      `${status}-channels-told`,
      `every bound channel is told when the card becomes ${WORDS[status]} and when it is normal again (card:status)`,
      async (w, context) => {
        requireNotifications(w, context, w.a);
        requireNotifications(w, context, w.b);
        const { person, signNo } = await boundInTwoChannels(w);
        await w.admin.setCardStatus(person.cardNo, status);
        await vi.waitFor(() => {
          for (const channel of [w.a, w.b]) {
            expect(w.eventsOf(channel, 'card:status')).toContainEqual({
              signNo,
              status,
              replaced: false,
            });
          }
        });
        await w.admin.setCardStatus(person.cardNo, 'normal');
        await vi.waitFor(() => {
          for (const channel of [w.a, w.b]) {
            expect(w.eventsOf(channel, 'card:status').at(-1)).toEqual({
              signNo,
              status: 'active',
              replaced: false,
            });
          }
        });
      },
    ),
  ];
}

export const status: CaseGroup = {
  title: 'card status: the e-card follows the physical card (R3, R13)',
  cases: INACTIVE.flatMap(casesFor),
};

export const replacement: CaseGroup = {
  title: 'card replacement (R14)',
  cases: [
    conformanceCase(
      'R14',
      'old-e-card-cancelled',
      'replacing the physical card cancels the old e-card in every channel',
      async (w) => {
        const { person, signNo } = await boundInTwoChannels(w);
        await w.admin.replaceCard(person.idNumber);
        expect((await w.client(w.a).getCard({ signNo })).status).toBe('cancelled');
        expect((await w.client(w.b).getCard({ signNo })).status).toBe('cancelled');
        await w.refused(w.client(w.a).issueQr({ signNo }), 'CARD_INACTIVE', {
          status: 'cancelled',
        });
      },
    ),
    conformanceCase(
      'R14',
      'still-bound-to-old',
      'a channel still bound to the old e-card cannot apply for the new card: ALREADY_BOUND with the old signNo',
      async (w) => {
        const { person, signNo } = await boundInTwoChannels(w);
        await w.admin.replaceCard(person.idNumber);
        await w.refused(w.apply(person, w.a), 'ALREADY_BOUND', { signNo });
        await w.refused(w.apply(person, w.b, { password: OTHER_PASSWORD }), 'ALREADY_BOUND', {
          signNo,
        });
      },
    ),
    conformanceCase(
      'R14',
      'apply-again-after-unbinding',
      'after unbinding the old e-card, applying again issues a new e-card: new signNo, level 1, a password set anew',
      async (w) => {
        const { person, signNo } = await boundInTwoChannels(w);
        await w.client(w.a).enablePayment({ signNo, verification: { password: PASSWORD } });
        await w.admin.replaceCard(person.idNumber);

        await w.client(w.a).unbind({ signNo, verification: { password: PASSWORD } });
        const fresh = await w.apply(person, w.a, { password: OTHER_PASSWORD });
        expect(fresh.signNo).not.toBe(signNo);
        expect(fresh).toMatchObject({ channelId: w.a, status: 'active', level: 1 });

        // Channel B unbinds the old e-card with a face check, then verifies the new password.
        await w.client(w.b).unbind({ signNo, verification: { realPerson: await w.proof(person) } });
        await w.refused(w.apply(person, w.b, { password: PASSWORD }), 'PASSWORD_INCORRECT');
        expect((await w.apply(person, w.b, { password: OTHER_PASSWORD })).signNo).toBe(
          fresh.signNo,
        );
      },
    ),
    conformanceCase(
      'R14',
      'channels-told',
      'every bound channel is told that the old e-card was cancelled by a replacement (card:status, replaced)',
      async (w, context) => {
        requireNotifications(w, context, w.a);
        requireNotifications(w, context, w.b);
        const { person, signNo } = await boundInTwoChannels(w);
        await w.admin.replaceCard(person.idNumber);
        await vi.waitFor(() => {
          for (const channel of [w.a, w.b]) {
            expect(w.eventsOf(channel, 'card:status')).toContainEqual({
              signNo,
              status: 'cancelled',
              replaced: true,
            });
          }
        });
      },
    ),
    conformanceCase(
      'R13',
      'change-during-apply',
      'a replacement that lands after the platform committed an application but before its answer reaches the app is still told to the app (card:status, replaced)',
      async (w, context) => {
        requireNotifications(w, context, w.c);
        const person = await w.person();
        const base = w.target.adapter(w.c);
        // Between the platform's commit and the app: the card is replaced, and the answer is
        // held until the app's subscription has been handed the cancellation.
        const adapter: typeof base = {
          ...base,
          apply: async (input, ctx) => {
            const card = await base.apply(input, ctx);
            let stop = () => {};
            const told = new Promise<void>((resolve) => {
              stop = base.subscribe!((n) => {
                if (n.signNo === card.signNo && n.status === 'cancelled') resolve();
              });
            });
            await w.admin.replaceCard(person.idNumber);
            await told;
            stop();
            return card;
          },
        };
        const client = createClient({ adapter });
        const seen: unknown[] = [];
        client.on('card:status', (event) => seen.push(event));
        try {
          const card = await w.apply(person, w.c, {}, undefined, client);
          await vi.waitFor(() =>
            expect(seen).toContainEqual({
              signNo: card.signNo,
              status: 'cancelled',
              replaced: true,
            }),
          );
        } finally {
          client.close();
        }
      },
    ),
  ],
};
