/**
 * A small, independent model of the rules R5–R17 (/work/shared/DESIGN.md §1), written from
 * the rules and not from the engine: for every step it predicts success or the exact
 * `EsscError` code, and it changes its own state as the platform should.
 *
 * The model is deliberately plain data plus one `predict` function per step, so a new area
 * extends it in three places: (1) state here (payments: a bank balance per card and a list of
 * payments; services: applications per e-card; family: members per e-card), (2) a `Step`
 * variant with its `predict` case below, (3) the real call in `real.ts` and an arbitrary in
 * `steps.ts`. `observe` in `real.ts` then compares whatever new state a user can see.
 */
import { DEMO_PEOPLE } from '../../src/mock/index.js';

/** The people of the run: 张三 (bank account active), 李四 (no bank account), 王五 (city not enabled). */
export const PEOPLE = [DEMO_PEOPLE[0], DEMO_PEOPLE[2], DEMO_PEOPLE[3]] as const;
export const CHANNELS = ['wechat', 'alipay'] as const;
/** A name that is valid in form but belongs to nobody here (IDENTITY_MISMATCH). */
export const WRONG_NAME = '赵六';

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
  | { kind: 'advance' };

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
}
interface MPerson {
  cards: MCard[];
  ecards: MECard[];
  proof?: { used: boolean; expiresAt: number };
}
export type SessionState = 'pending' | 'scanned' | 'confirmed' | 'rejected' | 'expired';
interface MSession {
  expiresAt: number;
  state: SessionState;
  gone: boolean;
  scannedBy?: { person: number; ecard: number; channel: number };
}

/** Deliberate mistakes, to prove the model test catches a model (or a platform) that is wrong. */
export interface Flaws {
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

export class Model {
  now: number;
  readonly people: MPerson[];
  readonly sessions: MSession[] = [];
  readonly qrs: { expiresAtS: number; used: boolean }[] = [];

  constructor(
    start: number,
    readonly flaws: Flaws = {},
  ) {
    this.now = start;
    // MockPlatform.demo(): bank accounts are active in Guangzhou only.
    this.people = PEOPLE.map((person) => ({
      cards: [{ status: 'normal', bank: person.regionCode === '440100' }],
      ecards: [],
    }));
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
          p.ecards.push({ card: cardIndex, password, failures: 0, level: 1, bound: new Set() });
          card.ecard = index;
        }
        consume();
        const e = p.ecards[index]!;
        e.bound.add(step.channel);
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
          consume = this.verifyUser(r.person, e, secret!);
        }
        consume();
        this.qrs.push({ expiresAtS: Math.floor(this.now / 1000) + QR_TTL_S, used: false });
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
    }
  }
}
