/**
 * The fast-check side of the model run: an arbitrary per step kind, and one command class
 * that predicts with the model, performs on the real platform, and compares both the outcome
 * and everything observable. Shrinking then reduces a failing sequence to its few steps.
 */
import fc from 'fast-check';
import {
  type BillKind,
  CHANNELS,
  type ChargeItem,
  type Flaws,
  MAX_FEN,
  MERCHANTS,
  Model,
  type PasswordChoice,
  type ProofChoice,
  type Secret,
  type Step,
  type Target,
} from './model.js';
import { FamilyRace, LookupRace, RefundRace } from './races.js';
import { Real, START_MS, type Suite } from './real.js';
import { DisbursementRace, OrderRace } from './seed-races.js';
import { sync } from './sync.js';

// 张三 (who can pay) most, 李四 often, 王五 (city not enabled) now and then.
const person = fc.constantFrom(0, 0, 0, 1, 1, 2);
const channel = fc.nat({ max: CHANNELS.length - 1 });
// Mostly the newest e-card; the previous one matters after a replacement (R14).
// Three times in four, a binding that exists (so flows get past NOT_BOUND).
const target: fc.Arbitrary<Target> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      person,
      gen: fc.constantFrom<Target['gen']>('latest', 'latest', 'latest', 'previous'),
      channel,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      person,
      gen: fc.constant<Target['gen']>('latest'),
      channel,
      bound: fc.nat({ max: 11 }),
    }),
  },
);
// Three strong passwords (the first is the one most runs set), a generic weak one, the birth date.
const password = fc.constantFrom<PasswordChoice>(0, 0, 0, 1, 2, 'weak', 'birth');
const newPassword = fc.constantFrom<PasswordChoice>(0, 1, 1, 2, 2, 'weak', 'birth');
const proof = fc.constantFrom<ProofChoice>('fresh', 'fresh', 'other', 'replay');
// Applying mostly with what a real user brings, so sequences reach bound states.
const applyProof = fc.constantFrom<ProofChoice>(
  'fresh',
  'fresh',
  'fresh',
  'fresh',
  'other',
  'replay',
);
const secret: fc.Arbitrary<Secret> = fc.oneof(
  { arbitrary: fc.record({ password }), weight: 3 },
  { arbitrary: fc.record({ realPerson: proof }), weight: 1 },
);
const session = fc.nat({ max: 7 });
const kind = <K extends GenStep['kind']>(k: K) => fc.constant(k);

// ─── money ───
const merchant = fc.nat({ max: MERCHANTS.length - 1 });
// A few order and refund ids, so retries, conflicts and other merchants' ids meet.
const orderId = fc.constantFrom('O-1', 'O-2', 'O-3', 'O-4');
const refundId = fc.constantFrom('R-1', 'R-2', 'R-3');
// Mostly what the banks can pay; now and then past them, and the R22 edges.
const amount = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 80_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 333, 36_500, 250_000, MAX_FEN, MAX_FEN + 1) },
);
/** How a charge's items cover it; `bad` items do not sum to the amount (VALIDATION_FAILED). */
type ItemShape = 'none' | 'covered' | 'self' | 'mixed' | 'bad';
const itemShape = fc.constantFrom<ItemShape>(
  'none',
  'none',
  'covered',
  'self',
  'mixed',
  'mixed',
  'mixed',
  'bad',
);
const refundAmount = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3_000 }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 80_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, MAX_FEN + 1) },
);
const billKind = fc.constantFrom<BillKind>('insurance', 'exam', 'training');
const billAmount = fc.constantFrom(1, 5_600, 30_000, 200_000);
// Months of the father's pension, around a clock that starts in 2026-03 (China time,
// START_MS): a run names the clock's month or one of the 12 before it, so 2025-01 is refused
// (VALIDATION_FAILED), 2025-03 is the oldest month arrears reach, and 2026-04 is refused until
// the clock reaches it.
const month = fc.constantFrom(
  '2025-01',
  '2025-03',
  '2025-12',
  '2026-01',
  '2026-02',
  '2026-03',
  '2026-03',
  '2026-04',
);

/** The lines of a charge of `amount`, shaped as asked (`seed` splits a mixed one). */
export function itemsOf(amount: number, shape: ItemShape, seed: number): ChargeItem[] | undefined {
  const line = (amount: number, coverage: 'covered' | 'self'): ChargeItem =>
    coverage === 'covered'
      ? { code: 'D-1', name: '药品', amount, coverage }
      : { code: 'F-1', name: '挂号费', amount, coverage };
  switch (shape) {
    case 'none':
      return undefined;
    case 'covered':
    case 'self':
      return [line(amount, shape)];
    case 'mixed': {
      if (amount < 2) return [line(amount, 'covered')];
      const covered = 1 + (seed % (amount - 1));
      return [line(covered, 'covered'), line(amount - covered, 'self')];
    }
    case 'bad':
      return [line(amount, 'covered'), line(1, 'self')];
  }
}

/**
 * What the generator makes: a step, or one whose references are relative to what exists when
 * it runs (the k-th newest code, a bill, an earlier charge to send again); `concretize` turns
 * it into a step with the model's state, the same for both sides.
 */
export type GenStep =
  | Step
  | {
      kind: 'chargeNewest';
      qrBack: number;
      merchant: number;
      orderId: string;
      amount: number;
      shape: ItemShape;
      seed: number;
    }
  | { kind: 'retryCharge'; attempt: number }
  | { kind: 'payBillOf'; target: Target; bill: number | 'unknown'; secret: Secret }
  /** What a holder does: a payment code, or a bill paid, in a channel that can, with the right password. */
  | { kind: 'holderIssues'; person: number; purpose: 'identity' | 'payment' }
  | { kind: 'holderPaysBill'; person: number; bill: number }
  /** A holder unbinds one channel with the right password (codes it showed stop paying, §6.0). */
  | { kind: 'holderUnbinds'; person: number; channel: number }
  /** A holder shows a fresh payment code and the merchant charges it: two steps. */
  | {
      kind: 'holderPays';
      person: number;
      merchant: number;
      orderId: string;
      amount: number;
      shape: ItemShape;
      seed: number;
    }
  /** A refund of the k-th newest payment (its merchant and order id). */
  | { kind: 'refundPaid'; paymentBack: number; refundId: string; amount?: number }
  /** A merchant shows an order code, the holder scans it, then pays, declines or walks away (R45). */
  | {
      kind: 'holderPaysOrder';
      person: number;
      merchant: number;
      orderId: string;
      amount: number;
      shape: ItemShape;
      seed: number;
      outcome: 'pay' | 'decline' | 'leave';
    };

/** A binding the holder would use (one that can pay if any), and their password now. */
function asHolder(model: Model, person: number): { target: Target; secret: Secret } {
  const r = model.payableBinding(person) ?? model.activeBinding(person);
  if (!r) return { target: { person, gen: 'latest', channel: 0 }, secret: { password: 0 } };
  return {
    target: { person, gen: 'latest', channel: r.channel },
    secret: { password: model.passwordChoice(person, r.ecard!) },
  };
}

export function concretize(model: Model, g: GenStep): Step | undefined {
  switch (g.kind) {
    case 'holderPays':
      return { kind: 'issueQr', purpose: 'payment', ...asHolder(model, g.person) };
    case 'holderPaysOrder': {
      const items = itemsOf(g.amount, g.shape, g.seed);
      return {
        kind: 'createOrderCode',
        merchant: g.merchant,
        orderId: g.orderId,
        amount: g.amount,
        ...(items ? { items } : {}),
      };
    }
    case 'refundPaid': {
      const { payments } = model;
      if (payments.length === 0) return undefined;
      const paid = payments[payments.length - 1 - (g.paymentBack % payments.length)]!;
      return {
        kind: 'refund',
        merchant: paid.merchant,
        orderId: paid.orderId,
        refundId: g.refundId,
        ...(g.amount === undefined ? {} : { amount: g.amount }),
      };
    }
    case 'chargeNewest': {
      const qr = model.qrIndex(g.qrBack);
      if (qr === undefined) return undefined;
      const items = itemsOf(g.amount, g.shape, g.seed);
      return {
        kind: 'charge',
        qr,
        merchant: g.merchant,
        orderId: g.orderId,
        amount: g.amount,
        ...(items ? { items } : {}),
      };
    }
    case 'retryCharge': {
      // R24: the very same request again (its code spent or not).
      if (model.attempts.length === 0) return undefined;
      const again =
        model.attempts[model.attempts.length - 1 - (g.attempt % model.attempts.length)]!;
      return { kind: 'charge', ...again };
    }
    case 'payBillOf': {
      const bill =
        g.bill === 'unknown' || model.bills.length === 0 ? -1 : g.bill % model.bills.length;
      return { kind: 'payBill', target: g.target, bill, secret: g.secret };
    }
    case 'holderIssues':
      return { kind: 'issueQr', purpose: g.purpose, ...asHolder(model, g.person) };
    case 'holderUnbinds': {
      const ecard = model.ecardIndex(g.person, 'latest');
      const password = ecard === undefined ? 0 : model.passwordChoice(g.person, ecard);
      return {
        kind: 'unbind',
        target: { person: g.person, gen: 'latest', channel: g.channel },
        secret: { password },
      };
    }
    case 'holderPaysBill': {
      // Mostly one of the holder's own bills.
      const own = model.bills.flatMap((b, i) => (b.person === g.person ? [i] : []));
      const bill = own.length === 0 ? -1 : own[g.bill % own.length]!;
      return { kind: 'payBill', bill, ...asHolder(model, g.person) };
    }
    default:
      return g;
  }
}

/**
 * A world where the money steps can start at once: 张三 bound in both channels at level 2
 * (password choice 0), 李四's bank account activated and him bound in alipay at level 2
 * (password choice 1). Run through the model like any step.
 */
export const PREPARE: Step[] = [
  { kind: 'apply', person: 0, channel: 0, nameOk: true, proof: 'fresh', password: 0 },
  { kind: 'apply', person: 0, channel: 1, nameOk: true, proof: 'fresh', password: 0 },
  {
    kind: 'enablePayment',
    target: { person: 0, gen: 'latest', channel: 0 },
    secret: { password: 0 },
  },
  { kind: 'setBankAccountActive', person: 1, active: true },
  { kind: 'apply', person: 1, channel: 1, nameOk: true, proof: 'fresh', password: 1 },
  {
    kind: 'enablePayment',
    target: { person: 1, gen: 'latest', channel: 1 },
    secret: { password: 1 },
  },
];

/** Every step kind, with a weight: applying and verifying often, admin changes now and then. */
const STEPS: { arbitrary: fc.Arbitrary<GenStep>; weight: number }[] = [
  {
    weight: 8,
    arbitrary: fc.record({
      kind: kind('apply'),
      person,
      channel,
      nameOk: fc.constantFrom(true, true, true, true, true, false),
      proof: applyProof,
      password,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('getCard'), target }) },
  { weight: 3, arbitrary: fc.record({ kind: kind('unbind'), target, secret }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: kind('changePassword'),
      target,
      oldPassword: password,
      newPassword,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: kind('resetPassword'), target, proof, newPassword }),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('enablePayment'), target, secret }) },
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: kind('issueQr'),
        target,
        purpose: fc.constantFrom<'identity' | 'payment'>('identity', 'payment', 'payment'),
        secret,
      },
      { requiredKeys: ['kind', 'target', 'purpose'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('verifyQr'), qr: fc.nat({ max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('openSession') }) },
  { weight: 2, arbitrary: fc.record({ kind: kind('scanLogin'), target, session }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: kind('confirmLogin'),
      asScanner: fc.constantFrom(true, true, false),
      target,
      session,
      secret,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: kind('rejectLogin'),
      asScanner: fc.constantFrom(true, true, false),
      target,
      session,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: kind('setCardStatus'),
      person,
      status: fc.constantFrom('normal', 'normal', 'sealed', 'lost', 'locked', 'cancelled'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('replaceCard'), person }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('setBankAccountActive'), person, active: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('advance') }) },
  // ─── payments, bills, family ───
  {
    weight: 3,
    arbitrary: fc.record({
      kind: kind('holderIssues'),
      person: fc.constantFrom(0, 0, 1),
      purpose: fc.constantFrom<'identity' | 'payment'>('payment', 'payment', 'payment', 'identity'),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: kind('holderPaysBill'),
      person: fc.constantFrom(0, 0, 1),
      bill: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: kind('chargeNewest'),
      qrBack: fc.constantFrom(0, 0, 0, 0, 1, 2, 5),
      merchant,
      orderId,
      amount,
      shape: itemShape,
      seed: fc.nat(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: kind('holderUnbinds'), person: fc.constantFrom(0, 1), channel }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: kind('holderPays'),
      person: fc.constantFrom(0, 0, 1),
      merchant,
      orderId,
      amount,
      shape: itemShape,
      seed: fc.nat(),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({ paymentBack: fc.nat({ max: 3 }), refundId, amount: refundAmount }).map(
      ({ amount, ...rest }): GenStep => ({
        kind: 'refundPaid',
        ...rest,
        ...(amount === undefined ? {} : { amount }),
      }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('retryCharge'), attempt: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('getPayment'), merchant, orderId }) },
  {
    weight: 2,
    arbitrary: fc.record({ merchant, orderId, refundId, amount: refundAmount }).map(
      ({ amount, ...rest }): GenStep => ({
        kind: 'refund',
        ...rest,
        ...(amount === undefined ? {} : { amount }),
      }),
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('query'), target, secret }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: kind('addBill'),
      person,
      billKind,
      amount: billAmount,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: kind('payBillOf'),
      target,
      bill: fc.oneof(
        { weight: 5, arbitrary: fc.nat({ max: 7 }) },
        { weight: 1, arbitrary: fc.constant<'unknown'>('unknown') },
      ),
      secret,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('addFather'), target, secret, fatherProof: proof }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('removeFather'), target, secret }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('certifyFather'), target, fatherProof: proof }) },
  // ─── order codes, benefit payments (R44, R45) ───
  {
    weight: 3,
    arbitrary: fc.record({
      kind: kind('holderPaysOrder'),
      person: fc.constantFrom(0, 0, 1),
      merchant,
      orderId,
      amount,
      shape: itemShape,
      seed: fc.nat(),
      outcome: fc.constantFrom<'pay' | 'decline' | 'leave'>(
        'pay',
        'pay',
        'pay',
        'decline',
        'leave',
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('scanOrder'), target, code: fc.nat({ max: 5 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('payOrder'), target, request: fc.nat({ max: 5 }), secret }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('declineOrder'), target, request: fc.nat({ max: 5 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('runDisbursement'), month }) },
];

/** One step as a fast-check command. */
class StepCommand implements fc.AsyncCommand<Model, Real, false> {
  constructor(readonly step: GenStep) {}

  check(model: Readonly<Model>): boolean {
    const s = this.step;
    if (s.kind === 'verifyQr') return model.qrs.length > 0;
    if (s.kind === 'refundPaid') return model.payments.length > 0;
    if (s.kind === 'holderPaysBill') return model.bills.some((b) => b.person === s.person);
    if (s.kind === 'chargeNewest') return model.qrs.length > 0;
    if (s.kind === 'scanOrder') return model.seed.codes.length > 0;
    if (s.kind === 'retryCharge') return model.attempts.length > 0;
    if (s.kind === 'scanLogin' || s.kind === 'confirmLogin' || s.kind === 'rejectLogin') {
      return model.sessions.length > 0;
    }
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    const step = concretize(model, this.step)!;
    const first = await sync(model, real, step, this.toString());
    const g = this.step;
    if (g.kind === 'holderPays' && first.ok) {
      // The code just shown, charged at once.
      await sync(
        model,
        real,
        concretize(model, { ...g, kind: 'chargeNewest', qrBack: 0 })!,
        `${this.toString()} (the charge)`,
      );
    }
    if (g.kind === 'holderPaysOrder' && first.ok) await this.scanAndPay(model, real, g);
    await real.observe(model);
  }

  /** The holder scans the order code just made, then pays it with the password or declines. */
  private async scanAndPay(
    model: Model,
    real: Real,
    g: Extract<GenStep, { kind: 'holderPaysOrder' }>,
  ): Promise<void> {
    const { target, secret } = asHolder(model, g.person);
    const code = model.seed.latestCode.get(`${g.merchant}|${g.orderId}`)!;
    const label = `${this.toString()} (the scan)`;
    const scanned = await sync(model, real, { kind: 'scanOrder', target, code }, label);
    if (!scanned.ok || g.outcome === 'leave') return;
    const request = model.seed.requests.length - 1;
    await sync(
      model,
      real,
      g.outcome === 'pay'
        ? { kind: 'payOrder', target, request, secret }
        : { kind: 'declineOrder', target, request },
      `${this.toString()} (${g.outcome})`,
    );
  }

  toString(): string {
    return JSON.stringify(this.step);
  }
}

const holder = fc.constantFrom(0, 1);
// Refunds that pass the terminal's checks (what is left, or a little): the race is the point.
const raceRefund = fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 2_000 }));
const verificationKind = fc.constantFrom<'password' | 'realPerson'>(
  'realPerson',
  'realPerson',
  'password',
);

export type RaceKind = 'refund-id' | 'lookup' | 'proof' | 'order' | 'disbursement';

/** The racing steps (§6.0 R18, R24, R25): several calls at once, then the invariants. */
const RACES: Record<RaceKind, fc.Arbitrary<fc.AsyncCommand<Model, Real, false>>> = {
  'refund-id': fc
    .record({
      person: holder,
      merchant,
      amounts: fc.tuple(raceRefund, raceRefund),
      bFirst: fc.boolean(),
    })
    .map((r) => new RefundRace(r.person, r.merchant, r.amounts, r.bFirst)),
  lookup: fc
    .record({
      person: holder,
      merchant,
      amount: fc.integer({ min: 1, max: 3_000 }),
      shape: itemShape,
      seed: fc.nat(),
    })
    .map((r) => new LookupRace(r.person, r.merchant, r.amount, itemsOf(r.amount, r.shape, r.seed))),
  proof: fc
    .record({
      phase: fc.constantFrom<'add' | 'certify'>('add', 'certify'),
      verifications: fc.tuple(verificationKind, verificationKind),
      bFirst: fc.boolean(),
    })
    .map((r) => new FamilyRace(r.phase, r.verifications, r.bFirst)),
  order: fc
    .record({
      person: holder,
      merchant,
      amount: fc.integer({ min: 1, max: 3_000 }),
      chargeSame: fc.boolean(),
      payTwice: fc.boolean(),
      chargeFirst: fc.boolean(),
      refund: fc.oneof(
        fc.constant<'none' | 'rest'>('none'),
        fc.constant<'rest'>('rest'),
        fc.integer({ min: 1, max: 3_000 }),
      ),
    })
    .map(
      (r) =>
        new OrderRace(
          r.person,
          r.merchant,
          r.amount,
          r.chargeSame,
          r.payTwice,
          r.chargeFirst,
          r.refund,
        ),
    ),
  disbursement: fc
    .record({
      month,
      runs: fc.constantFrom(2, 3),
      certify: fc.boolean(),
      certifyFirst: fc.boolean(),
    })
    .map((r) => new DisbursementRace(r.month, r.runs, r.certify, r.certifyFirst)),
};

/** Options of a model run. */
export interface RunOptions {
  flaws?: Flaws;
  suite?: Suite;
  /** Commands per sequence at most (30 by default; shorter shrinks faster). */
  maxCommands?: number;
  /** Add this kind of racing step, and start every run from the prepared world. */
  racing?: RaceKind;
}

/** Sequences of steps; `maxCommands` keeps each run short enough to shrink quickly. */
export function stepSequences(maxCommands = 30, racing?: RaceKind) {
  // fc.commands takes one arbitrary per command kind; the weights are repeated entries.
  const weighted = [
    ...STEPS.map(({ arbitrary, weight }) => ({
      weight,
      arbitrary: arbitrary.map(
        (step) => new StepCommand(step) as fc.AsyncCommand<Model, Real, false>,
      ),
    })),
    // Racing runs are mostly races (weight 40 of ~130), the other steps moving the world between.
    ...(racing ? [{ arbitrary: RACES[racing], weight: 40 }] : []),
  ].flatMap(({ arbitrary, weight }) => Array.from({ length: weight }, () => arbitrary));
  // size 'max': lengths spread up to maxCommands (the default size stays near ten).
  return fc.commands(weighted, { maxCommands, size: 'max' });
}

/**
 * The property: a fresh platform and model per run, every step agreeing. Three runs in four
 * (every racing run) start from the prepared world, so payments begin at once.
 */
export function modelProperty(options: RunOptions = {}) {
  const { flaws = {}, suite = 'jose', maxCommands, racing } = options;
  return fc.asyncProperty(
    racing ? fc.constant(true) : fc.constantFrom(true, true, true, false),
    // A racing run opens with a race of its kind, so every run races at least once.
    racing ? RACES[racing].map((race) => [race]) : fc.constant([]),
    stepSequences(maxCommands, racing),
    async (prepared, opening, commands) => {
      const real = await Real.create(suite);
      try {
        const model = new Model(START_MS, flaws);
        if (prepared) {
          for (const step of PREPARE) {
            await sync(model, real, step, `prepare ${JSON.stringify(step)}`);
          }
        }
        for (const race of opening) if (race.check(model)) await race.run(model, real);
        await fc.asyncModelRun(() => ({ model, real }), commands);
      } finally {
        real.close();
      }
    },
  );
}
