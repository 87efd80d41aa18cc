import { expect, vi } from 'vitest';
import { newIdempotencyKey } from '../../domain/idempotency-key.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireNotifications } from './case.js';
import { addMember, holderIn } from './family.js';
import { payer, requireMerchants } from './settlement.js';

const verification = { password: PASSWORD };

/** A holder bound in channels A and B. */
async function holderInTwo(w: World) {
  const holder = await holderIn(w, w.a);
  await w.apply(holder.person, w.b);
  return holder;
}

/** The statuses channel B's client heard for an e-card, in order. */
const statusesHeard = (w: World, signNo: string) =>
  w
    .eventsOf(w.b, 'card:status')
    .filter((e) => e.signNo === signNo)
    .map((e) => e.status);

export const lossReport: CaseGroup = {
  title: 'reporting a loss from the app, and withdrawing it (R43)',
  cases: [
    conformanceCase(
      'R43',
      'report',
      'the holder reports the card lost: it is lost, reported by the holder, in every channel; the other channel is told; then only unbinding and withdrawal are allowed',
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const { signNo, client } = await holderInTwo(w);
        const card = await client.reportLoss({ signNo, verification });
        expect(card).toMatchObject({ signNo, status: 'lost', lossReportedBy: 'holder' });
        expect(w.eventsOf(w.a, 'card:status')).toContainEqual({
          signNo,
          status: 'lost',
          replaced: false,
        });
        await vi.waitFor(() => expect(statusesHeard(w, signNo)).toEqual(['lost']));
        expect(await w.client(w.b).getCard({ signNo })).toMatchObject({
          status: 'lost',
          lossReportedBy: 'holder',
        });
        await w.refused(client.issueQr({ signNo }), 'CARD_INACTIVE', { status: 'lost' });
        await w.refused(
          client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '739164' }),
          'CARD_INACTIVE',
        );
        await w.refused(client.reportLoss({ signNo, verification }), 'CARD_INACTIVE');
        await w.client(w.b).unbind({ signNo, verification });
        await w.refused(w.client(w.b).getCard({ signNo }), 'NOT_BOUND');
      },
    ),
    conformanceCase(
      'R43',
      'withdraw',
      'the holder withdraws their own report with a face check: the card is active again, the other channel is told, and codes work again',
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const { person, signNo, client } = await holderInTwo(w);
        await client.reportLoss({ signNo, verification });
        const card = await client.withdrawLossReport({ signNo, realPerson: await w.proof(person) });
        expect(card.status).toBe('active');
        expect(card.lossReportedBy).toBeUndefined();
        expect(await w.client(w.b).getCard({ signNo })).toMatchObject({ status: 'active' });
        await vi.waitFor(() => expect(statusesHeard(w, signNo)).toEqual(['lost', 'active']));
        expect((await client.issueQr({ signNo })).purpose).toBe('identity');
      },
    ),
    conformanceCase(
      'R43',
      'retried-once',
      'a report retried under its idempotency key answers the first outcome; the other channel is told once',
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const { person, signNo } = await holderInTwo(w);
        const adapter = w.target.adapter(w.a);
        const idempotencyKey = newIdempotencyKey();
        const first = await adapter.reportLoss({ signNo, verification }, { idempotencyKey });
        const again = await adapter.reportLoss({ signNo, verification }, { idempotencyKey });
        expect(again).toEqual(first);
        await vi.waitFor(() => expect(statusesHeard(w, signNo)).toEqual(['lost']));
        // A later notification arrives after any duplicate would have: still one 'lost'.
        await w.client(w.a).withdrawLossReport({ signNo, realPerson: await w.proof(person) });
        await vi.waitFor(() => expect(statusesHeard(w, signNo)).toEqual(['lost', 'active']));
      },
    ),
    conformanceCase(
      'R43',
      'wrong-verification',
      "a wrong password (PASSWORD_INCORRECT, attempts counted) or another person's proof (REAL_PERSON_FAILED) reports nothing",
      async (w) => {
        const { signNo, client } = await holderIn(w);
        await w.refused(
          client.reportLoss({ signNo, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        const stranger = await w.person();
        await w.refused(
          client.reportLoss({ signNo, verification: { realPerson: await w.proof(stranger) } }),
          'REAL_PERSON_FAILED',
        );
        expect((await client.getCard({ signNo })).status).toBe('active');
      },
    ),
    conformanceCase(
      'R43',
      'withdraw-face-only',
      "a withdrawal takes a face check only: a password is VALIDATION_FAILED at the client and at the adapter, another person's face REAL_PERSON_FAILED; the card stays lost",
      async (w) => {
        const { signNo, client } = await holderIn(w);
        await client.reportLoss({ signNo, verification });
        const byPassword = { signNo, verification } as never;
        await w.refused(client.withdrawLossReport(byPassword), 'VALIDATION_FAILED');
        await w.refused(
          w.target
            .adapter(w.a)
            .withdrawLossReport(byPassword, { idempotencyKey: newIdempotencyKey() }),
          'VALIDATION_FAILED',
        );
        const stranger = await w.person();
        await w.refused(
          client.withdrawLossReport({ signNo, realPerson: await w.proof(stranger) }),
          'REAL_PERSON_FAILED',
        );
        expect(await client.getCard({ signNo })).toMatchObject({
          status: 'lost',
          lossReportedBy: 'holder',
        });
      },
    ),
    conformanceCase(
      'R43',
      'back-office-loss',
      "a loss the back office reported shows lossReportedBy 'back-office' and cannot be withdrawn in the app (LOSS_NOT_WITHDRAWABLE), nor can the holder's once the back office sets it lost too",
      async (w) => {
        const { person, signNo, client } = await holderIn(w);
        await w.admin.setCardStatus(person.cardNo, 'lost');
        expect(await client.getCard({ signNo })).toMatchObject({
          status: 'lost',
          lossReportedBy: 'back-office',
        });
        await w.refused(
          client.withdrawLossReport({ signNo, realPerson: await w.proof(person) }),
          'LOSS_NOT_WITHDRAWABLE',
        );
        await w.admin.setCardStatus(person.cardNo, 'normal');
        await client.reportLoss({ signNo, verification });
        await w.admin.setCardStatus(person.cardNo, 'lost');
        await w.refused(
          client.withdrawLossReport({ signNo, realPerson: await w.proof(person) }),
          'LOSS_NOT_WITHDRAWABLE',
        );
        expect((await client.getCard({ signNo })).status).toBe('lost');
      },
    ),
    conformanceCase(
      'R43',
      'after-replacement',
      'a card replaced since the report cannot be withdrawn (LOSS_NOT_WITHDRAWABLE): the old e-card stays cancelled',
      async (w) => {
        const { person, signNo, client } = await holderIn(w);
        await client.reportLoss({ signNo, verification });
        await w.admin.replaceCard(person.idNumber);
        await w.refused(
          client.withdrawLossReport({ signNo, realPerson: await w.proof(person) }),
          'LOSS_NOT_WITHDRAWABLE',
        );
        expect((await client.getCard({ signNo })).status).toBe('cancelled');
      },
    ),
    conformanceCase(
      'R43',
      'not-lost-not-bound',
      'withdrawing a loss never reported is LOSS_NOT_WITHDRAWABLE; a channel not bound can neither report nor withdraw (NOT_BOUND)',
      async (w) => {
        const { person, signNo, client } = await holderIn(w);
        await w.refused(
          client.withdrawLossReport({ signNo, realPerson: await w.proof(person) }),
          'LOSS_NOT_WITHDRAWABLE',
        );
        const other = w.client(w.c);
        await w.refused(other.reportLoss({ signNo, verification }), 'NOT_BOUND');
        await client.reportLoss({ signNo, verification });
        await w.refused(
          other.withdrawLossReport({ signNo, realPerson: await w.proof(person) }),
          'NOT_BOUND',
        );
        expect((await client.getCard({ signNo })).status).toBe('lost');
      },
    ),
    conformanceCase(
      'R43',
      'member-holders-told',
      "a family member's loss report reaches the holders' channels (member:status), as a status change from the back office does",
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const member = await holderIn(w, w.a);
        const holder = await holderIn(w, w.b);
        const { memberId } = await addMember(w, holder, member.person);
        await member.client.reportLoss({ signNo: member.signNo, verification });
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'member:status')).toContainEqual({
            signNo: holder.signNo,
            memberId,
            status: 'lost',
          });
        });
      },
    ),
    conformanceCase(
      'R43',
      'code-before-report',
      "a payment code shown before the holder's loss report cannot be charged after it (CARD_INACTIVE): nothing is taken, the order id stays free",
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, code } = await payer(w, { bankBalance: 5_000 });
        const qrText = await code();
        await w.client(w.a).reportLoss({ signNo, verification });
        const terminal = w.terminal();
        const orderId = `LR-${Date.now().toString(36)}-${signNo.slice(-4)}`;
        await w.refused(terminal.charge({ qrText, orderId, amount: 300 }), 'CARD_INACTIVE');
        expect((await balances(person.idNumber)).bank).toBe(5_000);
        await w.refused(terminal.getPayment({ orderId }), 'PAYMENT_NOT_FOUND');
      },
    ),
    conformanceCase(
      'R43',
      'report-inactive',
      'a card the back office sealed cannot be reported lost from the app (CARD_INACTIVE): it stays sealed, with no reporter',
      async (w) => {
        const { person, signNo, client } = await holderIn(w, w.a);
        await w.admin.setCardStatus(person.cardNo, 'sealed');
        await w.refused(client.reportLoss({ signNo, verification }), 'CARD_INACTIVE');
        const card = await client.getCard({ signNo });
        expect(card.status).toBe('sealed');
        expect(card.lossReportedBy).toBeUndefined();
      },
    ),
  ],
};
