/**
 * A small, independent model of the rules R5–R17 (/work/shared/DESIGN.md §1) and of paying
 * with the e-card, bills and the family's proofs (R21–R27, R31–R33, §6.0), written from the
 * rules and not from the engine: for every step it predicts success or the exact `EsscError`
 * code, and it changes its own state as the platform should. Money is BigInt fen, settled by
 * ./money.ts (its own R23/R25, not src/engine/settlement.ts).
 *
 * The model is deliberately plain data plus one `predict` function per step, so a new area
 * extends it in three places: (1) state here (as payments did: a purse per person, payments by
 * order, refunds by refund id, bills, the father's memberships; services would add
 * applications per e-card), (2) a `Step` variant with its `predict` case below, (3) the real
 * call in `real.ts` and an arbitrary in `steps.ts`. `observe` in `real.ts` then compares
 * whatever new state a user can see. Family is modelled only as far as the racing steps need:
 * one father (FATHER) whom 张三 and 李四 add, remove and certify.
 */
import { idNumberCheckChar } from '../../src/domain/id-number.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import {
  addSplit,
  basisPoints,
  type MoneyFlaws,
  type OpeningMoney,
  type Purse,
  refundParts,
  type Split,
  settle,
  splitToNumbers,
  ZERO_SPLIT,
} from './money.js';
import { type ModelHooks, predictSeed, SeedState, type SeedStep } from './seed-model.js';

/** The people of the run: 张三 (bank account active), 李四 (no bank account), 王五 (city not enabled). */
export const PEOPLE = [DEMO_PEOPLE[0], DEMO_PEOPLE[2], DEMO_PEOPLE[3]] as const;
export const CHANNELS = ['wechat', 'alipay'] as const;
/** A name that is valid in form but belongs to nobody here (IDENTITY_MISMATCH). */
export const WRONG_NAME = '赵六';

/**
 * Each person's money at the start, fen. Small banks so charges and bills are declined now and
 * then; 李四's coverage 0.57 is 5 699.999… × 10⁻⁴ in floating point (bp must round to 5 700).
 */
export const MONEY: readonly OpeningMoney[] = [
  { bank: 300_000, personalAccount: 30_000, coverage: 0.7, deductible: 20_000 },
  { bank: 120_000, personalAccount: 8_000, coverage: 0.57, deductible: 5_000 },
  { bank: 50_000, personalAccount: 0, coverage: 0.9, deductible: 0 },
];

/** The merchants: two settle medical insurance (R23), the shop takes everything from the bank. */
export const MERCHANTS = [
  { id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' },
  { id: 'GZ-PHARM-1', name: '大参林药房', kind: 'pharmacy' },
  { id: 'GZ-SHOP-1', name: '便利店', kind: 'shop' },
] as const;
const MEDICAL_KINDS: ReadonlySet<string> = new Set(['hospital', 'pharmacy', 'clinic']);

/**
 * 张三's and 李四's father in the family steps (R31–R33): a pensioner who certifies yearly,
 * holds a normal card in Guangzhou and no e-card. Not one of PEOPLE: nobody applies as him.
 */
export const FATHER = {
  name: '张大山',
  idNumber: `44010619480808123${idNumberCheckChar('44010619480808123')}`,
  regionCode: '440100',
} as const;

export type BillKind = 'insurance' | 'exam' | 'training';
export interface ChargeItem {
  code: string;
  name: string;
  amount: number;
  coverage: 'covered' | 'self';
}
/** One charge as a terminal sends it; `qr` is the index of the code among those issued. */
export interface ChargeRequest {
  qr: number;
  merchant: number;
  orderId: string;
  amount: number;
  items?: ChargeItem[];
}
/** R22: 1 ≤ amount ≤ 5 000 000 fen. */
export const MAX_FEN = 5_000_000;

/** Strong for every person above (checked by a test in model.test.ts). */
export const STRONG_PASSWORDS = ['258046', '739164', '905172'] as const;
/** Weak by the generic rules: the client refuses it as a new password before any request. */
export const WEAK_PASSWORD = '111111';
export type PasswordChoice = 0 | 1 | 2 | 'weak' | 'birth';

/** The password a choice stands for, for person `p`: `birth` is their yyMMdd (R9, from the ID). */
export function passwordText(choice: PasswordChoice, p: number): string {
  if (choice === 'weak') return WEAK_PASSWORD;
  if (choice === 'birth') return PEOPLE[p]!.idNumber.slice(8, 14);
  return STRONG_PASSWORDS[choice];
}

/** fresh: a proof just made for the person; other: someone else's; replay: the person's last one. */
export type ProofChoice = 'fresh' | 'other' | 'replay';
export type Secret = { password: PasswordChoice } | { realPerson: ProofChoice };
export type CardStatus = 'normal' | 'sealed' | 'lost' | 'locked' | 'cancelled';
/** Which of the person's e-cards a step names: the newest, or the one before (after a replacement). */
export type Gen = 'latest' | 'previous';
export interface Target {
  person: number;
  gen: Gen;
  channel: number;
  /** When set and some card is bound: the n-th binding that exists (modulo), instead. */
  bound?: number;
}

export type Step =
  | {
      kind: 'apply';
      person: number;
      channel: number;
      nameOk: boolean;
      proof: ProofChoice;
      password: PasswordChoice;
    }
  | { kind: 'getCard'; target: Target }
  | { kind: 'unbind'; target: Target; secret: Secret }
  | {
      kind: 'changePassword';
      target: Target;
      oldPassword: PasswordChoice;
      newPassword: PasswordChoice;
    }
  | { kind: 'resetPassword'; target: Target; proof: ProofChoice; newPassword: PasswordChoice }
  | { kind: 'enablePayment'; target: Target; secret: Secret }
  | { kind: 'issueQr'; target: Target; purpose: 'identity' | 'payment'; secret?: Secret }
  | { kind: 'verifyQr'; qr: number }
  | { kind: 'openSession' }
  | { kind: 'scanLogin'; target: Target; session: number }
  | { kind: 'confirmLogin'; asScanner: boolean; target: Target; session: number; secret: Secret }
  | { kind: 'rejectLogin'; asScanner: boolean; target: Target; session: number }
  | { kind: 'setCardStatus'; person: number; status: CardStatus }
  | { kind: 'replaceCard'; person: number }
  | { kind: 'setBankAccountActive'; person: number; active: boolean }
  | { kind: 'advance' }
  // ─── payments, bills, family (R21–R27, R31–R33) ───
  | ({ kind: 'charge' } & ChargeRequest)
  | { kind: 'getPayment'; merchant: number; orderId: string }
  | { kind: 'refund'; merchant: number; orderId: string; refundId: string; amount?: number }
  | { kind: 'query'; target: Target; secret: Secret }
  | { kind: 'addBill'; person: number; billKind: BillKind; amount: number }
  /** `bill`: the index of a bill added, or -1 for an id the platform never issued. */
  | { kind: 'payBill'; target: Target; bill: number; secret: Secret }
  | { kind: 'addFather'; target: Target; secret: Secret; fatherProof: ProofChoice }
  | { kind: 'removeFather'; target: Target; secret: Secret }
  | { kind: 'certifyFather'; target: Target; fatherProof: ProofChoice }
  // ─── order codes, benefit payments (R44, R45): ./seed-model.ts ───
  | SeedStep;

/** What a step gives: success with what a user sees of it, or the error code. */
export type Outcome =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; code: string; attemptsLeft?: number };

/** One resolved card a step acts on: person and e-card index (undefined: no such e-card). */
export interface Resolved {
  person: number;
  ecard: number | undefined;
  channel: number;
}

interface MCard {
  status: CardStatus;
  bank: boolean;
  ecard?: number;
}
interface MECard {
  card: number;
  password: string;
  failures: number;
  level: 1 | 2;
  bound: Set<number>;
  /** When each channel's binding was made (ms): a code shown before a newer binding is dead. */
  boundAt: Map<number, number>;
}
/** An issued QR code: who showed it, and whether the gate and the platform have used it. */
export interface MQr {
  expiresAtS: number;
  issuedAtS: number;
  /** Verified at the offline gate (the gate's own nonce store). */
  used: boolean;
  /** Consumed by a charge (the platform's nonce store). */
  charged: boolean;
  person: number;
  ecard: number;
  channel: number;
  purpose: 'identity' | 'payment';
}
export interface MPayment {
  merchant: number;
  orderId: string;
  person: number;
  ecard: number;
  amount: bigint;
  fingerprint: string;
  split: Split;
  back: Split;
  paidAt: number;
}
export interface MBill {
  person: number;
  kind: BillKind;
  amount: bigint;
  paidAt?: number;
}
interface MProof {
  used: boolean;
  expiresAt: number;
}
interface MPerson {
  cards: MCard[];
  ecards: MECard[];
  proof?: MProof;
}
export type SessionState = 'pending' | 'scanned' | 'confirmed' | 'rejected' | 'expired';
interface MSession {
  expiresAt: number;
  state: SessionState;
  gone: boolean;
  scannedBy?: { person: number; ecard: number; channel: number };
}

/** Deliberate mistakes, to prove the model test catches a model (or a platform) that is wrong. */
export interface Flaws extends MoneyFlaws {
  /** Forget R12: unbinding in one channel unbinds every channel. */
  unbindEverywhere?: boolean;
  /** Forget R11's count: lock after this many failures instead of 5. */
  lockAfter?: number;
}

export const PROOF_TTL_MS = 300_000;
export const LOGIN_TTL_MS = 120_000;
export const QR_TTL_S = 60;
export const QR_TOLERANCE_MS = 30_000;
/** A step of the clock: past a QR code's life, half a login session's. */
export const ADVANCE_MS = 61_000;
const SESSION_SWEEP_MS = 10 * 60_000;

class Refusal {
  constructor(
    readonly code: string,
    readonly attemptsLeft?: number,
  ) {}
}
const refuse = (code: string, attemptsLeft?: number): never => {
  throw new Refusal(code, attemptsLeft);
};

const eStatus = (status: CardStatus) => (status === 'normal' ? 'active' : status);

const fenOk = (n: number) => Number.isSafeInteger(n) && n >= 1 && n <= MAX_FEN;
const iso = (ms: number) => new Date(ms).toISOString();

export class Model {
  now: number;
  readonly people: MPerson[];
  readonly sessions: MSession[] = [];
  readonly qrs: MQr[] = [];
  // ─── money ───
  readonly purses: Purse[];
  /** Every payment, in the order made; by `merchant|orderId` too (R24). */
  readonly payments: MPayment[] = [];
  readonly byOrder = new Map<string, MPayment>();
  /** R25: `merchant|refundId` → the refund it named. */
  readonly refunds = new Map<string, { orderId: string; requested: number | 'rest' }>();
  readonly bills: MBill[] = [];
  /** Every charge sent, refused ones included: a retry sends one again (R24). */
  readonly attempts: ChargeRequest[] = [];
  // ─── family ───
  readonly father: { proof?: MProof; certifiedAt?: number; memberOf: Set<number> } = {
    memberOf: new Set(),
  };
  // ─── order codes, the father's benefit months ───
  readonly seed = new SeedState();

  constructor(
    start: number,
    readonly flaws: Flaws = {},
  ) {
    this.now = start;
    // As MockPlatform.demo(): bank accounts are active in Guangzhou only.
    this.people = PEOPLE.map((person) => ({
      cards: [{ status: 'normal', bank: person.regionCode === '440100' }],
      ecards: [],
    }));
    this.purses = MONEY.map((m) => ({
      bank: BigInt(m.bank),
      personalAccount: BigInt(m.personalAccount),
      deductibleLeft: BigInt(m.deductible),
      bp: basisPoints(m.coverage),
    }));
  }

  /** What a merchant's terminal shows of a payment (R24, R25). */
  paymentView(p: MPayment): Record<string, unknown> {
    const refunded = p.back.pooledFund + p.back.personalAccount + p.back.selfPay;
    return {
      orderId: p.orderId,
      merchantId: MERCHANTS[p.merchant]!.id,
      amount: Number(p.amount),
      refunded: Number(refunded),
      status:
        refunded === 0n ? 'succeeded' : refunded === p.amount ? 'refunded' : 'partially_refunded',
      split: splitToNumbers(p.split),
      paidAt: iso(p.paidAt),
    };
  }

  /** R27: an e-card's payments, newest first. */
  paymentsOf(person: number, ecard: number): Record<string, unknown>[] {
    return this.payments
      .filter((p) => p.person === person && p.ecard === ecard)
      .map((p) => this.paymentView(p))
      .reverse();
  }

  billView(b: MBill): Record<string, unknown> {
    return {
      kind: b.kind,
      amount: Number(b.amount),
      status: b.paidAt === undefined ? 'unpaid' : 'paid',
      ...(b.paidAt === undefined ? {} : { paidAt: iso(b.paidAt) }),
    };
  }

  /** Pooled fund paid for a person less what went back to it, fen. */
  pooledNet(person: number): bigint {
    let net = 0n;
    for (const p of this.payments) {
      if (p.person === person) net += p.split.pooledFund - p.back.pooledFund;
    }
    return net;
  }

  /** The code a step names: the k-th newest issued (undefined when none was). */
  qrIndex(back: number): number | undefined {
    return this.qrs.length === 0 ? undefined : this.qrs.length - 1 - (back % this.qrs.length);
  }

  /** The password choice that is a person's e-card password now (passwords are set from choices). */
  passwordChoice(person: number, ecard: number): PasswordChoice {
    const password = this.people[person]!.ecards[ecard]!.password;
    return ([0, 1, 2] as const).find((c) => passwordText(c, person) === password) ?? 0;
  }

  /**
   * A binding of the person's newest e-card that can pay and verify now: card normal, level 2,
   * bank account active, password not locked. Undefined when there is none.
   */
  payableBinding(person: number): Resolved | undefined {
    const ecard = this.ecardIndex(person, 'latest');
    if (ecard === undefined) return undefined;
    const e = this.people[person]!.ecards[ecard]!;
    const card = this.people[person]!.cards[e.card]!;
    if (card.status !== 'normal' || e.level !== 2 || !card.bank || e.failures >= 5)
      return undefined;
    const channel = [...e.bound].sort()[0];
    return channel === undefined ? undefined : { person, ecard, channel };
  }

  /** A binding of the person's newest e-card, card normal and password not locked. */
  activeBinding(person: number): Resolved | undefined {
    const ecard = this.ecardIndex(person, 'latest');
    if (ecard === undefined) return undefined;
    const e = this.people[person]!.ecards[ecard]!;
    const card = this.people[person]!.cards[e.card]!;
    if (card.status !== 'normal' || e.failures >= 5) return undefined;
    const channel = [...e.bound].sort()[0];
    return channel === undefined ? undefined : { person, ecard, channel };
  }

  /** Makes the father's proof for a step, as the real side does before its call. */
  mintFather(choice: ProofChoice): void {
    if (choice === 'fresh') this.father.proof = { used: false, expiresAt: this.now + PROOF_TTL_MS };
  }

  /** Makes a person's own fresh proof (a racing step mints before its concurrent calls). */
  mintOwn(person: number): void {
    this.mint(person, 'fresh');
  }

  /** The e-card index a target names, if the person has it. */
  ecardIndex(person: number, gen: Gen): number | undefined {
    const n = this.people[person]!.ecards.length;
    const i = gen === 'latest' ? n - 1 : n - 2;
    return i >= 0 ? i : undefined;
  }

  resolve(target: Target): Resolved {
    const bound = this.bindings();
    if (target.bound !== undefined && bound.length > 0) return bound[target.bound % bound.length]!;
    return {
      person: target.person,
      ecard: this.ecardIndex(target.person, target.gen),
      channel: target.channel,
    };
  }

  /** Every binding that exists, in a stable order. */
  bindings(): Resolved[] {
    const all: Resolved[] = [];
    this.people.forEach((p, person) => {
      p.ecards.forEach((e, ecard) => {
        for (const channel of [...e.bound].sort()) all.push({ person, ecard, channel });
      });
    });
    return all;
  }

  /** The session a step names (modulo the sessions opened), if any were opened. */
  sessionIndex(n: number): number | undefined {
    return this.sessions.length === 0 ? undefined : n % this.sessions.length;
  }

  /** Who a login step acts as: the session's scanner when asked and known, else the target. */
  loginActor(step: { asScanner: boolean; target: Target; session: number }): Resolved {
    const s = this.sessions[this.sessionIndex(step.session) ?? -1];
    if (step.asScanner && s?.scannedBy) return { ...s.scannedBy };
    return this.resolve(step.target);
  }

  sessionState(i: number): SessionState | undefined {
    const s = this.sessions[i]!;
    if (s.gone) return undefined;
    if ((s.state === 'pending' || s.state === 'scanned') && this.now >= s.expiresAt) {
      return 'expired';
    }
    return s.state;
  }

  /** What getCard shows for every (person, e-card, channel): status and level, or NOT_BOUND. */
  view(person: number, ecard: number, channel: number): Outcome {
    const e = this.people[person]!.ecards[ecard]!;
    if (!e.bound.has(channel)) return { ok: false, code: 'NOT_BOUND' };
    const card = this.people[person]!.cards[e.card]!;
    return { ok: true, value: { status: eStatus(card.status), level: e.level } };
  }

  /** Predicts a step's outcome and changes the model as the platform should. */
  predict(step: Step, resolved?: Resolved): Outcome {
    try {
      return { ok: true, value: this.run(step, resolved) };
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      return {
        ok: false,
        code: error.code,
        ...(error.attemptsLeft === undefined ? {} : { attemptsLeft: error.attemptsLeft }),
      };
    }
  }

  // ─── rules ────────────────────────────────────────────────────────────────

  private ecardOf(r: Resolved): MECard | undefined {
    return r.ecard === undefined ? undefined : this.people[r.person]!.ecards[r.ecard];
  }

  private requireBinding(r: Resolved): MECard {
    const e = this.ecardOf(r);
    if (!e?.bound.has(r.channel)) refuse('NOT_BOUND');
    return e!;
  }

  /** R13: only unbinding (and getCard) works on an inactive card. */
  private requireActive(r: Resolved): { e: MECard; card: MCard } {
    const e = this.requireBinding(r);
    const card = this.people[r.person]!.cards[e.card]!;
    if (card.status !== 'normal') refuse('CARD_INACTIVE');
    return { e, card };
  }

  /** R11: five consecutive failures lock, a success resets the count. */
  private verifyPassword(e: MECard, password: string): void {
    const lockAt = this.flaws.lockAfter ?? 5;
    if (e.failures >= lockAt) refuse('PASSWORD_LOCKED');
    if (password === e.password) {
      e.failures = 0;
      return;
    }
    e.failures += 1;
    if (e.failures >= lockAt) refuse('PASSWORD_LOCKED');
    refuse('PASSWORD_INCORRECT', lockAt - e.failures);
  }

  /** A proof is good when it is the person's own, unused and unexpired (single use, R5/R10). */
  private checkProof(person: number, choice: ProofChoice): () => void {
    const proof = this.people[person]!.proof;
    const good =
      choice !== 'other' && proof !== undefined && !proof.used && proof.expiresAt > this.now;
    if (!good) refuse('REAL_PERSON_FAILED');
    return () => {
      proof!.used = true;
    };
  }

  /** R18: password or real-person proof; the returned function consumes a proof on success. */
  private verifyUser(person: number, e: MECard, secret: Secret): () => void {
    if ('password' in secret) {
      this.verifyPassword(e, passwordText(secret.password, person));
      return () => undefined;
    }
    return this.checkProof(person, secret.realPerson);
  }

  private weakFor(password: string, person: number): boolean {
    return password === WEAK_PASSWORD || password === passwordText('birth', person);
  }

  /** The real side makes a fresh proof before the call, whatever the call then does. */
  private mint(person: number, choice: ProofChoice | undefined): void {
    if (choice === 'fresh') {
      this.people[person]!.proof = { used: false, expiresAt: this.now + PROOF_TTL_MS };
    }
  }

  private run(step: Step, resolved: Resolved | undefined): Record<string, unknown> {
    switch (step.kind) {
      case 'apply': {
        const p = this.people[step.person]!;
        this.mint(step.person, step.proof);
        // R4 / R5, in the platform's order.
        if (PEOPLE[step.person]!.regionCode === '540100') refuse('REGION_NOT_ENABLED');
        if (!step.nameOk) refuse('IDENTITY_MISMATCH');
        const consume = this.checkProof(step.person, step.proof);
        const cardIndex = p.cards.length - 1;
        const card = p.cards[cardIndex]!;
        if (card.status !== 'normal') refuse('CARD_INACTIVE');
        // R6 / R14: any e-card of this person still bound here, the old one included.
        if (p.ecards.some((e) => e.bound.has(step.channel))) refuse('ALREADY_BOUND');
        const password = passwordText(step.password, step.person);
        let index = card.ecard;
        if (index !== undefined) {
          // R8: a later channel verifies the shared password.
          this.verifyPassword(p.ecards[index]!, password);
        } else {
          if (this.weakFor(password, step.person)) refuse('WEAK_PASSWORD');
          index = p.ecards.length;
          p.ecards.push({
            card: cardIndex,
            password,
            failures: 0,
            level: 1,
            bound: new Set(),
            boundAt: new Map(),
          });
          card.ecard = index;
        }
        consume();
        const e = p.ecards[index]!;
        e.bound.add(step.channel);
        e.boundAt.set(step.channel, this.now);
        return { status: 'active', level: e.level };
      }
      case 'getCard': {
        const r = resolved!;
        const e = this.requireBinding(r);
        const card = this.people[r.person]!.cards[e.card]!;
        return { status: eStatus(card.status), level: e.level };
      }
      case 'unbind': {
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        const e = this.requireBinding(r);
        this.verifyUser(r.person, e, step.secret)();
        // R12: this channel only.
        if (this.flaws.unbindEverywhere) e.bound.clear();
        else e.bound.delete(r.channel);
        return {};
      }
      case 'changePassword': {
        const r = resolved!;
        const oldPassword = passwordText(step.oldPassword, r.person);
        const newPassword = passwordText(step.newPassword, r.person);
        if (newPassword === WEAK_PASSWORD) refuse('WEAK_PASSWORD'); // the client's own check
        const { e } = this.requireActive(r);
        if (this.weakFor(newPassword, r.person)) refuse('WEAK_PASSWORD');
        this.verifyPassword(e, oldPassword);
        if (oldPassword === newPassword) refuse('PASSWORD_REUSED');
        e.password = newPassword;
        return {};
      }
      case 'resetPassword': {
        const r = resolved!;
        this.mint(r.person, step.proof);
        const newPassword = passwordText(step.newPassword, r.person);
        if (newPassword === WEAK_PASSWORD) refuse('WEAK_PASSWORD');
        const { e } = this.requireActive(r);
        if (this.weakFor(newPassword, r.person)) refuse('WEAK_PASSWORD');
        const consume = this.checkProof(r.person, step.proof);
        if (newPassword === e.password) refuse('PASSWORD_REUSED');
        consume();
        e.password = newPassword;
        e.failures = 0; // R11: a reset unlocks
        return {};
      }
      case 'enablePayment': {
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        const { e, card } = this.requireActive(r);
        if (!card.bank) refuse('PAYMENT_NOT_ENABLED');
        this.verifyUser(r.person, e, step.secret)();
        e.level = 2;
        return { status: 'active', level: 2 };
      }
      case 'issueQr': {
        const r = resolved!;
        const secret = step.secret;
        this.mint(r.person, secret && 'realPerson' in secret ? secret.realPerson : undefined);
        const { e, card } = this.requireActive(r);
        let consume: () => void = () => undefined;
        if (step.purpose === 'payment') {
          // R7: payment codes need level 2 and a bank account still active, and verification.
          if (e.level !== 2 || !card.bank) refuse('PAYMENT_NOT_ENABLED');
          if (!secret) refuse('VALIDATION_FAILED');
        }
        // R18: a verification given is checked, whatever the purpose.
        if (secret) consume = this.verifyUser(r.person, e, secret);
        consume();
        const issuedAtS = Math.floor(this.now / 1000);
        this.qrs.push({
          expiresAtS: issuedAtS + QR_TTL_S,
          issuedAtS,
          used: false,
          charged: false,
          person: r.person,
          ecard: r.ecard!,
          channel: r.channel,
          purpose: step.purpose,
        });
        return { purpose: step.purpose };
      }
      case 'verifyQr': {
        // R15 / R16: offline at a gate; expiry is checked before the nonce is consumed.
        const qr = this.qrs[step.qr % this.qrs.length]!;
        if (this.now > qr.expiresAtS * 1000 + QR_TOLERANCE_MS) refuse('QR_EXPIRED');
        if (qr.used) refuse('QR_REPLAYED');
        qr.used = true;
        return {};
      }
      case 'openSession': {
        for (const s of this.sessions) {
          if (s.expiresAt <= this.now - SESSION_SWEEP_MS) s.gone = true;
        }
        this.sessions.push({ expiresAt: this.now + LOGIN_TTL_MS, state: 'pending', gone: false });
        return {};
      }
      case 'scanLogin': {
        const r = resolved!;
        this.requireActive(r);
        const i = this.sessionIndex(step.session)!;
        const state = this.sessionState(i);
        if (state === undefined) refuse('LOGIN_NOT_FOUND');
        if (state === 'expired') refuse('LOGIN_EXPIRED');
        if (state !== 'pending') refuse('LOGIN_STATE');
        const s = this.sessions[i]!;
        s.state = 'scanned';
        s.scannedBy = { person: r.person, ecard: r.ecard!, channel: r.channel };
        return { portal: 'gov-portal' };
      }
      case 'confirmLogin':
      case 'rejectLogin': {
        const r = resolved!;
        if (step.kind === 'confirmLogin') {
          this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        } else {
          this.requireActive(r); // R13: on an inactive card only unbinding is allowed
        }
        const i = this.sessionIndex(step.session)!;
        const s = this.sessions[i]!;
        const by = s.scannedBy;
        const state = this.sessionState(i);
        if (
          state === undefined ||
          !by ||
          by.person !== r.person ||
          by.ecard !== r.ecard ||
          by.channel !== r.channel
        ) {
          refuse('LOGIN_NOT_FOUND');
        }
        if (state === 'expired') refuse('LOGIN_EXPIRED');
        if (state !== 'scanned') refuse('LOGIN_STATE');
        if (step.kind === 'rejectLogin') {
          s.state = 'rejected';
          return {};
        }
        const { e } = this.requireActive(r);
        this.verifyUser(r.person, e, step.secret)();
        s.state = 'confirmed';
        return {};
      }
      case 'setCardStatus': {
        const cards = this.people[step.person]!.cards;
        cards[cards.length - 1]!.status = step.status;
        return {};
      }
      case 'replaceCard': {
        // R14: the old card is cancelled, the new one is normal with the same bank account.
        const cards = this.people[step.person]!.cards;
        const old = cards[cards.length - 1]!;
        old.status = 'cancelled';
        cards.push({ status: 'normal', bank: old.bank });
        return {};
      }
      case 'setBankAccountActive': {
        const cards = this.people[step.person]!.cards;
        cards[cards.length - 1]!.bank = step.active;
        return {};
      }
      case 'advance':
        this.now += ADVANCE_MS;
        return {};
      case 'charge':
        return this.charge(step);
      case 'getPayment': {
        const payment = this.byOrder.get(`${step.merchant}|${step.orderId}`);
        if (!payment) refuse('PAYMENT_NOT_FOUND');
        return this.paymentView(payment!);
      }
      case 'refund':
        return this.refund(step);
      case 'query': {
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        const { e } = this.requireActive(r);
        this.verifyUser(r.person, e, step.secret)();
        return { topic: 'insurance' };
      }
      case 'addBill':
        this.bills.push({ person: step.person, kind: step.billKind, amount: BigInt(step.amount) });
        return {};
      case 'payBill': {
        // R26, in the platform's order: the card, the level, the bill, the holder, the bank.
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        const { e, card } = this.requireActive(r);
        if (e.level !== 2 || !card.bank) refuse('PAYMENT_NOT_ENABLED');
        const bill = this.bills[step.bill];
        if (!bill || bill.person !== r.person) refuse('BILL_NOT_FOUND');
        if (bill!.paidAt !== undefined) refuse('BILL_ALREADY_PAID');
        const consume = this.verifyUser(r.person, e, step.secret);
        const purse = this.purses[r.person]!;
        if (purse.bank < bill!.amount) refuse('PAYMENT_DECLINED');
        consume();
        purse.bank -= bill!.amount;
        bill!.paidAt = this.now;
        return this.billView(bill!);
      }
      case 'addFather': {
        // R31: the holder's verification and the (adult) member's own real-person proof.
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        this.mintFather(step.fatherProof);
        const { e } = this.requireActive(r);
        if (this.father.memberOf.has(r.person)) refuse('ALREADY_MEMBER');
        const consumeHolder = this.verifyUser(r.person, e, step.secret);
        const consumeFather = this.checkFatherProof(step.fatherProof);
        consumeHolder();
        consumeFather();
        this.father.memberOf.add(r.person);
        return { relation: 'parent' };
      }
      case 'removeFather': {
        const r = resolved!;
        this.mint(r.person, 'realPerson' in step.secret ? step.secret.realPerson : undefined);
        const e = this.requireBinding(r);
        if (!this.father.memberOf.has(r.person)) refuse('MEMBER_NOT_FOUND');
        this.verifyUser(r.person, e, step.secret)();
        this.father.memberOf.delete(r.person);
        return {};
      }
      case 'createOrderCode':
      case 'scanOrder':
      case 'payOrder':
      case 'declineOrder':
      case 'runDisbursement':
        return predictSeed(this, this.hooks(), step, resolved);
      case 'certifyFather': {
        // R33 for a member (R32): no active card needed, the proof must be the father's own.
        const r = resolved!;
        this.mintFather(step.fatherProof);
        this.requireBinding(r);
        if (!this.father.memberOf.has(r.person)) refuse('MEMBER_NOT_FOUND');
        this.checkFatherProof(step.fatherProof)();
        this.father.certifiedAt = this.now;
        return { status: 'certified', certifiedAt: iso(this.now) };
      }
    }
  }

  /** What ./seed-model.ts uses of the model's rules. */
  private hooks(): ModelHooks {
    return {
      refuse,
      requireActive: (r) => {
        this.requireActive(r);
      },
      verifyUser: (r, secret) => this.verifyUser(r.person, this.ecardOf(r)!, secret),
      payable: (r) => {
        const { e, card } = this.requireActive(r);
        return e.level === 2 && card.bank;
      },
      mint: (r, secret) =>
        this.mint(r.person, secret && 'realPerson' in secret ? secret.realPerson : undefined),
    };
  }

  /** The father's proof: his own, unused, unexpired (`other` is somebody else's). */
  private checkFatherProof(choice: ProofChoice): () => void {
    const proof = this.father.proof;
    const good =
      choice !== 'other' && proof !== undefined && !proof.used && proof.expiresAt > this.now;
    if (!good) refuse('REAL_PERSON_FAILED');
    return () => {
      proof!.used = true;
    };
  }

  /** R12/R21 (§6.0): a code pays only while the binding that showed it holds. */
  private showingBindingHolds(code: MQr): boolean {
    const e = this.people[code.person]!.ecards[code.ecard]!;
    const boundAt = e.boundAt.get(code.channel);
    // The code says its issue time in whole seconds: a binding of that second still counts.
    return (
      e.bound.has(code.channel) &&
      boundAt !== undefined &&
      Math.floor(boundAt / 1000) <= code.issuedAtS
    );
  }

  /** R21–R24: a charge, in the platform's order of checks. */
  private charge(req: ChargeRequest): Record<string, unknown> {
    this.attempts.push({
      ...req,
      ...(req.items ? { items: req.items.map((i) => ({ ...i })) } : {}),
    });
    // R22, checked by the terminal before anything is sent.
    if (!fenOk(req.amount)) refuse('VALIDATION_FAILED');
    if (req.items) {
      let sum = 0;
      for (const item of req.items) {
        if (!fenOk(item.amount)) refuse('VALIDATION_FAILED');
        sum += item.amount;
      }
      if (sum !== req.amount) refuse('VALIDATION_FAILED');
    }
    // R24: an order id names one charge: amount, items and code.
    const key = `${req.merchant}|${req.orderId}`;
    const fingerprint = JSON.stringify([req.amount, req.items ?? null, req.qr]);
    const existing = this.byOrder.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) refuse('ORDER_CONFLICT');
      return this.paymentView(existing);
    }
    // R21: before it expires (no tolerance online), once; consumed from here on (R15).
    const code = this.qrs[req.qr]!;
    if (this.now > code.expiresAtS * 1000) refuse('QR_EXPIRED');
    if (code.charged) refuse('QR_REPLAYED');
    code.charged = true;
    if (code.purpose !== 'payment') refuse('PAYMENT_NOT_ENABLED');
    const e = this.people[code.person]!.ecards[code.ecard]!;
    const card = this.people[code.person]!.cards[e.card]!;
    if (card.status !== 'normal') refuse('CARD_INACTIVE');
    if (e.level !== 2 || !card.bank) refuse('PAYMENT_NOT_ENABLED');
    if (!this.showingBindingHolds(code)) refuse('NOT_BOUND');
    return this.settlePayment({ ...req, person: code.person, ecard: code.ecard, fingerprint });
  }

  /** R23, all or nothing: one payment of an order (by payment code or order code, R24). */
  settlePayment(p: {
    person: number;
    ecard: number;
    merchant: number;
    orderId: string;
    amount: number;
    items?: ChargeItem[];
    fingerprint: string;
  }): Record<string, unknown> {
    const purse = this.purses[p.person]!;
    let covered = 0n;
    for (const item of p.items ?? [])
      if (item.coverage === 'covered') covered += BigInt(item.amount);
    const medical = MEDICAL_KINDS.has(MERCHANTS[p.merchant]!.kind);
    const settled = settle(BigInt(p.amount), covered, medical, purse, this.flaws);
    if (!settled) refuse('PAYMENT_DECLINED');
    const { split, deductibleUsed } = settled!;
    purse.bank -= split.selfPay;
    purse.personalAccount -= split.personalAccount;
    purse.deductibleLeft -= deductibleUsed;
    const payment: MPayment = {
      merchant: p.merchant,
      orderId: p.orderId,
      person: p.person,
      ecard: p.ecard,
      amount: BigInt(p.amount),
      fingerprint: p.fingerprint,
      split,
      back: { ...ZERO_SPLIT },
      paidAt: this.now,
    };
    this.payments.push(payment);
    this.byOrder.set(`${p.merchant}|${p.orderId}`, payment);
    return this.paymentView(payment);
  }

  /** R25: refund ids, the cap, and the order money goes back in; the deductible stays used. */
  private refund(step: Extract<Step, { kind: 'refund' }>): Record<string, unknown> {
    if (step.amount !== undefined && !fenOk(step.amount)) refuse('VALIDATION_FAILED');
    const payment = this.byOrder.get(`${step.merchant}|${step.orderId}`);
    if (!payment) refuse('PAYMENT_NOT_FOUND');
    const p = payment!;
    const refundKey = `${step.merchant}|${step.refundId}`;
    const requested = step.amount ?? 'rest';
    const earlier = this.refunds.get(refundKey);
    if (earlier) {
      // §6.0 R25: a refund id names one refund of one merchant, on one order.
      if (earlier.orderId !== step.orderId || earlier.requested !== requested) {
        refuse('ORDER_CONFLICT');
      }
      return this.paymentView(p);
    }
    const left = p.amount - (p.back.pooledFund + p.back.personalAccount + p.back.selfPay);
    const amount = step.amount === undefined ? left : BigInt(step.amount);
    if (amount < 1n || amount > left) refuse('REFUND_EXCEEDED');
    const parts = refundParts(amount, p.split, p.back, this.flaws);
    const purse = this.purses[p.person]!;
    purse.bank += parts.selfPay;
    purse.personalAccount += parts.personalAccount;
    p.back = addSplit(p.back, parts);
    this.refunds.set(refundKey, { orderId: step.orderId, requested });
    return this.paymentView(p);
  }
}
