/**
 * The system under test for the model run: a MockPlatform set up like `MockPlatform.demo()`
 * (plus money, three merchants and a pensioner father) on a test clock, in either crypto suite;
 * one client per channel, a login portal, an offline QR gate and a payment terminal per
 * merchant, all through the public API. `exec` performs one step and reports it as an
 * `Outcome`; `observe` compares everything a user can see (every card in every channel, every
 * login session, balances, payments and bills) with the model, and checks that money is
 * conserved per person, in BigInt, from what the platform itself reports.
 */
import { expect } from 'vitest';
import {
  createLoginPortal,
  createPaymentTerminal,
  createQrVerifier,
  type LoginPortal,
  type PaymentTerminal,
  type QrVerifier,
} from '../../src/acceptor/index.js';
import {
  createClient,
  type EsscClient,
  isEsscError,
  type UserVerification,
} from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import {
  ADVANCE_MS,
  CHANNELS,
  FATHER,
  MERCHANTS,
  MONEY,
  type Model,
  type Outcome,
  PEOPLE,
  type ProofChoice,
  passwordText,
  type Resolved,
  type Secret,
  type Step,
  WRONG_NAME,
} from './model.js';
import { refundParts, ZERO_SPLIT } from './money.js';
import { SeedReal } from './seed-real.js';

export type Suite = 'jose' | 'sm';
type Payment = Awaited<ReturnType<PaymentTerminal['getPayment']>>;

/** A sign number of the valid form that no platform issues (it holds 0, 1 and O). */
const NO_SUCH_SIGN_NO = 'NOSUCHCARD0000000001';
export const START_MS = Date.UTC(2026, 2, 1, 8, 0, 0);

export class Real {
  now = START_MS;
  readonly platform: MockPlatform;
  readonly clients: EsscClient[];
  readonly portal: LoginPortal;
  readonly gate: QrVerifier;
  /** Sign numbers per person, in the order the e-cards were made. */
  readonly signNos: string[][] = PEOPLE.map(() => []);
  readonly lastProof: (string | undefined)[] = PEOPLE.map(() => undefined);
  readonly sessions: {
    sessionId: string;
    qrText: string;
    requestId?: string;
    /** Set once the portal has redeemed the assertion (it is single-use, R17). */
    redeemed?: boolean;
  }[] = [];
  readonly qrs: string[] = [];
  /** Who showed each code (the person of the e-card), as the real side issued it. */
  readonly qrPerson: number[] = [];
  readonly terminals: PaymentTerminal[];
  /** Every order that charged, as the platform answered: `merchant|orderId` → whose. */
  readonly charged = new Map<string, { merchant: number; orderId: string; person: number }>();
  readonly billIds: string[] = [];
  /** Bills paid per person, fen, as the platform answered. */
  readonly billsPaid: bigint[] = PEOPLE.map(() => 0n);
  /** The deductible left at the last look, per person: it only goes down within a year. */
  readonly lastDeductible: (number | undefined)[] = PEOPLE.map(() => undefined);
  /** The father's member id per holder (person index), once added. */
  readonly fatherMemberId: (string | undefined)[] = PEOPLE.map(() => undefined);
  lastFatherProof: string | undefined;
  /** Order codes and disbursements (R44, R45): ./seed-real.ts. */
  readonly seed = new SeedReal();

  private constructor(
    platform: MockPlatform,
    gate: QrVerifier,
    now: () => number,
    readonly suite: Suite,
  ) {
    this.platform = platform;
    this.gate = gate;
    this.clients = CHANNELS.map((id) => createClient({ adapter: platform.adapter(id) }));
    this.portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal'), now });
    this.terminals = MERCHANTS.map((m) =>
      createPaymentTerminal({ adapter: platform.merchantAdapter(m.id) }),
    );
  }

  static async create(suite: Suite = 'jose'): Promise<Real> {
    let real: Real | undefined;
    const now = () => real?.now ?? START_MS;
    // One PBKDF2 round: the model checks rules, not the cost of guessing a password.
    const platform = new MockPlatform({ now, passwordHashIterations: 1, suite });
    // As MockPlatform.demo(), with each person's money (MONEY) and the family's father.
    platform.enableRegion('440100', '广州市');
    platform.enableRegion('310100', '上海市');
    platform.enableRegion('650100', '乌鲁木齐市');
    for (const person of DEMO_PEOPLE) {
      const p = PEOPLE.findIndex((q) => q.idNumber === person.idNumber);
      const money = MONEY[p];
      platform.addPerson({
        name: person.name,
        idNumber: person.idNumber,
        regionCode: person.regionCode,
        bankAccountActive: person.regionCode === '440100',
        ...(money
          ? {
              bankBalance: money.bank,
              medical: {
                personalAccount: money.personalAccount,
                coverage: money.coverage,
                deductible: money.deductible,
              },
            }
          : {}),
      });
    }
    platform.addPerson({ ...FATHER, benefit: { kind: 'pension' } });
    platform.registerChannel({ id: 'wechat', name: '微信' });
    platform.registerChannel({ id: 'alipay', name: '支付宝' });
    platform.registerPortal({ id: 'gov-portal', name: '国家政务服务平台' });
    for (const m of MERCHANTS) platform.registerMerchant({ id: m.id, name: m.name, kind: m.kind });
    const gate = createQrVerifier({ jwks: await platform.jwks(), now });
    real = new Real(platform, gate, now, suite);
    real.seed.fatherOpening = BigInt(platform.balances(FATHER.idNumber).bank);
    return real;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }

  signNo(r: Resolved): string {
    return (
      (r.ecard === undefined ? undefined : this.signNos[r.person]![r.ecard]) ?? NO_SUCH_SIGN_NO
    );
  }

  proof(person: number, choice: ProofChoice): string {
    const { idNumber } = PEOPLE[person]!;
    if (choice === 'other') {
      return this.platform.realPersonProof(PEOPLE[(person + 1) % PEOPLE.length]!.idNumber);
    }
    if (choice === 'replay') return this.lastProof[person] ?? 'rp_never_issued';
    const fresh = this.platform.realPersonProof(idNumber);
    this.lastProof[person] = fresh;
    return fresh;
  }

  verification(person: number, secret: Secret): UserVerification {
    return 'password' in secret
      ? { password: passwordText(secret.password, person) }
      : { realPerson: this.proof(person, secret.realPerson) };
  }

  /** The father's proof: fresh (kept as his last), his last again, or 张三's. */
  fatherProof(choice: ProofChoice): string {
    if (choice === 'other') return this.platform.realPersonProof(PEOPLE[0]!.idNumber);
    if (choice === 'replay') return this.lastFatherProof ?? 'rp_never_issued';
    this.lastFatherProof = this.platform.realPersonProof(FATHER.idNumber);
    return this.lastFatherProof;
  }

  /** What the model compares of a payment (the ids and masked name are the platform's). */
  static paymentSeen(p: Payment): Record<string, unknown> {
    return {
      orderId: p.orderId,
      merchantId: p.merchantId,
      amount: p.amount,
      refunded: p.refunded,
      status: p.status,
      split: { ...p.split },
      paidAt: p.paidAt,
    };
  }

  /** The index of a merchant by its id. */
  merchantIndex(id: string): number {
    return MERCHANTS.findIndex((m) => m.id === id);
  }

  /** Notes an order paid by an order code (R45), by the holder who paid it. */
  noteOrderPaid(merchant: number, orderId: string, person: number): void {
    this.charged.set(`${merchant}|${orderId}`, { merchant, orderId, person });
  }

  paymentSeenOf(p: Payment): Record<string, unknown> {
    return Real.paymentSeen(p);
  }

  /** Notes a charge the platform made (an idempotent answer names the same order). */
  noteCharge(merchant: number, orderId: string, qr: number): void {
    this.charged.set(`${merchant}|${orderId}`, { merchant, orderId, person: this.qrPerson[qr]! });
  }

  private cardNo(person: number): string {
    return this.platform.currentCard(PEOPLE[person]!.idNumber).cardNo;
  }

  async exec(step: Step, r: Resolved | undefined): Promise<Outcome> {
    return Real.outcome(this.perform(step, r));
  }

  /** A call's outcome as the model states it: the value, or the error code (attempts left). */
  static async outcome(call: Promise<Record<string, unknown>>): Promise<Outcome> {
    try {
      return { ok: true, value: await call };
    } catch (error) {
      if (!isEsscError(error)) throw error;
      const attemptsLeft =
        error.code === 'PASSWORD_INCORRECT' ? error.details?.attemptsLeft : undefined;
      return {
        ok: false,
        code: error.code,
        ...(typeof attemptsLeft === 'number' ? { attemptsLeft } : {}),
      };
    }
  }

  private async perform(step: Step, r: Resolved | undefined): Promise<Record<string, unknown>> {
    const client = r ? this.clients[r.channel]! : undefined;
    switch (step.kind) {
      case 'apply': {
        const person = PEOPLE[step.person]!;
        const card = await this.clients[step.channel]!.apply({
          channelUserId: `u-${step.person}-${step.channel}`,
          name: step.nameOk ? person.name : WRONG_NAME,
          idNumber: person.idNumber,
          realPerson: this.proof(step.person, step.proof),
          password: passwordText(step.password, step.person),
        });
        const known = this.signNos[step.person]!;
        if (!known.includes(card.signNo)) known.push(card.signNo);
        return { status: card.status, level: card.level };
      }
      case 'getCard': {
        const card = await client!.getCard({ signNo: this.signNo(r!) });
        return { status: card.status, level: card.level };
      }
      case 'unbind':
        await client!.unbind({
          signNo: this.signNo(r!),
          verification: this.verification(r!.person, step.secret),
        });
        return {};
      case 'changePassword':
        await client!.changePassword({
          signNo: this.signNo(r!),
          oldPassword: passwordText(step.oldPassword, r!.person),
          newPassword: passwordText(step.newPassword, r!.person),
        });
        return {};
      case 'resetPassword':
        await client!.resetPassword({
          signNo: this.signNo(r!),
          realPerson: this.proof(r!.person, step.proof),
          newPassword: passwordText(step.newPassword, r!.person),
        });
        return {};
      case 'enablePayment': {
        const card = await client!.enablePayment({
          signNo: this.signNo(r!),
          verification: this.verification(r!.person, step.secret),
        });
        return { status: card.status, level: card.level };
      }
      case 'issueQr': {
        const qr = await client!.issueQr({
          signNo: this.signNo(r!),
          purpose: step.purpose,
          ...(step.secret ? { verification: this.verification(r!.person, step.secret) } : {}),
        });
        this.qrs.push(qr.text);
        this.qrPerson.push(r!.person);
        return { purpose: qr.purpose };
      }
      case 'verifyQr': {
        const text = this.qrs[step.qr % this.qrs.length]!;
        await this.gate.verify(text);
        return {};
      }
      case 'openSession': {
        const session = await this.portal.createSession();
        this.sessions.push({ sessionId: session.sessionId, qrText: session.qrText });
        return {};
      }
      case 'scanLogin': {
        const session = this.sessions[step.session % this.sessions.length]!;
        const request = await client!.scanLogin({
          signNo: this.signNo(r!),
          qrText: session.qrText,
        });
        session.requestId = request.requestId;
        return { portal: request.portal.id };
      }
      case 'confirmLogin': {
        const session = this.sessions[step.session % this.sessions.length]!;
        await client!.confirmLogin({
          signNo: this.signNo(r!),
          requestId: session.requestId ?? 'lr_never_scanned',
          verification: this.verification(r!.person, step.secret),
        });
        return {};
      }
      case 'rejectLogin': {
        const session = this.sessions[step.session % this.sessions.length]!;
        await client!.rejectLogin({
          signNo: this.signNo(r!),
          requestId: session.requestId ?? 'lr_never_scanned',
        });
        return {};
      }
      case 'setCardStatus':
        this.platform.setCardStatus(this.cardNo(step.person), step.status);
        return {};
      case 'replaceCard':
        this.platform.replaceCard(PEOPLE[step.person]!.idNumber);
        return {};
      case 'setBankAccountActive':
        this.platform.setBankAccountActive(this.cardNo(step.person), step.active);
        return {};
      case 'advance':
        this.now += ADVANCE_MS;
        return {};
      case 'charge': {
        const payment = await this.terminals[step.merchant]!.charge({
          qrText: this.qrs[step.qr]!,
          orderId: step.orderId,
          amount: step.amount,
          ...(step.items ? { items: step.items } : {}),
        });
        this.noteCharge(step.merchant, step.orderId, step.qr);
        return Real.paymentSeen(payment);
      }
      case 'getPayment':
        return Real.paymentSeen(
          await this.terminals[step.merchant]!.getPayment({ orderId: step.orderId }),
        );
      case 'refund':
        return Real.paymentSeen(
          await this.terminals[step.merchant]!.refund({
            orderId: step.orderId,
            refundId: step.refundId,
            ...(step.amount === undefined ? {} : { amount: step.amount }),
          }),
        );
      case 'query': {
        const result = await client!.query({
          signNo: this.signNo(r!),
          topic: 'insurance',
          verification: this.verification(r!.person, step.secret),
        });
        return { topic: result.topic };
      }
      case 'addBill': {
        const { billId } = this.platform.addBill({
          idNumber: PEOPLE[step.person]!.idNumber,
          kind: step.billKind,
          title: `${step.billKind} ${this.billIds.length + 1}`,
          amount: step.amount,
        });
        this.billIds.push(billId);
        return {};
      }
      case 'payBill': {
        const bill = await client!.payBill({
          signNo: this.signNo(r!),
          billId: this.billIds[step.bill] ?? 'bill-never-issued',
          verification: this.verification(r!.person, step.secret),
        });
        this.billsPaid[r!.person]! += BigInt(bill.amount);
        return {
          kind: bill.kind,
          amount: bill.amount,
          status: bill.status,
          ...(bill.paidAt === undefined ? {} : { paidAt: bill.paidAt }),
        };
      }
      case 'addFather': {
        const verification = this.verification(r!.person, step.secret);
        const member = await client!.addFamilyMember({
          signNo: this.signNo(r!),
          relation: 'parent',
          name: FATHER.name,
          idNumber: FATHER.idNumber,
          verification,
          memberProof: this.fatherProof(step.fatherProof),
        });
        this.fatherMemberId[r!.person] = member.memberId;
        return { relation: member.relation };
      }
      case 'removeFather':
        await client!.removeFamilyMember({
          signNo: this.signNo(r!),
          memberId: this.fatherMemberId[r!.person] ?? 'mem_never_added',
          verification: this.verification(r!.person, step.secret),
        });
        this.fatherMemberId[r!.person] = undefined;
        return {};
      case 'createOrderCode':
      case 'scanOrder':
      case 'payOrder':
      case 'declineOrder':
      case 'runDisbursement':
        return this.seed.perform(this, step, r);
      case 'certifyFather': {
        const certification = await client!.certify({
          signNo: this.signNo(r!),
          memberId: this.fatherMemberId[r!.person] ?? 'mem_never_added',
          realPerson: this.fatherProof(step.fatherProof),
        });
        return { status: certification.status, certifiedAt: certification.certifiedAt };
      }
    }
  }

  /**
   * Money, compared with the model and checked on its own (R23–R26): balances equal the
   * model's; the deductible left never grows (one year here); and per person, in BigInt from
   * the platform's own answers, initial bank + personal account = bank + personal account now
   * + the self-paid and personal-account parts of every charge, less what went back to them
   * (R25's order applied to the payment's `refunded`) + every bill paid. The pooled fund paid
   * less refunded is the model's too.
   */
  async observeMoney(model: Model): Promise<void> {
    const payments = new Map<string, Payment>();
    for (const [key, order] of this.charged) {
      payments.set(
        key,
        await this.terminals[order.merchant]!.getPayment({ orderId: order.orderId }),
      );
    }
    expect([...payments.keys()].sort(), 'orders that charged').toEqual(
      [...model.byOrder.keys()].sort(),
    );
    for (const [key, payment] of payments) {
      expect(Real.paymentSeen(payment), `payment ${key}`).toEqual(
        model.paymentView(model.byOrder.get(key)!),
      );
    }
    for (let p = 0; p < PEOPLE.length; p++) {
      const seen = this.platform.balances(PEOPLE[p]!.idNumber);
      const purse = model.purses[p]!;
      expect(
        {
          bank: BigInt(seen.bank),
          personalAccount: BigInt(seen.personalAccount),
          deductibleLeft: BigInt(seen.deductibleLeft),
        },
        `balances of person ${p}`,
      ).toEqual({
        bank: purse.bank,
        personalAccount: purse.personalAccount,
        deductibleLeft: purse.deductibleLeft,
      });
      const last = this.lastDeductible[p];
      if (last !== undefined) {
        expect(seen.deductibleLeft, `deductible of person ${p} went up`).toBeLessThanOrEqual(last);
      }
      this.lastDeductible[p] = seen.deductibleLeft;
      // The ledger, from what the platform says alone.
      let spent = 0n;
      let pooled = 0n;
      for (const [key, payment] of payments) {
        if (this.charged.get(key)!.person !== p) continue;
        const split = {
          pooledFund: BigInt(payment.split.pooledFund),
          personalAccount: BigInt(payment.split.personalAccount),
          selfPay: BigInt(payment.split.selfPay),
        };
        expect(split.pooledFund + split.personalAccount + split.selfPay, `split of ${key}`).toBe(
          BigInt(payment.amount),
        );
        const back = refundParts(BigInt(payment.refunded), split, ZERO_SPLIT);
        spent += split.selfPay + split.personalAccount - back.selfPay - back.personalAccount;
        pooled += split.pooledFund - back.pooledFund;
      }
      const opening = BigInt(MONEY[p]!.bank) + BigInt(MONEY[p]!.personalAccount);
      const now = BigInt(seen.bank) + BigInt(seen.personalAccount);
      expect(now + spent + this.billsPaid[p]!, `money of person ${p} is conserved`).toBe(opening);
      expect(pooled, `pooled fund net of person ${p}`).toBe(model.pooledNet(p));
    }
  }

  /** Everything a user can see, compared with the model. */
  async observe(model: Model): Promise<void> {
    for (let p = 0; p < PEOPLE.length; p++) {
      expect(this.signNos[p]!.length, `e-cards of person ${p}`).toBe(
        model.people[p]!.ecards.length,
      );
      for (let e = 0; e < this.signNos[p]!.length; e++) {
        for (let c = 0; c < CHANNELS.length; c++) {
          const seen = await this.exec(
            { kind: 'getCard', target: { person: p, gen: 'latest', channel: c } },
            {
              person: p,
              ecard: e,
              channel: c,
            },
          );
          expect(seen, `getCard person ${p} e-card ${e} in ${CHANNELS[c]}`).toEqual(
            model.view(p, e, c),
          );
        }
      }
    }
    for (let i = 0; i < this.sessions.length; i++) {
      const session = this.sessions[i]!;
      // A redeemed assertion is not redeemed twice; the portal's answer then is its own cache.
      if (session.redeemed) continue;
      let state: string | undefined;
      try {
        const status = await this.portal.getSession(session.sessionId);
        state = status.state;
        if (status.state === 'confirmed') {
          session.redeemed = true;
          const by = model.sessions[i]!.scannedBy!;
          expect(status.identity).toMatchObject({
            idNumber: PEOPLE[by.person]!.idNumber,
            channelId: CHANNELS[by.channel],
          });
          // R30: the sign number only to a portal that asks for it; this one does not.
          expect(status.identity).not.toHaveProperty('signNo');
        }
      } catch (error) {
        if (!isEsscError(error, 'LOGIN_NOT_FOUND')) throw error;
      }
      expect(state, `login session ${i}`).toBe(model.sessionState(i));
    }
    // R27: every bound e-card lists its payments and its holder's bills, newest first.
    for (const { person, ecard, channel } of model.bindings()) {
      const signNo = this.signNos[person]![ecard!]!;
      const client = this.clients[channel]!;
      const listed = await client.listPayments({ signNo });
      expect(listed.map(Real.paymentSeen), `payments of ${person}/${ecard} in ${channel}`).toEqual(
        model.paymentsOf(person, ecard!),
      );
      const bills = await client.listBills({ signNo });
      expect(
        bills.map((b) => ({
          billId: b.billId,
          kind: b.kind,
          amount: b.amount,
          status: b.status,
          ...(b.paidAt === undefined ? {} : { paidAt: b.paidAt }),
        })),
        `bills of ${person} in ${channel}`,
      ).toEqual(
        model.bills
          .map((b, i) => ({ b, i }))
          .filter(({ b }) => b.person === person)
          .map(({ b, i }) => ({ billId: this.billIds[i], ...model.billView(b) }))
          .reverse(),
      );
    }
    await this.observeMoney(model);
    await this.seed.observe(this, model);
  }
}
