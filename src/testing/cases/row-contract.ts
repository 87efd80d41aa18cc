/**
 * The rows' contract (DESIGN §6.1), generated from the operation table: R20 for every row that
 * mutates, R18 for every row with secrets. A new mutating row needs its scenario here (one entry
 * of {@link SCENARIOS}: how to make a valid call on a fresh person, and what shows it applied
 * once); its cases are then written by the loop at the end, on every adapter and suite.
 *
 * - `R20/<operation>-retried`: the same call sent twice on the target's adapter under one
 *   idempotency key answers the first outcome, and the state shows it applied once.
 * - `R20/<operation>-key-reused`: that key sent again with another valid input is
 *   VALIDATION_FAILED naming `idempotencyKey`, and changes nothing.
 * - `R18/<operation>-secrets-kept`: the call with a wrong value in each secret field (a wrong
 *   password, another person's real-person proof, the row's own refusal for a new password) is
 *   refused, and neither the refusal (message, JSON) nor any client event holds a secret that
 *   was sent, nor the holder's password.
 *
 * The R20 calls go to the adapter as it is (no client in front of it), the way a channel's
 * own retry or a relay sends them; the R18 calls go through the channel's client, whose events
 * are what an app logs.
 */
import { expect, type TestContext } from 'vitest';
import type { ErrorCode } from '../../domain/errors.js';
import { newIdempotencyKey } from '../../domain/idempotency-key.js';
import type { UserVerification } from '../../domain/types.js';
import {
  OPERATIONS,
  type OperationInput,
  type OperationOutput,
  type OperationTable,
  PLATFORM_OPERATIONS,
  type PlatformOperation,
  type RequestContext,
  type SecretField,
} from '../../platform/operations.js';
import { lastSix, NEW_PASSWORD, OTHER_PASSWORD, PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { Person, World } from '../world.js';
import { requireBills } from './bills.js';
import { type CaseGroup, type ConformanceCase, conformanceCase } from './case.js';
import { addMember, holderIn } from './family.js';
import { devicePublicKey } from './offline.js';
import { orderId } from './order-codes.js';
import { requireMerchants } from './settlement.js';

/** The operations whose row says they mutate (R20), derived from {@link OPERATIONS}. */
type MutatingOperation = {
  [O in PlatformOperation]: [Exclude<OperationTable[O]['mutating'], undefined>] extends [never]
    ? never
    : O;
}[PlatformOperation];

/** A valid call of an operation, made for a fresh person, and how to tell it applied once. */
interface Arranged<O extends PlatformOperation> {
  /** The person whose call it is (the holder). */
  person: Person;
  /** The call, sent in channel A. */
  input: OperationInput<O>;
  /**
   * Another valid input for channel A, sent under the key `input` used (R20): were it applied,
   * `once` would see it, wherever the operation can show that.
   */
  other(): Promise<OperationInput<O>>;
  /** Asserts that the state shows `input` applied once, and nothing of `other`. */
  once(first: OperationOutput<O>): Promise<void>;
}

/** A wrong value for a secret field, and the refusal it must get (R18). */
interface WrongSecret {
  value: string | UserVerification;
  code: ErrorCode;
}

/** What the suite knows of one mutating operation. */
interface Scenario<O extends PlatformOperation> {
  /** How the state shows one application, as the R20 title reads: "changes the password once". */
  effect: string;
  /** Skips what the target cannot do (`context.skip`), then makes a person and a call. */
  arrange(w: World, context: TestContext): Promise<Arranged<O>>;
  /** R18: readies the arranged call so that its secrets are checked (default: nothing). */
  beforeSecrets?(w: World, arranged: Arranged<O>): Promise<void>;
  /**
   * R18: the wrong values of secret fields without a default (`newPassword`) or refused
   * otherwise. Defaults: a password, an old password or a verification's password:
   * `WRONG_PASSWORD`, PASSWORD_INCORRECT; a proof (`realPerson`, `memberProof`, a
   * verification's): another person's, REAL_PERSON_FAILED.
   */
  wrong?: { [F in SecretField]?: (arranged: Arranged<O>) => WrongSecret };
}

/** The scenarios, one per mutating row: a mutating row without one does not compile. */
type ScenarioTable = { [O in MutatingOperation]: Scenario<O> };

const verification = { password: PASSWORD };

/** The application of `person` in a channel, as the adapter takes it. */
const applicationOf = (person: Person, realPerson: string): OperationInput<'apply'> => ({
  channelUserId: person.channelUserId,
  name: person.name,
  idNumber: person.idNumber,
  password: person.password,
  realPerson,
});

/** Asserts that a password verifies the holder (a query with it is answered). */
async function passwordWorks(w: World, signNo: string, password: string): Promise<void> {
  await w.client(w.a).query({ signNo, topic: 'insurance', verification: { password } });
}

/**
 * A holder in channel A at level 2 (the bank account active), with `bankBalance` fen if given:
 * settlement's `payer` without its second channel, which no case here uses.
 */
async function levelTwo(w: World, bankBalance?: number) {
  const person = await w.person({
    bankAccountActive: true,
    ...(bankBalance === undefined ? {} : { bankBalance }),
  });
  const { signNo } = await w.apply(person, w.a);
  await w.client(w.a).enablePayment({ signNo, verification });
  return { person, signNo };
}

/** The state of a portal's login session. */
const sessionState = async (w: World, sessionId: string) =>
  (await w.portal.getLoginSession({ sessionId })).state;

/** A holder in channel A with a scanned login request. */
async function scanned(w: World) {
  const holder = await holderIn(w);
  const session = await w.portal.createLoginSession();
  const { requestId } = await holder.client.scanLogin({
    signNo: holder.signNo,
    qrText: session.qrText,
  });
  return { ...holder, session, requestId };
}

/** A shop's order code for `amount` fen, scanned by the holder in channel A (R45): its preview. */
async function orderScanned(w: World, signNo: string, amount: number) {
  const id = orderId('RC');
  const { qrText } = await w.terminal(w.target.merchants?.shop).createOrderCode({
    orderId: id,
    amount,
  });
  return await w.client(w.a).scanOrder({ signNo, qrText });
}

/** Two services anyone is eligible for (R29). */
const EMPLOYMENT = {
  service: 'employment-registration' as const,
  form: { employer: '广州某餐饮有限公司', startedOn: '2026-09-01' },
};
const TRANSFER = {
  service: 'social-security-transfer' as const,
  form: { fromRegion: '440100', toRegion: '310100', types: ['pension' as const] },
};

/** A pensioner never certified (R33): certifying is due. */
const pensioner = (w: World) => w.person({ birthDate: '19560308', benefit: { kind: 'pension' } });

/**
 * One scenario per mutating row. Each makes one fresh person (a second only where the key-reused
 * case needs another thing the first call could have touched) and reads the state with the
 * fewest calls.
 */
const SCENARIOS: ScenarioTable = {
  apply: {
    effect: 'binds once (no ALREADY_BOUND)',
    async arrange(w) {
      const person = await w.person();
      let second: Person | undefined;
      return {
        person,
        input: applicationOf(person, await w.proof(person)),
        async other() {
          second = await w.person();
          return applicationOf(second, await w.proof(second));
        },
        async once(first) {
          expect(await w.client(w.a).getCard({ signNo: first.signNo })).toEqual(first);
          // The refused application bound nobody: its person still applies in this channel.
          if (second) await w.apply(second, w.a);
        },
      };
    },
    // A later channel checks the shared password (R8): bound elsewhere, a wrong one is refused.
    async beforeSecrets(w, { person }) {
      await w.apply(person, w.b);
    },
  },
  unbind: {
    effect: 'unbinds once',
    async arrange(w) {
      const { person, signNo, client } = await holderIn(w);
      return {
        person,
        input: { signNo, verification },
        other: async () => ({ signNo, verification: { realPerson: await w.proof(person) } }),
        async once(first) {
          expect(first).toBeUndefined();
          await w.refused(client.getCard({ signNo }), 'NOT_BOUND');
        },
      };
    },
  },
  changePassword: {
    effect: 'changes the password once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      return {
        person,
        input: { signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD },
        // Applied after the first, it would change the new password again.
        other: async () => ({ signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD }),
        async once() {
          await passwordWorks(w, signNo, NEW_PASSWORD);
        },
      };
    },
    wrong: {
      newPassword: ({ person }) => ({ value: lastSix(person.idNumber), code: 'WEAK_PASSWORD' }),
    },
  },
  resetPassword: {
    effect: 'resets the password once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      return {
        person,
        input: { signNo, realPerson: await w.proof(person), newPassword: NEW_PASSWORD },
        other: async () => ({
          signNo,
          realPerson: await w.proof(person),
          newPassword: OTHER_PASSWORD,
        }),
        async once() {
          await passwordWorks(w, signNo, NEW_PASSWORD);
        },
      };
    },
    // The password the holder has: the row's own refusal, PASSWORD_REUSED.
    wrong: { newPassword: () => ({ value: PASSWORD, code: 'PASSWORD_REUSED' }) },
  },
  enablePayment: {
    effect: 'spends its real-person proof once',
    async arrange(w) {
      const person = await w.person({ bankAccountActive: true });
      const { signNo } = await w.apply(person, w.a);
      return {
        person,
        // A proof, so that a second run would be REAL_PERSON_FAILED rather than the same card.
        input: { signNo, verification: { realPerson: await w.proof(person) } },
        other: async () => ({ signNo, verification }),
        async once(first) {
          expect(first.level).toBe(2);
          expect(await w.client(w.a).getCard({ signNo })).toEqual(first);
        },
      };
    },
  },
  issueQr: {
    effect: 'answers the same code text',
    async arrange(w) {
      const { person, signNo } = await levelTwo(w);
      return {
        person,
        input: { signNo, purpose: 'payment', verification },
        other: async () => ({ signNo, purpose: 'identity' }),
        async once(first) {
          expect(first.purpose).toBe('payment');
        },
      };
    },
  },
  scanLogin: {
    effect: 'scans the session once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      const session = await w.portal.createLoginSession();
      let second: string | undefined;
      return {
        person,
        input: { signNo, qrText: session.qrText },
        async other() {
          const another = await w.portal.createLoginSession();
          second = another.sessionId;
          return { signNo, qrText: another.qrText };
        },
        async once(first) {
          expect(first.portal.id).toBe(w.target.portal.id);
          expect(await sessionState(w, session.sessionId)).toBe('scanned');
          if (second) expect(await sessionState(w, second)).toBe('pending');
        },
      };
    },
  },
  confirmLogin: {
    effect: 'confirms once',
    async arrange(w) {
      const { person, signNo, client, session, requestId } = await scanned(w);
      let second: string | undefined;
      return {
        person,
        input: { signNo, requestId, verification },
        async other() {
          const another = await w.portal.createLoginSession();
          second = another.sessionId;
          const request = await client.scanLogin({ signNo, qrText: another.qrText });
          return { signNo, requestId: request.requestId, verification };
        },
        async once(first) {
          expect(first).toBeUndefined();
          expect(await sessionState(w, session.sessionId)).toBe('confirmed');
          if (second) expect(await sessionState(w, second)).toBe('scanned');
        },
      };
    },
  },
  rejectLogin: {
    effect: 'rejects once',
    async arrange(w) {
      const { person, signNo, client, session, requestId } = await scanned(w);
      let second: string | undefined;
      return {
        person,
        input: { signNo, requestId },
        async other() {
          const another = await w.portal.createLoginSession();
          second = another.sessionId;
          const request = await client.scanLogin({ signNo, qrText: another.qrText });
          return { signNo, requestId: request.requestId };
        },
        async once(first) {
          expect(first).toBeUndefined();
          expect(await sessionState(w, session.sessionId)).toBe('rejected');
          if (second) expect(await sessionState(w, second)).toBe('scanned');
        },
      };
    },
  },
  payBill: {
    effect: 'takes the money once',
    async arrange(w, context) {
      const balances = requireMerchants(w, context);
      const addBill = requireBills(w, context);
      const { person, signNo } = await levelTwo(w, 10_000);
      const { idNumber } = person;
      const billId = await addBill({ idNumber, kind: 'exam', title: '会计考试', amount: 5_600 });
      return {
        person,
        input: { signNo, billId, verification },
        async other() {
          const another = await addBill({ idNumber, kind: 'training', title: '培训', amount: 900 });
          return { signNo, billId: another, verification };
        },
        async once(first) {
          expect(first).toMatchObject({ billId, status: 'paid', amount: 5_600 });
          expect((await balances(idNumber)).bank).toBe(10_000 - 5_600);
        },
      };
    },
  },
  payOrder: {
    effect: 'takes the money once',
    async arrange(w, context) {
      const balances = requireMerchants(w, context);
      const { person, signNo } = await levelTwo(w, 10_000);
      const { requestId } = await orderScanned(w, signNo, 2_000);
      let second: string | undefined;
      return {
        person,
        input: { signNo, requestId, verification },
        async other() {
          const another = await orderScanned(w, signNo, 300);
          second = another.orderId;
          return { signNo, requestId: another.requestId, verification };
        },
        async once(first) {
          expect(first).toMatchObject({ amount: 2_000, status: 'succeeded' });
          expect((await balances(person.idNumber)).bank).toBe(8_000);
          if (second) {
            const shop = w.terminal(w.target.merchants?.shop);
            await w.refused(shop.getPayment({ orderId: second }), 'PAYMENT_NOT_FOUND');
          }
        },
      };
    },
  },
  declineOrder: {
    effect: 'declines once',
    async arrange(w, context) {
      requireMerchants(w, context);
      const { person, signNo } = await levelTwo(w);
      const { requestId } = await orderScanned(w, signNo, 500);
      let second: string | undefined;
      return {
        person,
        input: { signNo, requestId },
        async other() {
          second = (await orderScanned(w, signNo, 600)).requestId;
          return { signNo, requestId: second };
        },
        async once(first) {
          expect(first).toBeUndefined();
          const client = w.client(w.a);
          await w.refused(
            client.payOrder({ signNo, requestId, verification }),
            'PAYMENT_NOT_FOUND',
          );
          // The other request, were it declined under the reused key, could not pay.
          if (second) await client.payOrder({ signNo, requestId: second, verification });
        },
      };
    },
  },
  query: {
    effect: 'answers the same records and spends its proof once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      const pension = {
        type: 'pension',
        status: 'contributing',
        regionCode: person.regionCode,
        since: '2013-09',
        months: 160,
      } as const;
      await w.admin.addRecord(person.idNumber, 'insurance', pension);
      const realPerson = await w.proof(person);
      return {
        person,
        // A proof, so that a second run would be REAL_PERSON_FAILED rather than the same records.
        input: { signNo, topic: 'insurance', verification: { realPerson } },
        other: async () => ({ signNo, topic: 'skill', verification: { realPerson } }),
        async once(first) {
          expect(first).toEqual({ topic: 'insurance', records: [pension] });
        },
      };
    },
  },
  submitApplication: {
    effect: 'creates one application',
    async arrange(w) {
      const { person, signNo, client } = await holderIn(w);
      return {
        person,
        input: { signNo, ...EMPLOYMENT, verification },
        other: async () => ({ signNo, ...TRANSFER, verification }),
        async once(first) {
          expect(first).toMatchObject({ service: EMPLOYMENT.service, status: 'submitted' });
          expect(await client.listApplications({ signNo })).toEqual([first]);
        },
      };
    },
  },
  withdrawApplication: {
    effect: 'withdraws once',
    async arrange(w) {
      const { person, signNo, client } = await holderIn(w);
      const { applicationId } = await client.submitApplication({
        signNo,
        ...EMPLOYMENT,
        verification,
      });
      let second: string | undefined;
      return {
        person,
        input: { signNo, applicationId, verification },
        async other() {
          second = (await client.submitApplication({ signNo, ...TRANSFER, verification }))
            .applicationId;
          return { signNo, applicationId: second, verification };
        },
        async once(first) {
          expect(first).toMatchObject({ applicationId, status: 'withdrawn' });
          const listed = await client.listApplications({ signNo });
          expect(listed.find((one) => one.applicationId === applicationId)).toEqual(first);
          // The other application, were it withdrawn under the reused key, would show it.
          if (second) {
            expect(listed.find((one) => one.applicationId === second)?.status).toBe('submitted');
          }
        },
      };
    },
  },
  addFamilyMember: {
    effect: 'adds one member',
    async arrange(w) {
      const { person, signNo, client } = await holderIn(w);
      const member = await w.person();
      const additionOf = async (who: Person): Promise<OperationInput<'addFamilyMember'>> => ({
        signNo,
        relation: 'other',
        name: who.name,
        idNumber: who.idNumber,
        verification,
        memberProof: await w.proof(who),
      });
      return {
        person,
        input: await additionOf(member),
        other: async () => additionOf(await w.person()),
        async once(first) {
          expect(first.relation).toBe('other');
          expect(await client.listFamilyMembers({ signNo })).toEqual([first]);
        },
      };
    },
  },
  removeFamilyMember: {
    effect: 'removes the member once',
    async arrange(w) {
      const holder = await holderIn(w);
      const { person, signNo, client } = holder;
      const { memberId } = await addMember(w, holder, await w.person(), 'other');
      let kept: Awaited<ReturnType<typeof addMember>> | undefined;
      return {
        person,
        input: { signNo, memberId, verification },
        async other() {
          kept = await addMember(w, holder, await w.person(), 'other');
          return { signNo, memberId: kept.memberId, verification };
        },
        async once(first) {
          expect(first).toBeUndefined();
          expect(await client.listFamilyMembers({ signNo })).toEqual(kept ? [kept] : []);
        },
      };
    },
  },
  certify: {
    effect: 'certifies once',
    async arrange(w) {
      const person = await pensioner(w);
      const { signNo } = await w.apply(person, w.a);
      return {
        person,
        input: { signNo, realPerson: await w.proof(person) },
        other: async () => ({ signNo, realPerson: await w.proof(person) }),
        async once(first) {
          expect(first.status).toBe('certified');
          expect(await w.client(w.a).getCertification({ signNo })).toEqual(first);
        },
      };
    },
  },
  launchHosted: {
    effect: 'launches one page (the same url and busiSeq)',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      const launch = (action: 'verify-password' | 'unbind') => ({
        action,
        channelUserId: person.channelUserId,
        signNo,
        returnUrl: 'https://channel.example.cn/hosted/return',
      });
      return {
        person,
        input: launch('verify-password'),
        other: async () => launch('unbind'),
        async once(first) {
          expect(first.url).toMatch(/\/hosted\/verify-password\?launch=[A-Za-z0-9_-]{22,}$/);
        },
      };
    },
  },
  reportLoss: {
    effect: 'reports the loss once (a second report of a lost card would be CARD_INACTIVE)',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      return {
        person,
        input: { signNo, verification },
        other: async () => ({ signNo, verification: { realPerson: await w.proof(person) } }),
        async once(first) {
          expect(first).toMatchObject({ status: 'lost', lossReportedBy: 'holder' });
          expect(await w.client(w.a).getCard({ signNo })).toEqual(first);
        },
      };
    },
  },
  withdrawLossReport: {
    effect:
      'withdraws the loss once (a second withdrawal of a normal card would be LOSS_NOT_WITHDRAWABLE)',
    async arrange(w) {
      const { person, signNo, client } = await holderIn(w);
      await client.reportLoss({ signNo, verification });
      return {
        person,
        input: { signNo, realPerson: await w.proof(person) },
        other: async () => ({ signNo, realPerson: await w.proof(person) }),
        async once(first) {
          expect(first.status).toBe('active');
          expect(first.lossReportedBy).toBeUndefined();
          expect(await client.getCard({ signNo })).toEqual(first);
        },
      };
    },
  },
  provisionOfflineCredential: {
    effect: 'certifies the device key once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      return {
        person,
        input: { signNo, verification, publicKey: await devicePublicKey(w) },
        other: async () => ({ signNo, verification, publicKey: await devicePublicKey(w) }),
        async once(first) {
          expect(first.purposes).toEqual(['identity']);
          expect(Number.isInteger(first.statusIndex)).toBe(true);
        },
      };
    },
  },
  revokeOfflineCredentials: {
    effect: 'revokes once',
    async arrange(w) {
      const { person, signNo } = await holderIn(w);
      return {
        person,
        input: { signNo, verification },
        other: async () => ({ signNo, verification: { realPerson: await w.proof(person) } }),
        async once(first) {
          expect(first).toBeUndefined();
        },
      };
    },
  },
};

/** "a" or "an" before an operation's name, as the titles read. */
const a = (operation: string) =>
  /^[aeiou]/i.test(operation) ? `an ${operation}` : `a ${operation}`;

/** Sends an operation on a fresh adapter of channel A, as it is: no client in front of it. */
function adapterSender<O extends PlatformOperation>(w: World, operation: O) {
  const adapter = w.target.adapter(w.a);
  const method = adapter[operation] as unknown as (
    input: OperationInput<O>,
    ctx: RequestContext,
  ) => Promise<OperationOutput<O>>;
  return (input: OperationInput<O>, idempotencyKey: string) =>
    method.call(adapter, input, { idempotencyKey });
}

/** The scenario of an operation, or a refusal to go on that names what to write. */
function scenarioOf<O extends PlatformOperation>(operation: O): Scenario<O> {
  const scenario = (SCENARIOS as { [K in PlatformOperation]?: Scenario<K> })[operation];
  if (!scenario) {
    throw new Error(
      `row-contract: the mutating row "${operation}" has no scenario; add one to SCENARIOS in src/testing/cases/row-contract.ts`,
    );
  }
  return scenario as Scenario<O>;
}

/** R20: the same call twice under one key answers the first outcome; applied once. */
function retried<O extends PlatformOperation>(operation: O): ConformanceCase {
  const effect = (SCENARIOS as { [K in PlatformOperation]?: Scenario<K> })[operation]?.effect;
  return conformanceCase(
    'R20',
    `${operation}-retried`,
    `a retried ${operation} under its idempotency key answers the first outcome and ${effect ?? 'changes the state once'}`,
    async (w, context) => {
      const scenario = scenarioOf(operation);
      const arranged = await scenario.arrange(w, context);
      const send = adapterSender(w, operation);
      const idempotencyKey = newIdempotencyKey();
      const first = await send(arranged.input, idempotencyKey);
      const again = await send(arranged.input, idempotencyKey);
      expect(again).toEqual(first);
      if (OPERATIONS[operation].output === 'nothing') expect(again).toBeUndefined();
      await arranged.once(first);
    },
  );
}

/** R20: a key reused with another input is refused, naming the key, and changes nothing. */
function keyReused<O extends PlatformOperation>(operation: O): ConformanceCase {
  return conformanceCase(
    'R20',
    `${operation}-key-reused`,
    `the idempotency key of ${a(operation)} sent again with another input is VALIDATION_FAILED naming idempotencyKey, and changes nothing`,
    async (w, context) => {
      const scenario = scenarioOf(operation);
      const arranged = await scenario.arrange(w, context);
      const send = adapterSender(w, operation);
      const idempotencyKey = newIdempotencyKey();
      const first = await send(arranged.input, idempotencyKey);
      const other = await arranged.other();
      expect(other).not.toEqual(arranged.input);
      const error = await w.refused(send(other, idempotencyKey), 'VALIDATION_FAILED');
      expect(error.details.issues.map((issue) => issue.path)).toContainEqual(['idempotencyKey']);
      await arranged.once(first);
    },
  );
}

/** The secret values an input carries, plain: what must never come back. */
function secretsIn(operation: PlatformOperation, input: unknown): string[] {
  const fields = input as Record<string, unknown>;
  return (OPERATIONS[operation].secrets ?? []).flatMap((field) => {
    const value = fields[field];
    if (typeof value === 'string') return [value];
    if (value && typeof value === 'object') {
      return Object.values(value).filter((v): v is string => typeof v === 'string');
    }
    return [];
  });
}

/** R18: wrong secrets are refused and never come back, in the refusal or an event. */
function secretsKept<O extends PlatformOperation>(operation: O): ConformanceCase {
  const fields = OPERATIONS[operation].secrets ?? [];
  return conformanceCase(
    'R18',
    `${operation}-secrets-kept`,
    `${a(operation)} with a wrong ${fields.join(' or ')} is refused, and neither the refusal (message, JSON) nor any client event holds a secret sent or the holder's password`,
    async (w, context) => {
      const scenario = scenarioOf(operation);
      const arranged = await scenario.arrange(w, context);
      await scenario.beforeSecrets?.(w, arranged);
      const client = w.client(w.a);
      // The client builds its request/response events only for a listener: have them made.
      const noop = () => undefined;
      client.on('request', noop);
      client.on('response', noop);
      let strangerProof: string | undefined;
      const stranger = async () => {
        strangerProof ??= await w.proof(await w.person());
        return strangerProof;
      };
      const send = (client as unknown as Record<string, (input: unknown) => Promise<unknown>>)[
        operation
      ]!;
      const sent = new Set([PASSWORD]);
      const leaks: { field: string; secret: string; in: string }[] = [];
      for (const field of fields) {
        for (const wrong of await wrongValues(scenario, arranged, field, stranger)) {
          const input = { ...arranged.input, [field]: wrong.value };
          const error = await w.refused(send.call(client, input), wrong.code);
          const secrets = secretsIn(operation, input);
          for (const secret of secrets) sent.add(secret);
          for (const secret of [...secrets, PASSWORD]) {
            if (error.message.includes(secret)) leaks.push({ field, secret, in: 'message' });
            if (JSON.stringify(error).includes(secret)) leaks.push({ field, secret, in: 'JSON' });
          }
        }
      }
      const events = JSON.stringify(w.events);
      for (const secret of sent) {
        if (events.includes(secret)) leaks.push({ field: '*', secret, in: 'events' });
      }
      expect(leaks).toEqual([]);
    },
  );
}

/** R18: the wrong values of one secret field, from the scenario or the defaults. */
async function wrongValues<O extends PlatformOperation>(
  scenario: Scenario<O>,
  arranged: Arranged<O>,
  field: SecretField,
  stranger: () => Promise<string>,
): Promise<WrongSecret[]> {
  const own = scenario.wrong?.[field];
  if (own) return [own(arranged)];
  switch (field) {
    case 'password':
    case 'oldPassword':
      return [{ value: WRONG_PASSWORD, code: 'PASSWORD_INCORRECT' }];
    case 'realPerson':
    case 'memberProof':
      return [{ value: await stranger(), code: 'REAL_PERSON_FAILED' }];
    case 'verification':
      return [
        { value: { password: WRONG_PASSWORD }, code: 'PASSWORD_INCORRECT' },
        { value: { realPerson: await stranger() }, code: 'REAL_PERSON_FAILED' },
      ];
    default:
      throw new Error(
        `row-contract: no wrong value for ${field}; give the scenario of this row a wrong.${field}`,
      );
  }
}

/** The cases, generated from the table in its order: R20 per mutating row, R18 per secret row. */
function generated(): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const operation of PLATFORM_OPERATIONS) {
    const row = OPERATIONS[operation];
    if (row.mutating) cases.push(retried(operation), keyReused(operation));
    if (row.secrets?.length) cases.push(secretsKept(operation));
  }
  return cases;
}

export const rowContract: CaseGroup = {
  title: 'every row keeps its contract: retried once (R20), secrets kept (R18)',
  cases: generated(),
};
