/**
 * The system under test for the model run: a demo MockPlatform on a test clock, one client
 * per channel, a login portal and an offline QR gate, all through the public API. `exec`
 * performs one step and reports it as an `Outcome`; `observe` compares everything a user can
 * see (every card in every channel, every login session) with the model.
 */
import { expect } from 'vitest';
import {
  createLoginPortal,
  createQrVerifier,
  type LoginPortal,
  type QrVerifier,
} from '../../src/acceptor/index.js';
import {
  createClient,
  type EsscClient,
  isEsscError,
  type UserVerification,
} from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import {
  ADVANCE_MS,
  CHANNELS,
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

  private constructor(platform: MockPlatform, gate: QrVerifier, now: () => number) {
    this.platform = platform;
    this.gate = gate;
    this.clients = CHANNELS.map((id) => createClient({ adapter: platform.adapter(id) }));
    this.portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal'), now });
  }

  static async create(): Promise<Real> {
    let real: Real | undefined;
    const now = () => real?.now ?? START_MS;
    // One PBKDF2 round: the model checks rules, not the cost of guessing a password.
    const platform = MockPlatform.demo({ now, passwordHashIterations: 1 });
    const gate = createQrVerifier({ jwks: await platform.jwks(), now });
    real = new Real(platform, gate, now);
    return real;
  }

  close(): void {
    for (const client of this.clients) client.close();
  }

  private signNo(r: Resolved): string {
    return (
      (r.ecard === undefined ? undefined : this.signNos[r.person]![r.ecard]) ?? NO_SUCH_SIGN_NO
    );
  }

  private proof(person: number, choice: ProofChoice): string {
    const { idNumber } = PEOPLE[person]!;
    if (choice === 'other') {
      return this.platform.realPersonProof(PEOPLE[(person + 1) % PEOPLE.length]!.idNumber);
    }
    if (choice === 'replay') return this.lastProof[person] ?? 'rp_never_issued';
    const fresh = this.platform.realPersonProof(idNumber);
    this.lastProof[person] = fresh;
    return fresh;
  }

  private verification(person: number, secret: Secret): UserVerification {
    return 'password' in secret
      ? { password: passwordText(secret.password, person) }
      : { realPerson: this.proof(person, secret.realPerson) };
  }

  private cardNo(person: number): string {
    return this.platform.currentCard(PEOPLE[person]!.idNumber).cardNo;
  }

  async exec(step: Step, r: Resolved | undefined): Promise<Outcome> {
    try {
      return { ok: true, value: await this.perform(step, r) };
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
  }
}
