/**
 * Hosted pages and receipts (R35–R37): a channel's server launches a page with
 * `createHostedPages` on the target's adapter, the page is completed as its citizen would
 * (`admin.completeHosted`, the platform's page without a browser), and the receipt is verified
 * as the channel's server verifies it. Each action of R35 from launch to a verified receipt;
 * the refusals are in `hosted-refusals.ts`, with the helpers here.
 */
import { expect, type TestContext, vi } from 'vitest';
import type {
  HostedAction,
  HostedAnswers,
  HostedReceipt,
  ReceiptKind,
} from '../../domain/hosted.js';
import { createHostedPages, type HostedPages } from '../../hosted/hosted-pages.js';
import { NEW_PASSWORD, PASSWORD } from '../people.js';
import type { Person, World } from '../world.js';
import { type CaseGroup, conformanceCase, requireNotifications } from './case.js';

export const RETURN_URL = 'https://channel.example.cn/essc/return';

const hostedOf = new WeakMap<World, Map<string, HostedPages>>();

/** The channel server's hosted pages (one per channel and test), on the target's adapter. */
export function hosted(w: World, channelId: string = w.a): HostedPages {
  let byChannel = hostedOf.get(w);
  if (!byChannel) {
    byChannel = new Map();
    hostedOf.set(w, byChannel);
  }
  let pages = byChannel.get(channelId);
  if (!pages) {
    pages = freshHosted(w, channelId);
    byChannel.set(channelId, pages);
  }
  return pages;
}

/** Another hosted-pages object of the channel, with a store of its own. */
export function freshHosted(w: World, channelId: string): HostedPages {
  const adapter = w.target.adapter(channelId);
  return createHostedPages({
    adapter,
    // A relay's adapter (a mini-program's) has no JWKS of its own: the platform's, as published.
    ...(typeof (adapter as { jwks?: unknown }).jwks === 'function'
      ? {}
      : { jwks: () => w.admin.jwks() }),
    now: () => w.target.now(),
  });
}

/** Skips a case when the target cannot complete a hosted page without a browser. */
export function requireHosted(
  w: World,
  context: TestContext,
): (url: string, answers?: HostedAnswers) => Promise<string> {
  const complete = w.admin.completeHosted?.bind(w.admin);
  if (!complete) {
    return context.skip(
      'the target has no admin.completeHosted: a hosted page cannot be completed without a browser',
    );
  }
  return async (url, answers = {}) => complete(url, answers);
}

/** Launches `action` for the person's e-card (`signNo`) in channel A. */
export function launchFor(w: World, person: Person, action: HostedAction, signNo: string) {
  return hosted(w).launch({
    action,
    channelUserId: person.channelUserId,
    signNo,
    returnUrl: RETURN_URL,
  });
}

/** Launches an apply for the person in a channel. */
export function launchApply(w: World, person: Person, channelId: string = w.a) {
  return hosted(w, channelId).launch({
    action: 'apply',
    channelUserId: person.channelUserId,
    person: { name: person.name, idNumber: person.idNumber },
    returnUrl: RETURN_URL,
  });
}

/** Asserts a verified receipt's kind, national code and launch. */
function expectReceipt(
  receipt: HostedReceipt,
  kind: ReceiptKind,
  code: string,
  launched: { busiSeq: string },
  w: World,
  person: Person,
): void {
  expect(receipt).toMatchObject({
    kind,
    code,
    busiSeq: launched.busiSeq,
    channelId: w.a,
    channelUserId: person.channelUserId,
  });
  expect(Date.parse(receipt.at)).toBeGreaterThan(0);
}

/** A person bound in channel A through the API (bank account active when asked). */
export async function holder(w: World, options: { bankAccountActive?: boolean } = {}) {
  const person = await w.person(options);
  const card = await w.apply(person, w.a);
  return { person, signNo: card.signNo, card };
}

/** One allowed action: launch, complete with `answers`, verify; the receipt is checked. */
function allowed(
  slug: string,
  title: string,
  action: Exclude<HostedAction, 'apply'>,
  answers: HostedAnswers,
  expected: { kind: ReceiptKind; code: string; codeType?: 'sceneType'; signLevel?: '1' | '2' },
  after: (w: World, signNo: string) => Promise<void>,
  options: { bankAccountActive?: boolean; pensioner?: boolean } = {},
) {
  return conformanceCase('R35', slug, title, async (w, context) => {
    const complete = requireHosted(w, context);
    const person = options.pensioner
      ? await w.person({ birthDate: '19560308', benefit: { kind: 'pension' } })
      : await w.person({ bankAccountActive: options.bankAccountActive ?? false });
    const { signNo } = await w.apply(person, w.a);
    const launched = await launchFor(w, person, action, signNo);
    expect(launched.url).toContain(`/hosted/${action}?launch=`);
    const receipt = await hosted(w).verifyReceipt(await complete(launched.url, answers));
    expectReceipt(receipt, expected.kind, expected.code, launched, w, person);
    expect(receipt).toMatchObject({
      signNo,
      codeType: expected.codeType ?? 'actionType',
      signLevel: expected.signLevel ?? '1',
      regionCode: person.regionCode,
    });
    await after(w, signNo);
  });
}

/** Asserts the holder's password is `password` (a query with it is answered). */
async function passwordIs(w: World, signNo: string, password: string): Promise<void> {
  await w.client(w.a).query({ signNo, topic: 'insurance', verification: { password } });
}

/** Completes a page that must end `closed` with `error`, and verifies its receipt. */
export async function closedWith(
  w: World,
  receiptToken: string,
  error: string | undefined,
): Promise<HostedReceipt> {
  const receipt = await hosted(w).verifyReceipt(receiptToken);
  expect(receipt).toMatchObject({ kind: 'closed', code: '111', codeType: 'actionType' });
  expect((receipt as { error?: string }).error).toBe(error);
  return receipt;
}

export const hostedPages: CaseGroup = {
  title: 'hosted pages and receipts (R35–R37)',
  cases: [
    conformanceCase(
      'R35',
      'apply-new',
      "a hosted apply (face check, then the password set on the platform's page) issues the e-card: an applied receipt (action 001) with signNo, signLevel 1 and the card's region, and the API sees the same card",
      async (w, context) => {
        const complete = requireHosted(w, context);
        const person = await w.person();
        const launched = await launchApply(w, person);
        expect(launched.url).toContain('/hosted/apply?launch=');
        expect(Date.parse(launched.expiresAt)).toBe(w.target.now() + 10 * 60 * 1000);
        const token = await complete(launched.url, { face: 'pass', password: PASSWORD });
        expect(token).not.toContain(PASSWORD);
        const receipt = await hosted(w).verifyReceipt(token);
        expectReceipt(receipt, 'applied', '001', launched, w, person);
        expect(receipt).toMatchObject({ signLevel: '1', regionCode: person.regionCode });
        const card = await w.client(w.a).getCard({ signNo: receipt.signNo! });
        expect(card).toMatchObject({ level: 1, status: 'active', channelId: w.a });
        await passwordIs(w, card.signNo, PASSWORD);
      },
    ),
    conformanceCase(
      'R35',
      'apply-issued-elsewhere',
      'a hosted apply of a card issued in another channel verifies the shared password: a bound receipt (action 006) with the same signNo',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const person = await w.person();
        const elsewhere = await w.apply(person, w.b);
        const launched = await launchApply(w, person);
        const receipt = await hosted(w).verifyReceipt(
          await complete(launched.url, { password: PASSWORD }),
        );
        expectReceipt(receipt, 'bound', '006', launched, w, person);
        expect(receipt.signNo).toBe(elsewhere.signNo);
        expect((await w.client(w.a).getCard({ signNo: elsewhere.signNo })).channelId).toBe(w.a);
      },
    ),
    allowed(
      'enable-payment',
      'a hosted enable-payment raises the e-card to level 2: a payment-enabled receipt (action 005) with signLevel 2',
      'enable-payment',
      { password: PASSWORD },
      { kind: 'payment-enabled', code: '005', signLevel: '2' },
      async (w, signNo) => {
        expect((await w.client(w.a).getCard({ signNo })).level).toBe(2);
      },
      { bankAccountActive: true },
    ),
    allowed(
      'change-password',
      'a hosted change-password (old and new password) changes the shared password: a password-changed receipt (action 002)',
      'change-password',
      { password: PASSWORD, newPassword: NEW_PASSWORD },
      { kind: 'password-changed', code: '002' },
      (w, signNo) => passwordIs(w, signNo, NEW_PASSWORD),
    ),
    allowed(
      'reset-password',
      'a hosted reset-password (face check, then a new password) resets it: a password-changed receipt (action 002)',
      'reset-password',
      { face: 'pass', newPassword: NEW_PASSWORD },
      { kind: 'password-changed', code: '002' },
      (w, signNo) => passwordIs(w, signNo, NEW_PASSWORD),
    ),
    allowed(
      'unbind',
      "a hosted unbind removes this channel's binding: an unbound receipt (action 003), and getCard is NOT_BOUND",
      'unbind',
      { password: PASSWORD },
      { kind: 'unbound', code: '003' },
      async (w, signNo) => {
        await w.refused(w.client(w.a).getCard({ signNo }), 'NOT_BOUND');
      },
    ),
    allowed(
      'verify-password',
      'a hosted password check answers a password-verified receipt (scene 004)',
      'verify-password',
      { password: PASSWORD },
      { kind: 'password-verified', code: '004', codeType: 'sceneType' },
      async () => undefined,
    ),
    allowed(
      'verify-face',
      'a hosted face check answers a face-verified receipt (scene 008)',
      'verify-face',
      { face: 'pass' },
      { kind: 'face-verified', code: '008', codeType: 'sceneType' },
      async () => undefined,
    ),
    allowed(
      'certification',
      'a hosted certification (the face check) certifies the holder: a certified receipt (action 014)',
      'certification',
      { face: 'pass' },
      { kind: 'certified', code: '014' },
      async (w, signNo) => {
        expect((await w.client(w.a).getCertification({ signNo })).status).toBe('certified');
      },
      { pensioner: true },
    ),
    conformanceCase(
      'R35',
      'card-page',
      'the hosted card page opens for a bound card and ends closed when the citizen leaves it (action 111, no error)',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'card', signNo);
        const receipt = await closedWith(w, await complete(launched.url), undefined);
        expect(receipt.signNo).toBe(signNo);
      },
    ),
    conformanceCase(
      'R37',
      'hosted-then-api-apply',
      'a hosted apply is an apply: an API apply of the same person in the same channel is then ALREADY_BOUND, and in another channel it binds the same e-card with the password set on the page',
      async (w, context) => {
        const complete = requireHosted(w, context);
        const person = await w.person();
        const launched = await launchApply(w, person);
        const receipt = await hosted(w).verifyReceipt(
          await complete(launched.url, { password: PASSWORD }),
        );
        await w.refused(w.apply(person, w.a), 'ALREADY_BOUND', { signNo: receipt.signNo! });
        expect((await w.apply(person, w.b)).signNo).toBe(receipt.signNo);
      },
    ),
    conformanceCase(
      'R36',
      'completed-notification',
      'the receipt also reaches the channel as a hosted.completed notification, which verifies like the redirect (once between them)',
      async (w, context) => {
        const complete = requireHosted(w, context);
        requireNotifications(w, context, w.a);
        const { person, signNo } = await holder(w);
        const launched = await launchFor(w, person, 'verify-password', signNo);
        const token = await complete(launched.url, { password: PASSWORD });
        await vi.waitFor(() => {
          expect(
            w.eventsOf(w.a, 'notification').map(({ notification }) => notification),
          ).toContainEqual(
            expect.objectContaining({
              type: 'hosted.completed',
              busiSeq: launched.busiSeq,
              receipt: token,
              signNo,
            }),
          );
        });
        expect((await hosted(w).verifyReceipt(token)).kind).toBe('password-verified');
      },
    ),
  ],
};
