import { expect, type TestContext, vi } from 'vitest';
import type { ConformanceAdmin } from '../target.js';
import type { Person, PersonOptions, World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock, requireNotifications } from './case.js';
import { addMember, holderIn } from './family.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MONTHLY = 312_550;

type Disbursing = Required<Pick<ConformanceAdmin, 'runDisbursement' | 'balances'>>;

/** The back office's disbursement and balances, or a skip that says why. */
function requireDisbursement(w: World, context: TestContext): Disbursing {
  const { runDisbursement, balances } = w.admin;
  if (!runDisbursement || !balances) {
    return context.skip(
      "the target's admin has no runDisbursement or balances, so benefit payments cannot be driven",
    );
  }
  return {
    runDisbursement: runDisbursement.bind(w.admin),
    balances: balances.bind(w.admin),
  };
}

/**
 * A pensioner paid `MONTHLY` fen a month, bound in channel A; certified `daysAgo` days ago
 * (never: undefined, so overdue).
 */
async function pensioner(w: World, daysAgo?: number, options: PersonOptions = {}) {
  const certifiedAt =
    daysAgo === undefined ? undefined : new Date(w.target.now() - daysAgo * DAY_MS).toISOString();
  const person = await w.person({
    birthDate: '19560308',
    benefit: { kind: 'pension', monthlyAmount: MONTHLY, ...(certifiedAt ? { certifiedAt } : {}) },
    ...options,
  });
  const { signNo } = await w.apply(person, w.a);
  return { person, signNo, client: w.client(w.a) };
}

const bankOf = async (admin: Disbursing, person: Person) =>
  (await admin.balances(person.idNumber)).bank;

/** China's calendar (UTC+8): the platform's months are China's. */
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/** `YYYY-MM` of the target clock's month (China time) moved by `offset` months. */
function month(w: World, offset = 0): string {
  const now = new Date(w.target.now() + CHINA_UTC_OFFSET_MS);
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return at.toISOString().slice(0, 7);
}

/** Moves the target clock into the next month (China time), a day past its start. */
async function nextMonth(w: World, advance: (ms: number) => Promise<void>): Promise<void> {
  const now = new Date(w.target.now() + CHINA_UTC_OFFSET_MS);
  const start = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - CHINA_UTC_OFFSET_MS;
  await advance(start + DAY_MS - w.target.now());
}

export const benefits: CaseGroup = {
  title: 'benefit payments (R44)',
  cases: [
    conformanceCase(
      'R44',
      'paid-once',
      'a run pays each certified (or due) pensioner the monthly amount into the bank account, once: a second run of the month pays nobody',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const certified = await pensioner(w, 100);
        const due = await pensioner(w, 340);
        const before = await bankOf(admin, certified.person);
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 2,
          suspended: 0,
        });
        expect(await bankOf(admin, certified.person)).toBe(before + MONTHLY);
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 0,
          suspended: 0,
        });
        expect(await bankOf(admin, certified.person)).toBe(before + MONTHLY);
        const [record, ...rest] = await certified.client.listBenefitPayments({
          signNo: certified.signNo,
        });
        expect(rest).toEqual([]);
        expect(record).toMatchObject({ month: month(w), amount: MONTHLY, status: 'paid' });
        expect(Math.abs(Date.parse(record!.paidAt!) - w.target.now())).toBeLessThan(60_000);
        expect(
          (await due.client.listBenefitPayments({ signNo: due.signNo })).map((m) => m.status),
        ).toEqual(['paid']);
      },
    ),
    conformanceCase(
      'R44',
      'concurrent-runs',
      'three runs of one month at once pay each pensioner once: the counts add up to one payment, and the balance rises once',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const { person, signNo, client } = await pensioner(w, 30);
        const before = await bankOf(admin, person);
        const runs = await Promise.all(
          [1, 2, 3].map(() => admin.runDisbursement({ month: month(w) })),
        );
        expect(runs.reduce((sum, run) => sum + run.paid, 0)).toBe(1);
        expect(await bankOf(admin, person)).toBe(before + MONTHLY);
        expect(await client.listBenefitPayments({ signNo })).toHaveLength(1);
      },
    ),
    conformanceCase(
      'R44',
      'suspended-then-arrears',
      'while the certification is overdue a month is suspended and nothing is paid; the first run after certifying pays that month and the arrears, and each month reads paid',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const { person, signNo, client } = await pensioner(w);
        const before = await bankOf(admin, person);
        expect(await admin.runDisbursement({ month: month(w, -2) })).toEqual({
          paid: 0,
          suspended: 1,
        });
        expect(await admin.runDisbursement({ month: month(w, -2) })).toEqual({
          paid: 0,
          suspended: 0,
        });
        await admin.runDisbursement({ month: month(w, -1) });
        expect(await bankOf(admin, person)).toBe(before);
        expect(await client.listBenefitPayments({ signNo })).toEqual([
          { month: month(w, -1), amount: MONTHLY, status: 'suspended' },
          { month: month(w, -2), amount: MONTHLY, status: 'suspended' },
        ]);
        await client.certify({ signNo, realPerson: await w.proof(person) });
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 1,
          suspended: 0,
        });
        expect(await bankOf(admin, person)).toBe(before + 3 * MONTHLY);
        const months = await client.listBenefitPayments({ signNo });
        expect(months.map((m) => [m.month, m.status])).toEqual([
          [month(w), 'paid'],
          [month(w, -1), 'paid'],
          [month(w, -2), 'paid'],
        ]);
        expect(new Set(months.map((m) => m.paidAt)).size).toBe(1);
        await admin.runDisbursement({ month: month(w) });
        expect(await bankOf(admin, person)).toBe(before + 3 * MONTHLY);
      },
    ),
    conformanceCase(
      'R44',
      'arrears-at-most-twelve',
      'arrears go back at most 12 months before the clock: after 15 suspended months, the first run after certifying pays the month and the 12 before it; the older months stay suspended and no run pays them later, back-dated or again',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const advance = requireClock(w, context);
        const { person, signNo, client } = await pensioner(w);
        const before = await bankOf(admin, person);
        // Back-dated runs of the 12 months before this one, then two months on the clock.
        for (let n = -12; n < 0; n += 1) await admin.runDisbursement({ month: month(w, n) });
        const oldest = [month(w, -12), month(w, -11), month(w, -10)];
        await nextMonth(w, advance);
        await admin.runDisbursement({ month: month(w, -1) });
        await admin.runDisbursement({ month: month(w) });
        await nextMonth(w, advance);
        await admin.runDisbursement({});
        expect(await bankOf(admin, person)).toBe(before);
        expect(await client.listBenefitPayments({ signNo })).toHaveLength(15);
        await nextMonth(w, advance);
        await client.certify({ signNo, realPerson: await w.proof(person) });
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 1,
          suspended: 0,
        });
        expect(await bankOf(admin, person)).toBe(before + 13 * MONTHLY);
        const months = await client.listBenefitPayments({ signNo });
        expect(months).toHaveLength(16);
        expect(months.filter((m) => m.status === 'suspended').map((m) => m.month)).toEqual(
          oldest.reverse(),
        );
        // Run again, for any month it may name: nothing more is paid.
        for (let n = -12; n <= 0; n += 1) await admin.runDisbursement({ month: month(w, n) });
        expect(await admin.runDisbursement({})).toEqual({ paid: 0, suspended: 0 });
        expect(await bankOf(admin, person)).toBe(before + 13 * MONTHLY);
      },
    ),
    conformanceCase(
      'R44',
      'month-window',
      "a run names a month of the platform's clock or one of the 12 before it: a later month or an older one is VALIDATION_FAILED naming month and pays nothing; without a month it runs the clock's month",
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const { person, signNo, client } = await pensioner(w, 10);
        const before = await bankOf(admin, person);
        for (const refused of [month(w, 1), month(w, 70), month(w, -13), '1990-01']) {
          const error = await w.refused(
            admin.runDisbursement({ month: refused }),
            'VALIDATION_FAILED',
          );
          expect(error.details?.issues).toEqual([expect.objectContaining({ path: ['month'] })]);
        }
        expect(await bankOf(admin, person)).toBe(before);
        expect(await client.listBenefitPayments({ signNo })).toEqual([]);
        expect(await admin.runDisbursement({})).toEqual({ paid: 1, suspended: 0 });
        expect(await bankOf(admin, person)).toBe(before + MONTHLY);
        expect(await client.listBenefitPayments({ signNo })).toEqual([
          expect.objectContaining({ month: month(w), status: 'paid' }),
        ]);
      },
    ),
    conformanceCase(
      'R44',
      'lapsed-certification',
      'a certification more than 12 months old is overdue (R33): its months are suspended, and certifying again pays them with the next run',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const { person, signNo, client } = await pensioner(w, 400);
        const before = await bankOf(admin, person);
        expect(await admin.runDisbursement({ month: month(w, -1) })).toEqual({
          paid: 0,
          suspended: 1,
        });
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 0,
          suspended: 1,
        });
        expect(await bankOf(admin, person)).toBe(before);
        await client.certify({ signNo, realPerson: await w.proof(person) });
        expect(await admin.runDisbursement({ month: month(w) })).toEqual({
          paid: 1,
          suspended: 0,
        });
        expect(await bankOf(admin, person)).toBe(before + 2 * MONTHLY);
        expect((await client.listBenefitPayments({ signNo })).map((m) => m.status)).toEqual([
          'paid',
          'paid',
        ]);
      },
    ),
    conformanceCase(
      'R44',
      'channels-told',
      "the pensioner's channels are told (benefit:suspended, benefit:paid), and a holder's channel of them as a family member, with the member id",
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        requireNotifications(w, context, w.b);
        const { person, signNo, client } = await pensioner(w);
        await w.apply(person, w.b);
        const holder = await holderIn(w, w.c);
        const { memberId } = await addMember(w, holder, person);
        await admin.runDisbursement({ month: month(w, -1) });
        const suspended = { month: month(w, -1), amount: MONTHLY, status: 'suspended' };
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'benefit:suspended')).toEqual([
            { signNo, benefitPayment: suspended },
          ]);
        });
        await client.certify({ signNo, realPerson: await w.proof(person) });
        await admin.runDisbursement({ month: month(w) });
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'benefit:paid').map((e) => e.benefitPayment.month)).toEqual([
            month(w, -1),
            month(w),
          ]);
          expect(w.eventsOf(w.a, 'benefit:paid')).toHaveLength(2);
          expect(w.eventsOf(w.c, 'benefit:paid')).toContainEqual({
            signNo: holder.signNo,
            memberId,
            benefitPayment: expect.objectContaining({ month: month(w), status: 'paid' }),
          });
        });
      },
    ),
    conformanceCase(
      'R44',
      'for-a-member',
      "a holder lists a family member's benefit payments (any card status, no verification, as certification); an unknown member is MEMBER_NOT_FOUND; someone without a benefit has none",
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const holder = await holderIn(w);
        const father = await w.person({
          birthDate: '19520911',
          benefit: {
            kind: 'pension',
            monthlyAmount: MONTHLY,
            certifiedAt: new Date(w.target.now() - 10 * DAY_MS).toISOString(),
          },
        });
        const { memberId } = await addMember(w, holder, father);
        await admin.runDisbursement({ month: month(w) });
        await w.admin.setCardStatus(father.cardNo, 'sealed');
        const { signNo, client } = holder;
        expect(await client.listBenefitPayments({ signNo, memberId })).toEqual([
          expect.objectContaining({ month: month(w), amount: MONTHLY, status: 'paid' }),
        ]);
        expect(await client.listBenefitPayments({ signNo })).toEqual([]);
        await w.refused(
          client.listBenefitPayments({ signNo, memberId: 'mem_unknown' }),
          'MEMBER_NOT_FOUND',
        );
        await w.refused(w.client(w.b).listBenefitPayments({ signNo }), 'NOT_BOUND');
      },
    ),
    conformanceCase(
      'R44',
      'refused-changes-nothing',
      'a month not YYYY-MM is VALIDATION_FAILED and pays nothing; a monthly amount not a positive integer of fen is VALIDATION_FAILED',
      async (w, context) => {
        const admin = requireDisbursement(w, context);
        const { person, signNo, client } = await pensioner(w, 10);
        const before = await bankOf(admin, person);
        for (const bad of ['2026-13', '2026-3', '202603']) {
          await w.refused(admin.runDisbursement({ month: bad }), 'VALIDATION_FAILED');
        }
        expect(await bankOf(admin, person)).toBe(before);
        expect(await client.listBenefitPayments({ signNo })).toEqual([]);
        for (const monthlyAmount of [1.5, 0, -100]) {
          await w.refused(
            Promise.resolve().then(() => w.person({ benefit: { kind: 'pension', monthlyAmount } })),
            'VALIDATION_FAILED',
          );
        }
      },
    ),
  ],
};
