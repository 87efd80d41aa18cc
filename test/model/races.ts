/**
 * Racing steps of the model run (§6.0 R18, R24, R25): each starts several calls at once with
 * `Promise.allSettled`, then checks that what came back is what some serial order of the same
 * calls gives in the model (the successes first), plus the rule the race is about, and then
 * everything observable, money included.
 *
 * The races are made to happen, not hoped for, without a timer:
 * - A holder's call "in flight": a `client.query` with the password holds the holder's lock in
 *   the engine while the password hash is checked. Whether the lock is held is seen through the
 *   public admin API: `setCardStatus(cardNo, <its current status>)` changes nothing, and runs
 *   at once when no call of the holder is in flight (its promise is already settled), otherwise
 *   after it. The step yields to the event loop (`setImmediate`) until it sees the lock held,
 *   then sends the racing calls; a query that ends before it was seen is sent again.
 * - A lookup during a charge: `getPayment` is sent right after the charge starts, after each
 *   of the next microtasks, then once per event-loop turn until the charge settles.
 * - One proof, two holders: both calls are started in the same tick and run side by side.
 */
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { ChargeItem, Model, Outcome, Resolved, Secret, Step, Target } from './model.js';
import { PEOPLE } from './model.js';
import { Real } from './real.js';
import { sync } from './sync.js';

/** How often each race ran and how often it raced for real (read by model.test.ts). */
export const raceStats = {
  refund: 0,
  /** Refund races sent while the holder's lock was seen held. */
  refundHeld: 0,
  lookup: 0,
  /** Lookups sent while their charge was in flight. */
  lookupProbes: 0,
  familyAdd: 0,
  familyCertify: 0,
};

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
let tags = 0;
/** A fresh suffix for order and refund ids no generated step uses. */
const tag = () => (++tags).toString(36);

/** Whether a call of the person's is holding their lock in the engine (see the file comment). */
async function lockHeld(real: Real, person: number): Promise<boolean> {
  const { cardNo, status } = real.platform.currentCard(PEOPLE[person]!.idNumber);
  let done = false;
  void real.platform.setCardStatus(cardNo, status).then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return !done;
}

/**
 * Outcomes of calls that ran at once must be those of one serial order: the successes first
 * (in the order given), then the failures. Replays that order in the model and compares.
 */
export function replaySerially(
  model: Model,
  calls: { step: Step; resolved?: Resolved; actual: Outcome; label: string }[],
): void {
  const ordered = [...calls.filter((c) => c.actual.ok), ...calls.filter((c) => !c.actual.ok)];
  for (const call of ordered) {
    expect(call.actual, `${call.label} (serial replay)`).toEqual(
      model.predict(call.step, call.resolved),
    );
  }
}

const targetOf = (r: Resolved): Target => ({ person: r.person, gen: 'latest', channel: r.channel });

/**
 * §6.0 R25: the same refund id on two orders A and B of one merchant, sent at once while the
 * holder has a query in flight: at most one refund is made, the other is ORDER_CONFLICT, and
 * money is conserved.
 */
export class RefundRace implements fc.AsyncCommand<Model, Real, false> {
  constructor(
    readonly person: number,
    readonly merchant: number,
    readonly amounts: [number | undefined, number | undefined],
    readonly bFirst: boolean,
  ) {}

  check(model: Readonly<Model>): boolean {
    return (model as Model).payableBinding(this.person) !== undefined;
  }

  async run(model: Model, real: Real): Promise<void> {
    const r = model.payableBinding(this.person)!;
    const target = targetOf(r);
    const secret: Secret = { password: model.passwordChoice(r.person, r.ecard!) };
    const id = tag();
    const orders = [`RA-${id}`, `RB-${id}`];
    // Two small payments of the holder at this merchant, each with its own code.
    for (const orderId of orders) {
      const issued = await sync(model, real, {
        kind: 'issueQr',
        target,
        purpose: 'payment',
        secret,
      });
      if (!issued.ok) return real.observe(model);
      const charged = await sync(model, real, {
        kind: 'charge',
        qr: model.qrs.length - 1,
        merchant: this.merchant,
        orderId,
        amount: 2_000,
      });
      if (!charged.ok) return real.observe(model);
    }
    raceStats.refund += 1;
    const refundId = `RR-${id}`;
    const refunds: Step[] = orders.map((orderId, i) => ({
      kind: 'refund',
      merchant: this.merchant,
      orderId,
      refundId,
      ...(this.amounts[i] === undefined ? {} : { amount: this.amounts[i] }),
    }));
    if (this.bFirst) refunds.reverse();
    const query: Step = { kind: 'query', target, secret };
    // Hold the holder's lock with a query, then send both refunds at once.
    const queries: Promise<Outcome>[] = [];
    let sent: Promise<Outcome>[] | undefined;
    for (let attempt = 0; attempt < 5 && !sent; attempt++) {
      let settled = false;
      const inFlight = real.exec(query, r);
      queries.push(inFlight);
      void inFlight.finally(() => {
        settled = true;
      });
      while (!settled && !sent) {
        if (await lockHeld(real, r.person)) {
          raceStats.refundHeld += 1;
          sent = refunds.map((step) => real.exec(step, undefined));
        } else {
          await turn();
        }
      }
    }
    // Never seen held (the engine no longer locks there?): race the refunds anyway.
    sent ??= refunds.map((step) => real.exec(step, undefined));
    const [queried, got] = await Promise.all([Promise.all(queries), Promise.all(sent)]);
    for (const outcome of queried) {
      expect(outcome, 'the query in flight').toEqual(model.predict(query, r));
    }
    const label = `refund id ${refundId} on ${orders.join(' and ')} of ${this.merchant}`;
    expect(
      got.filter((o) => o.ok).length,
      `${label} sent at once: ${JSON.stringify(got)} — at most one refund (§6.0 R25)`,
    ).toBeLessThanOrEqual(1);
    replaySerially(
      model,
      refunds.map((step, i) => ({ step, actual: got[i]!, label })),
    );
    await real.observe(model);
  }

  toString(): string {
    return `RefundRace(${JSON.stringify([this.person, this.merchant, this.amounts, this.bFirst])})`;
  }
}

/**
 * §6.0 R24: `getPayment` while the charge of its order is in flight never answers
 * PAYMENT_NOT_FOUND for a charge that then succeeds: the payment, or the retryable
 * PAYMENT_PENDING.
 */
export class LookupRace implements fc.AsyncCommand<Model, Real, false> {
  constructor(
    readonly person: number,
    readonly merchant: number,
    readonly amount: number,
    readonly items: ChargeItem[] | undefined,
  ) {}

  check(model: Readonly<Model>): boolean {
    return (model as Model).payableBinding(this.person) !== undefined;
  }

  async run(model: Model, real: Real): Promise<void> {
    const r = model.payableBinding(this.person)!;
    const target = targetOf(r);
    const secret: Secret = { password: model.passwordChoice(r.person, r.ecard!) };
    const issued = await sync(model, real, { kind: 'issueQr', target, purpose: 'payment', secret });
    if (!issued.ok) return real.observe(model);
    const orderId = `LK-${tag()}`;
    const charge: Step = {
      kind: 'charge',
      qr: model.qrs.length - 1,
      merchant: this.merchant,
      orderId,
      amount: this.amount,
      ...(this.items ? { items: this.items } : {}),
    };
    raceStats.lookup += 1;
    const terminal = real.terminals[this.merchant]!;
    let settled = false;
    const charging = real.exec(charge, undefined);
    void charging.finally(() => {
      settled = true;
    });
    const lookup = () => {
      raceStats.lookupProbes += 1;
      return Real.outcome(
        terminal
          .getPayment({ orderId })
          .then(Real.paymentSeen)
          .catch((error) => {
            // PAYMENT_PENDING must say it is worth retrying.
            if (error?.code === 'PAYMENT_PENDING') expect(error.retryable).toBe(true);
            throw error;
          }),
      );
    };
    const lookups = [lookup()];
    for (let i = 0; i < 12 && !settled; i++) {
      await Promise.resolve();
      if (!settled) lookups.push(lookup());
    }
    for (let turns = 0; turns < 100_000 && !settled; turns++) {
      await turn();
      if (!settled) lookups.push(lookup());
    }
    const charged = await charging;
    const seen = await Promise.all(lookups);
    expect(charged, JSON.stringify(charge)).toEqual(model.predict(charge));
    const codes = seen.map((o) => (o.ok ? 'payment' : o.code));
    if (charged.ok) {
      expect(
        codes.filter((c) => c !== 'payment' && c !== 'PAYMENT_PENDING'),
        `getPayment(${orderId}) during its charge, which then succeeded: ${codes.join(', ')} (§6.0 R24)`,
      ).toEqual([]);
      for (const o of seen) if (o.ok) expect(o.value).toEqual(charged.value);
    } else {
      expect(
        codes.filter((c) => c !== 'PAYMENT_NOT_FOUND' && c !== 'PAYMENT_PENDING'),
        `getPayment(${orderId}) during its charge, which then failed: ${codes.join(', ')}`,
      ).toEqual([]);
    }
    await real.observe(model);
  }

  toString(): string {
    return `LookupRace(${JSON.stringify([this.person, this.merchant, this.amount, this.items ?? null])})`;
  }
}

/**
 * §6.0 R18: one real-person proof of the father, sent by two holders (张三 and 李四, each in
 * their own channel when they can) at once: `add`, both add him as a parent (R31, his proof as
 * `memberProof`); `certify`, both certify him as their member (R33). At most one call spends
 * the proof; the other is REAL_PERSON_FAILED.
 */
export class FamilyRace implements fc.AsyncCommand<Model, Real, false> {
  constructor(
    readonly phase: 'add' | 'certify',
    readonly verifications: ['password' | 'realPerson', 'password' | 'realPerson'],
    readonly bFirst: boolean,
  ) {}

  check(model: Readonly<Model>): boolean {
    const m = model as Model;
    return m.activeBinding(0) !== undefined && m.activeBinding(1) !== undefined;
  }

  /** Each holder in their own channel when they can (channel i for holder i). */
  private holders(model: Model): Resolved[] {
    return [0, 1].map((person) => {
      const r = model.activeBinding(person)!;
      const e = model.people[person]!.ecards[r.ecard!]!;
      return e.bound.has(person) ? { ...r, channel: person } : r;
    });
  }

  /** The holders' verifications; a real-person one is a proof made for this call. */
  private secrets(model: Model, real: Real, holders: Resolved[]): Secret[] {
    return holders.map((h, i) => {
      if (this.verifications[i] === 'password') {
        return { password: model.passwordChoice(h.person, h.ecard!) };
      }
      model.mintOwn(h.person);
      real.proof(h.person, 'fresh');
      return { realPerson: 'replay' };
    });
  }

  /** Starts the calls in one tick, checks at most one success, replays them in the model. */
  private async race(model: Model, real: Real, calls: { step: Step; r: Resolved }[], rule: string) {
    if (this.bFirst) calls.reverse();
    const got = await Promise.all(calls.map((c) => real.exec(c.step, c.r)));
    const label = `${rule}: ${JSON.stringify(got)}`;
    expect(
      got.filter((o) => o.ok).length,
      `${label} — at most one spends the proof (§6.0 R18)`,
    ).toBeLessThanOrEqual(1);
    replaySerially(
      model,
      calls.map((c, i) => ({ step: c.step, resolved: c.r, actual: got[i]!, label })),
    );
    return got;
  }

  async run(model: Model, real: Real): Promise<void> {
    let holders = this.holders(model);
    if (this.phase === 'add') {
      // Start with the father in neither family (each removal with the holder's password).
      for (const h of holders) {
        if (!model.father.memberOf.has(h.person)) continue;
        const secret: Secret = { password: model.passwordChoice(h.person, h.ecard!) };
        await sync(model, real, { kind: 'removeFather', target: targetOf(h), secret });
      }
      holders = this.holders(model);
      raceStats.familyAdd += 1;
      const secrets = this.secrets(model, real, holders);
      model.mintFather('fresh');
      real.fatherProof('fresh');
      await this.race(
        model,
        real,
        holders.map((h, i) => ({
          step: {
            kind: 'addFather',
            target: targetOf(h),
            secret: secrets[i]!,
            fatherProof: 'replay',
          },
          r: h,
        })),
        'two holders add the father with one proof',
      );
      return real.observe(model);
    }
    // He is in both families (each added with a proof of his own), then both certify him.
    for (const h of holders) {
      if (model.father.memberOf.has(h.person)) continue;
      const secret: Secret = { password: model.passwordChoice(h.person, h.ecard!) };
      const added = await sync(model, real, {
        kind: 'addFather',
        target: targetOf(h),
        secret,
        fatherProof: 'fresh',
      });
      if (!added.ok) return real.observe(model);
    }
    raceStats.familyCertify += 1;
    model.mintFather('fresh');
    real.fatherProof('fresh');
    await this.race(
      model,
      real,
      holders.map((h) => ({
        step: { kind: 'certifyFather', target: targetOf(h), fatherProof: 'replay' },
        r: h,
      })),
      'two children certify their father with one proof',
    );
    await real.observe(model);
  }

  toString(): string {
    return `FamilyRace(${JSON.stringify([this.phase, this.verifications, this.bFirst])})`;
  }
}
