/**
 * Hosted pages and receipts (R35–R37), the refusals: an expired or reused launch, a foreign,
 * tampered or replayed receipt, a wrong password to the lock, a failed face check, a closed
 * page, a launch without what it needs or for a card not bound here.
 */
import { expect } from 'vitest';
import { base64urlDecode, base64urlEncode } from '../../crypto/index.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';
import {
  closedWith,
  freshHosted,
  holder,
  hosted,
  launchApply,
  launchFor,
  RETURN_URL,
  requireHosted,
} from './hosted.js';

export const hostedRefusals: CaseGroup = {
  title: 'hosted pages and receipts: refusals (R35–R37)',
  cases: [
    conformanceCase(
      'R35',
      'launch-expired',
      'a page not finished within 10 minutes is LAUNCH_EXPIRED, and does nothing',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const advance = requireClock(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'unbind', signNo);
        await advance(10 * 60 * 1000);
        await w.refused(complete(launched.url, { password: PASSWORD }), 'LAUNCH_EXPIRED');
        expect((await w.client(w.a).getCard({ signNo })).signNo).toBe(signNo);
      },
    ),
    conformanceCase(
      'R35',
      'launch-used',
      'a page is completed once: completing it again is LAUNCH_USED',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'verify-password', signNo);
        await complete(launched.url, { password: PASSWORD });
        await w.refused(complete(launched.url, { password: PASSWORD }), 'LAUNCH_USED');
      },
    ),
    conformanceCase(
      'R36',
      'foreign-receipt',
      "another channel's receipt, or one of a launch this server did not make, is RECEIPT_INVALID",
      async (w, context) => {
        const complete = requireHosted(w, context);
        const person = await w.person();
        await w.apply(person, w.a);
        const { signNo } = await w.apply(person, w.b);
        const theirs = await hosted(w, w.b).launch({
          action: 'verify-password',
          channelUserId: person.channelUserId,
          signNo,
          returnUrl: RETURN_URL,
        });
        const token = await complete(theirs.url, { password: PASSWORD });
        await w.refused(hosted(w).verifyReceipt(token), 'RECEIPT_INVALID');
        // Channel A's own page, launched by another server that keeps its launches elsewhere.
        const elsewhere = freshHosted(w, w.a);
        const launched = await elsewhere.launch({
          action: 'verify-password',
          channelUserId: person.channelUserId,
          signNo,
          returnUrl: RETURN_URL,
        });
        const own = await complete(launched.url, { password: PASSWORD });
        await w.refused(hosted(w).verifyReceipt(own), 'RECEIPT_INVALID');
        // Refused once, refused again: the refusal recorded nothing that lets it through.
        await w.refused(hosted(w).verifyReceipt(own), 'RECEIPT_REPLAYED');
      },
    ),
    conformanceCase(
      'R36',
      'tampered-receipt',
      'a receipt with a claim changed (kind, signNo) or its signature cut is RECEIPT_INVALID; the genuine one then verifies',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'verify-password', signNo);
        const token = await complete(launched.url, { password: PASSWORD });
        const [header, payload, signature] = token.split('.') as [string, string, string];
        const claims = JSON.parse(new TextDecoder().decode(base64urlDecode(payload)));
        const forged = base64urlEncode(
          new TextEncoder().encode(JSON.stringify({ ...claims, kind: 'unbound', code: '003' })),
        );
        for (const bad of [
          `${header}.${forged}.${signature}`,
          `${header}.${payload}.${signature.slice(0, -4)}`,
          `${header}.${payload}`,
          'not-a-receipt',
        ]) {
          await w.refused(hosted(w).verifyReceipt(bad), 'RECEIPT_INVALID');
        }
        expect((await hosted(w).verifyReceipt(token)).kind).toBe('password-verified');
      },
    ),
    conformanceCase(
      'R36',
      'receipt-once',
      'a receipt is accepted once: the same receipt again (a reload) is RECEIPT_REPLAYED',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'verify-face', signNo);
        const token = await complete(launched.url);
        await hosted(w).verifyReceipt(token);
        await w.refused(hosted(w).verifyReceipt(token), 'RECEIPT_REPLAYED');
      },
    ),
    conformanceCase(
      'R36',
      'receipt-expires',
      'a receipt older than 10 minutes is RECEIPT_INVALID',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const advance = requireClock(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'verify-face', signNo);
        const token = await complete(launched.url);
        await advance(10 * 60 * 1000 + 31_000);
        await w.refused(hosted(w).verifyReceipt(token), 'RECEIPT_INVALID');
      },
    ),
    conformanceCase(
      'R11',
      'hosted-attempts-then-lock',
      'on a hosted page a wrong password shows the attempts left (4, 3, 2, 1) and lets the citizen retry; the fifth ends the page closed with PASSWORD_LOCKED',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'unbind', signNo);
        for (const attemptsLeft of [4, 3, 2, 1]) {
          await w.refused(
            complete(launched.url, { password: WRONG_PASSWORD }),
            'PASSWORD_INCORRECT',
            {
              attemptsLeft,
            },
          );
        }
        const receipt = await closedWith(
          w,
          await complete(launched.url, { password: WRONG_PASSWORD }),
          'PASSWORD_LOCKED',
        );
        expect(receipt.signNo).toBe(signNo);
        // Still bound: nothing was unbound, and the lock holds for the API too.
        await w.refused(
          w.client(w.a).unbind({ signNo, verification: { password: PASSWORD } }),
          'PASSWORD_LOCKED',
        );
      },
    ),
    conformanceCase(
      'R35',
      'face-failed',
      'a failed face check ends the page closed with REAL_PERSON_FAILED, and applies nothing',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const person = await w.person();
        const launched = await launchApply(w, person);
        await closedWith(w, await complete(launched.url, { face: 'fail' }), 'REAL_PERSON_FAILED');
        // Nothing was bound: the API apply still binds.
        await w.apply(person, w.a);
      },
    ),
    conformanceCase(
      'R35',
      'closed-by-citizen',
      'a page the citizen closes ends closed (action 111) without error, and changes nothing',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'unbind', signNo);
        await closedWith(w, await complete(launched.url, { cancel: true }), undefined);
        expect((await w.client(w.a).getCard({ signNo })).signNo).toBe(signNo);
      },
    ),
    conformanceCase(
      'R35',
      'launch-needs-its-fields',
      'a launch is VALIDATION_FAILED without the person for apply (naming person) or the signNo for the others (naming signNo), or with a returnUrl that is not https:',
      async (w) => {
        const { person, signNo } = await holder(w);
        const base = { channelUserId: person.channelUserId, returnUrl: RETURN_URL };
        const noPerson = await w.refused(
          hosted(w).launch({ ...base, action: 'apply' }),
          'VALIDATION_FAILED',
        );
        expect(noPerson.details.issues.map((i) => i.path)).toContainEqual(['person']);
        const noSignNo = await w.refused(
          hosted(w).launch({ ...base, action: 'unbind' }),
          'VALIDATION_FAILED',
        );
        expect(noSignNo.details.issues.map((i) => i.path)).toContainEqual(['signNo']);
        for (const returnUrl of [
          'http://channel.example.cn/essc/return',
          'ftp://channel.example.cn/return',
          'javascript:alert(1)',
          '/essc/return',
        ]) {
          await w.refused(
            hosted(w).launch({ ...base, action: 'unbind', signNo, returnUrl }),
            'VALIDATION_FAILED',
          );
        }
      },
    ),
    conformanceCase(
      'R35',
      'signno-not-bound',
      'a launch for a signNo not bound in this channel is NOT_BOUND',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.b);
        await w.refused(
          hosted(w).launch({
            action: 'verify-password',
            channelUserId: person.channelUserId,
            signNo,
            returnUrl: RETURN_URL,
          }),
          'NOT_BOUND',
        );
      },
    ),
    conformanceCase(
      'R35',
      'signno-of-another-user',
      "a launch for a signNo this channel bound to another of its users is NOT_BOUND, for every action (a card page would show that user's card and codes); the binding's own user launches it",
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person: other, signNo } = await holder(w);
        const { person: user } = await holder(w);
        expect(user.channelUserId).not.toBe(other.channelUserId);
        const actions = [
          'card',
          'enable-payment',
          'change-password',
          'reset-password',
          'unbind',
          'verify-password',
          'verify-face',
          'certification',
        ] as const;
        for (const action of actions) {
          await w.refused(launchFor(w, user, action, signNo), 'NOT_BOUND');
        }
        const own = await launchFor(w, other, 'card', signNo);
        const receipt = await closedWith(w, await complete(own.url), undefined);
        expect(receipt).toMatchObject({ signNo, channelUserId: other.channelUserId });
      },
    ),
  ],
};
