/**
 * Racing steps of R44 and R45 (see ./races.ts for how races are checked):
 * - An order code paid (once or twice at once) while the merchant charges the same order id by
 *   payment code: at most one payment, the money taken once, the outcomes those of one serial
 *   order; then a refund of it (R25) and money checked as after every step.
 * - Disbursement runs of one month at once, with the father's certification among them: the
 *   outcomes those of one serial order, no month paid twice, the father's bank his opening
 *   balance plus exactly the months paid.
 */
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { Model, Outcome, Resolved, Step, Target } from './model.js';
import { replaySerially } from './races.js';
import type { Real } from './real.js';
import { sync } from './sync.js';

/** How often each race ran (read by racing.test.ts). */
export const seedRaceStats = { order: 0, disbursement: 0 };

let tags = 0;
const tag = () => `s${(++tags).toString(36)}`;
const targetOf = (r: Resolved): Target => ({ person: r.person, gen: 'latest', channel: r.channel });

/** §6.4 R45 with R24: payOrder racing a charge of the same order id; a refund after. */
export class OrderRace implements fc.AsyncCommand<Model, Real, false> {
  constructor(
    readonly person: number,
    readonly merchant: number,
    readonly amount: number,
    readonly chargeSame: boolean,
    readonly payTwice: boolean,
    readonly chargeFirst: boolean,
    readonly refund: 'none' | 'rest' | number,
  ) {}

  check(model: Readonly<Model>): boolean {
    return (model as Model).payableBinding(this.person) !== undefined;
  }

  async run(model: Model, real: Real): Promise<void> {
    const r = model.payableBinding(this.person)!;
    const target = targetOf(r);
    const secret = { password: model.passwordChoice(r.person, r.ecard!) };
    const orderId = `OC-${tag()}`;
    const steps: Step[] = [
      { kind: 'createOrderCode', merchant: this.merchant, orderId, amount: this.amount },
    ];
    for (const step of steps) if (!(await sync(model, real, step)).ok) return real.observe(model);
    const code = model.seed.latestCode.get(`${this.merchant}|${orderId}`)!;
    if (!(await sync(model, real, { kind: 'scanOrder', target, code })).ok) {
      return real.observe(model);
    }
    const request = model.seed.requests.length - 1;
    const issued = await sync(model, real, { kind: 'issueQr', target, purpose: 'payment', secret });
    if (!issued.ok) return real.observe(model);
    const pay: Step = { kind: 'payOrder', target, request, secret };
    const charge: Step = {
      kind: 'charge',
      qr: model.qrs.length - 1,
      merchant: this.merchant,
      orderId,
      amount: this.chargeSame ? this.amount : this.amount + 1,
    };
    const calls: { step: Step; resolved?: Resolved }[] = [
      { step: pay, resolved: r },
      ...(this.payTwice ? [{ step: pay, resolved: r }] : []),
    ];
    if (this.chargeFirst) calls.unshift({ step: charge });
    else calls.push({ step: charge });
    seedRaceStats.order += 1;
    const got: Outcome[] = await Promise.all(calls.map((c) => real.exec(c.step, c.resolved)));
    const label = `order ${orderId} paid by its code and charged at once: ${JSON.stringify(got)}`;
    expect(
      got.filter((o) => o.ok).length,
      `${label} — one payment per order id (R24)`,
    ).toBeLessThanOrEqual(1);
    replaySerially(
      model,
      calls.map((c, i) => ({ ...c, actual: got[i]!, label })),
    );
    if (this.refund !== 'none') {
      await sync(model, real, {
        kind: 'refund',
        merchant: this.merchant,
        orderId,
        refundId: `${orderId}-R`,
        ...(this.refund === 'rest' ? {} : { amount: this.refund }),
      });
    }
    await real.observe(model);
  }

  toString(): string {
    return `OrderRace(${JSON.stringify([this.person, this.merchant, this.amount, this.chargeSame, this.payTwice, this.chargeFirst, this.refund])})`;
  }
}

/** §6.4 R44: runs of one month at once, the father certifying among them (or not). */
export class DisbursementRace implements fc.AsyncCommand<Model, Real, false> {
  constructor(
    readonly month: string,
    readonly runs: number,
    readonly certify: boolean,
    readonly certifyFirst: boolean,
  ) {}

  check(): boolean {
    return true;
  }

  /** A holder who has the father as a member, adding him for 张三 when nobody has. */
  private async certifier(model: Model, real: Real): Promise<Resolved | undefined> {
    const has = [0, 1].find((p) => model.father.memberOf.has(p) && model.activeBinding(p));
    if (has !== undefined) return model.activeBinding(has);
    const r = model.activeBinding(0);
    if (!r) return undefined;
    const secret = { password: model.passwordChoice(0, r.ecard!) };
    const step: Step = { kind: 'addFather', target: targetOf(r), secret, fatherProof: 'fresh' };
    return (await sync(model, real, step)).ok ? r : undefined;
  }

  async run(model: Model, real: Real): Promise<void> {
    const run: Step = { kind: 'runDisbursement', month: this.month };
    const holder = this.certify ? await this.certifier(model, real) : undefined;
    const certify: Step | undefined = holder && {
      kind: 'certifyFather',
      target: targetOf(holder),
      fatherProof: 'replay',
    };
    if (certify) {
      model.mintFather('fresh');
      real.fatherProof('fresh');
    }
    const calls: { step: Step; resolved?: Resolved }[] = Array.from({ length: this.runs }, () => ({
      step: run,
    }));
    if (certify) {
      if (this.certifyFirst) calls.unshift({ step: certify, resolved: holder });
      else calls.push({ step: certify, resolved: holder });
    }
    seedRaceStats.disbursement += 1;
    const got: Outcome[] = await Promise.all(calls.map((c) => real.exec(c.step, c.resolved)));
    const label = `${this.runs} runs of ${this.month}${certify ? ' and a certification' : ''} at once: ${JSON.stringify(got)}`;
    const counts = got.filter((_, i) => calls[i]!.step.kind === 'runDisbursement');
    const total = (key: 'paid' | 'suspended') =>
      counts.reduce((sum, o) => sum + (o.ok ? Number(o.value[key]) : 0), 0);
    // Nothing counts twice: the month is paid at most once, suspended at most once.
    expect(total('paid'), `${label} — paid once at most (R44)`).toBeLessThanOrEqual(1);
    expect(total('suspended'), `${label} — suspended once at most`).toBeLessThanOrEqual(1);
    expect(serialOrderFound(model, calls, got), `${label} — as some serial order`).toBe(true);
    await real.observe(model);
  }

  toString(): string {
    return `DisbursementRace(${JSON.stringify([this.month, this.runs, this.certify, this.certifyFirst])})`;
  }
}

const sortedJson = (outcomes: Outcome[]) => outcomes.map((o) => JSON.stringify(o)).sort();

/**
 * Whether some serial order of the calls (the identical runs in any order, the certification at
 * any place among them) gives what came back; the model is left as that order leaves it.
 */
function serialOrderFound(
  model: Model,
  calls: { step: Step; resolved?: Resolved }[],
  got: Outcome[],
): boolean {
  const runs = calls.filter((c) => c.step.kind === 'runDisbursement');
  const certify = calls.find((c) => c.step.kind === 'certifyFather');
  const wanted = sortedJson(got);
  const months = structuredClone(model.seed.months);
  const { certifiedAt } = model.father;
  const proof = model.father.proof && { ...model.father.proof };
  for (let before = 0; before <= (certify ? runs.length : 0); before++) {
    const seen: Outcome[] = [];
    runs.forEach((c, i) => {
      if (certify && i === before) seen.push(model.predict(certify.step, certify.resolved));
      seen.push(model.predict(c.step));
    });
    if (certify && before === runs.length) seen.push(model.predict(certify.step, certify.resolved));
    if (JSON.stringify(sortedJson(seen)) === JSON.stringify(wanted)) return true;
    model.seed.months.clear();
    for (const [month, record] of structuredClone(months)) model.seed.months.set(month, record);
    model.father.certifiedAt = certifiedAt;
    model.father.proof = proof && { ...proof };
  }
  return false;
}
