import type { JWK } from '../crypto/index.js';
import type { BenefitPayment } from '../domain/benefits.js';
import type { Certification, FamilyMember } from '../domain/family.js';
import { maskIdNumber } from '../domain/masking.js';
import type { QueryTopic } from '../domain/records.js';
import type { Application } from '../domain/services.js';
import type {
  Bill,
  ECardLevel,
  ECardStatus,
  LoginScope,
  LossReporter,
  MerchantKind,
  Payment,
  PhysicalCardStatus,
} from '../domain/types.js';
import { rollDeductibleYear } from './accounts.js';
import type { Applications } from './applications.js';
import type { Benefits } from './benefits.js';
import type { Bills } from './bills.js';
import { certificationAt } from './certification.js';
import type { EngineContext } from './context.js';
import { type BenefitRecord, eCardStatus, type PersonRecord } from './entities.js';
import type { Family } from './family.js';
import type { Payments } from './payments.js';
import type { Queries } from './queries.js';
import { MAX_PASSWORD_FAILURES } from './user-verification.js';

/** One person in the back office's list: what a search shows, the ID number masked. */
export interface PersonSummary {
  name: string;
  /** `440106********1231`: lists never carry a full ID number. */
  idNumberMasked: string;
  regionCode: string;
  /** The card the person holds now: the handle the back office opens the person by. */
  cardNo: string;
  cardStatus: PhysicalCardStatus;
  /** While the card is `lost`: who reported it, the holder in an app or the back office (R43). */
  lossReportedBy?: LossReporter;
  /** The e-card of that card, if one was issued: its sign number, level and bound channels. */
  eCard: { signNo: string; level: ECardLevel; channels: string[] } | null;
}

/**
 * One person as the back office works on them. It holds the full ID number (the back
 * office's controls take it), never a password, its hash or a proof; with the family members
 * they hold (R31) and their certification (R33).
 */
export interface PersonDetail extends Omit<PersonSummary, 'eCard'> {
  idNumber: string;
  regionName: string | null;
  regionEnabled: boolean;
  bankAccountActive: boolean;
  eCard: {
    signNo: string;
    status: ECardStatus;
    level: ECardLevel;
    /** R11: locked after five wrong passwords in a row, until a reset. */
    passwordLocked: boolean;
    passwordFailures: number;
    bindings: { channelId: string; channelName: string | null; boundAt: string }[];
  } | null;
  balances: { bank: number; personalAccount: number; deductibleLeft: number };
  medical: { coverage: number; deductible: number };
  bills: Bill[];
  applications: (Application & { signNo: string })[];
  /** The payments of the current e-card, newest first. */
  payments: Payment[];
  /** The members this person holds (R31), masked. */
  family: FamilyMember[];
  /** Their own entitlement certification (R33). */
  certification: Certification;
  /** Their benefit (R44): its kind and monthly amount in fen; null without one. */
  benefit: { kind: 'pension'; monthlyAmount: number } | null;
  /** Their benefit payments, newest first, one per month (R44). */
  benefitPayments: BenefitPayment[];
  /** How many records the person has per query topic (R28). */
  records: Partial<Record<QueryTopic, number>>;
}

/** The registered callers, with their key ids (the public key's `kid`), never a key itself. */
export interface PartiesView {
  regions: { regionCode: string; name: string }[];
  channels: { id: string; name: string; keyId: string | null; webhookUrl: string | null }[];
  portals: { id: string; name: string; keyId: string | null; scopes: LoginScope[] }[];
  merchants: { id: string; name: string; kind: MerchantKind; keyId: string | null }[];
}

const benefitOf = (benefit: BenefitRecord | undefined): PersonDetail['benefit'] =>
  benefit ? { kind: benefit.kind, monthlyAmount: benefit.monthlyAmount } : null;

const keyIdOf = (key: JWK | undefined): string | null =>
  typeof key?.kid === 'string' ? key.kid : null;

/**
 * What the back office reads of the platform (the sandbox console's lists): people with
 * their cards, e-cards, bindings, money, bills, applications and payments; the registered
 * callers. Read-only, and built from the records the rules keep, so it cannot disagree with
 * them.
 */
export class BackOfficeViews {
  constructor(
    private readonly ctx: EngineContext,
    private readonly payments: Payments,
    private readonly bills: Bills,
    private readonly applications: Applications,
    private readonly queries: Queries,
    private readonly family: Family,
    private readonly benefits: Benefits,
  ) {}

  persons(): PersonSummary[] {
    return [...this.ctx.registry.persons.values()].map((person) => this.summary(person));
  }

  person(idNumber: string): PersonDetail {
    const { registry } = this.ctx;
    const person = registry.requirePerson(idNumber);
    const card = registry.cards.get(person.cardNo)!;
    const account = registry.accounts.get(person.idNumber)!;
    const signNo = registry.signNoOfCard(card.cardNo);
    const ecard = signNo === undefined ? undefined : registry.ecardOf(signNo)?.ecard;
    const region = registry.regions.get(card.regionCode);
    return {
      ...this.summary(person),
      idNumber: person.idNumber,
      regionName: region?.name ?? null,
      regionEnabled: region !== undefined,
      bankAccountActive: card.bankAccountActive,
      eCard: ecard
        ? {
            signNo: ecard.signNo,
            status: eCardStatus(card.status),
            level: ecard.level,
            passwordLocked: ecard.failures >= MAX_PASSWORD_FAILURES,
            passwordFailures: ecard.failures,
            bindings: registry.bindingsOf(ecard.signNo).map((binding) => ({
              channelId: binding.channelId,
              channelName: registry.channels.get(binding.channelId)?.name ?? null,
              boundAt: new Date(binding.boundAt).toISOString(),
            })),
          }
        : null,
      balances: this.balancesOf(person.idNumber),
      medical: { coverage: account.coverageBp / 10_000, deductible: account.deductible },
      bills: this.bills.billsOf(person.idNumber),
      applications: this.applications.applicationsOf(person.idNumber),
      payments: ecard ? this.payments.paymentsOfCard(ecard.signNo) : [],
      records: this.queries.recordCounts(person.idNumber),
      family: this.family.familyOf(person.idNumber),
      certification: certificationAt(registry.benefits.get(person.idNumber), this.ctx.now()),
      benefit: benefitOf(registry.benefits.get(person.idNumber)),
      benefitPayments: this.benefits.paymentsOf(person.idNumber),
    };
  }

  /** The holder of a card (any card they held: a replaced one still names its holder). */
  holderOfCard(cardNo: string): PersonDetail {
    const card = this.ctx.registry.cards.get(cardNo);
    return this.person(card?.idNumber ?? '');
  }

  parties(): PartiesView {
    const { registry } = this.ctx;
    return {
      regions: [...registry.regions].map(([regionCode, { name }]) => ({ regionCode, name })),
      channels: [...registry.channels.values()].map((channel) => ({
        id: channel.id,
        name: channel.name,
        keyId: keyIdOf(channel.publicKey),
        webhookUrl: channel.webhookUrl ?? null,
      })),
      portals: [...registry.portals.values()].map((portal) => ({
        id: portal.id,
        name: portal.name,
        keyId: keyIdOf(portal.publicKey),
        scopes: [...portal.scopes],
      })),
      merchants: [...registry.merchants.values()].map((merchant) => ({
        id: merchant.id,
        name: merchant.name,
        kind: merchant.kind,
        keyId: keyIdOf(merchant.publicKey),
      })),
    };
  }

  recentPayments(limit: number): Payment[] {
    return this.payments.recentPayments(limit);
  }

  private balancesOf(idNumber: string): PersonDetail['balances'] {
    const account = this.ctx.registry.accounts.get(idNumber)!;
    rollDeductibleYear(account, this.ctx.now());
    return {
      bank: account.bank,
      personalAccount: account.personalAccount,
      deductibleLeft: account.deductibleLeft,
    };
  }

  private summary(person: PersonRecord): PersonSummary {
    const { registry } = this.ctx;
    const card = registry.cards.get(person.cardNo)!;
    const signNo = registry.signNoOfCard(card.cardNo);
    const ecard = signNo === undefined ? undefined : registry.ecardOf(signNo)?.ecard;
    return {
      name: person.name,
      idNumberMasked: maskIdNumber(person.idNumber),
      regionCode: card.regionCode,
      cardNo: card.cardNo,
      cardStatus: card.status,
      ...(card.status === 'lost' && card.lossReportedBy
        ? { lossReportedBy: card.lossReportedBy }
        : {}),
      eCard: ecard
        ? {
            signNo: ecard.signNo,
            level: ecard.level,
            channels: registry.channelsBoundTo(ecard.signNo),
          }
        : null,
    };
  }
}
