import * as z from 'zod/mini';
import { type CryptoSuite, type JWK, jwsAlgorithm } from '../crypto/index.js';
import { DEFAULT_MONTHLY_BENEFIT } from '../domain/benefits.js';
import { EsscError } from '../domain/errors.js';
import type { Benefit } from '../domain/family.js';
import { benefitSchema } from '../domain/family-schemas.js';
import { parseIdNumber } from '../domain/id-number.js';
import { maskCardNo } from '../domain/masking.js';
import type { NewPerson } from '../domain/new-person.js';
import { parseInput } from '../domain/parse-input.js';
import { channelIdSchema } from '../domain/schemas.js';
import type { LoginScope, MerchantKind, PhysicalCardStatus } from '../domain/types.js';
import { type BalanceChange, openAccount, rollDeductibleYear, setBalances } from './accounts.js';
import { changeCardStatus } from './card-status.js';
import type { EngineContext } from './context.js';
import type {
  BenefitRecord,
  CardRecord,
  ChannelRecord,
  MerchantRecord,
  PortalRecord,
} from './entities.js';
import { IMPLIED_LOGIN_SCOPES, LOGIN_SCOPES, requireScopes } from './login-scopes.js';

const benefitFieldSchema = z.object({ benefit: benefitSchema });

const MERCHANT_KINDS: ReadonlySet<string> = new Set<MerchantKind>([
  'hospital',
  'pharmacy',
  'clinic',
  'transit',
  'shop',
]);

/** The card numbers of a replacement (R14). */
export interface CardReplacement {
  /** The cancelled card. */
  oldCardNo: string;
  /** The card issued in its place. */
  newCardNo: string;
}

/**
 * What the national platform's back office does: regions (R4), persons and their physical
 * cards (R1, R2), card status (R3, R13) and replacement (R14), channel and portal
 * registration (R19). Changes to a person's card run in turn with that person's channel
 * operations (see {@link EngineContext.serialised}).
 */
export class BackOffice {
  /** Replacements decided but still queued behind the person's operation in flight. */
  private readonly scheduledCardNo = new Map<string, string>();

  constructor(private readonly ctx: EngineContext) {}

  enableRegion(regionCode: string, name = regionCode): void {
    this.ctx.registry.regions.set(regionCode, { name });
  }

  isRegionEnabled(regionCode: string): boolean {
    return this.ctx.registry.regions.has(regionCode);
  }

  addPerson(input: NewPerson & { cardNo?: string }): { cardNo: string } {
    const { registry } = this.ctx;
    const parsed = parseIdNumber(input.idNumber, this.ctx.now());
    if (!parsed.ok) {
      throw new EsscError('VALIDATION_FAILED', `The ID number is not valid (${parsed.reason}).`, {
        details: { issues: [{ path: ['idNumber'], message: parsed.reason }] },
      });
    }
    if (registry.persons.has(parsed.idNumber)) {
      throw new EsscError('VALIDATION_FAILED', 'A person with this ID number already exists.', {
        details: { issues: [{ path: ['idNumber'], message: 'already exists' }] },
      });
    }
    // Checked before any record is made: a bad amount leaves no half-added person.
    const account = openAccount(input, this.ctx.now());
    const benefit = input.benefit === undefined ? undefined : openBenefit(input.benefit);
    const cardNo = input.cardNo ?? registry.newCardNo();
    registry.cards.set(cardNo, {
      cardNo,
      idNumber: parsed.idNumber,
      regionCode: input.regionCode,
      status: input.cardStatus ?? 'normal',
      bankAccountActive: input.bankAccountActive ?? false,
      ...(input.cardStatus === 'lost' ? { lossReportedBy: 'back-office' as const } : {}),
    });
    registry.persons.set(parsed.idNumber, { idNumber: parsed.idNumber, name: input.name, cardNo });
    registry.accounts.set(parsed.idNumber, account);
    if (benefit) registry.benefits.set(parsed.idNumber, benefit);
    return { cardNo };
  }

  /** A person's balances (R23, R26), fen; this year's deductible left. */
  balances(idNumber: string): { bank: number; personalAccount: number; deductibleLeft: number } {
    const person = this.ctx.registry.requirePerson(idNumber);
    const account = this.ctx.registry.accounts.get(person.idNumber)!;
    rollDeductibleYear(account, this.ctx.now());
    return {
      bank: account.bank,
      personalAccount: account.personalAccount,
      deductibleLeft: account.deductibleLeft,
    };
  }

  /** Sets a person's balances (the sandbox's back office); serialised with their operations. */
  setBalances(idNumber: string, change: BalanceChange): Promise<void> {
    const person = this.ctx.registry.requirePerson(idNumber);
    const account = this.ctx.registry.accounts.get(person.idNumber)!;
    return this.ctx.serialised(person.idNumber, () => setBalances(account, change, this.ctx.now()));
  }

  /** The card a person holds now. */
  currentCard(idNumber: string): { cardNo: string; status: PhysicalCardStatus } {
    const person = this.ctx.registry.requirePerson(idNumber);
    const card = this.ctx.registry.cards.get(person.cardNo)!;
    return { cardNo: card.cardNo, status: card.status };
  }

  /**
   * Sets the physical card's status; the e-card follows (R3) and every bound channel is told
   * (R13). A loss set here is the back office's (R43): the holder cannot withdraw it in the app.
   */
  setCardStatus(cardNo: string, status: PhysicalCardStatus): Promise<void> {
    const card = this.requireCard(cardNo);
    return this.ctx.serialised(card.idNumber, () =>
      changeCardStatus(this.ctx, card, status, { by: 'back-office' }),
    );
  }

  /** R7: level 2 needs the card's bank account active. */
  setBankAccountActive(cardNo: string, active: boolean): Promise<void> {
    const card = this.requireCard(cardNo);
    return this.ctx.serialised(card.idNumber, () => {
      card.bankAccountActive = active;
    });
  }

  /**
   * R14: the old card is cancelled, a new one issued; the e-card of the old card stays
   * cancelled. The card numbers are decided at once (so callers read them synchronously); the
   * change itself is serialised like {@link setCardStatus}.
   */
  replaceCard(idNumber: string): Promise<CardReplacement> & CardReplacement {
    const { registry } = this.ctx;
    const person = registry.requirePerson(idNumber);
    // A replacement already queued for this person is the one this one replaces.
    const oldCardNo = this.scheduledCardNo.get(person.idNumber) ?? person.cardNo;
    const newCardNo = registry.newCardNo();
    const old = registry.cards.get(oldCardNo)!;
    // Reserved now (no other card can draw the number); the person holds it once applied.
    registry.cards.set(newCardNo, {
      cardNo: newCardNo,
      idNumber: person.idNumber,
      regionCode: old.regionCode,
      status: 'normal',
      bankAccountActive: old.bankAccountActive,
    });
    this.scheduledCardNo.set(person.idNumber, newCardNo);
    const replacement: CardReplacement = { oldCardNo, newCardNo };
    const applied = this.ctx.serialised(person.idNumber, () => {
      if (this.scheduledCardNo.get(person.idNumber) === newCardNo) {
        this.scheduledCardNo.delete(person.idNumber);
      }
      // The new card is the person's first: the old one's change is no member's status (R32).
      person.cardNo = newCardNo;
      // The one status path: card.replaced to its channels, and its listeners (R42: the old
      // card's offline credentials end with it, the cancelled e-card's and its members').
      changeCardStatus(this.ctx, old, 'cancelled', { by: 'back-office', replaced: true });
      return replacement;
    });
    return Object.assign(applied, replacement);
  }

  /** R19: registering an id again replaces it. */
  registerChannel(input: { id: string; name: string; publicKey?: JWK; webhookUrl?: string }): void {
    if (input.webhookUrl !== undefined && !isWebhookUrl(input.webhookUrl)) {
      throw new EsscError(
        'VALIDATION_FAILED',
        'webhookUrl must be an absolute http: or https: URL.',
        {
          details: { issues: [{ path: ['webhookUrl'], message: 'not an http(s) URL' }] },
        },
      );
    }
    requireCallerId(input.id, 'channel');
    requireCallerKey(input.publicKey, this.ctx.keys.suite);
    this.ctx.registry.channels.set(input.id, { ...input });
  }

  channel(id: string): ChannelRecord | undefined {
    return this.ctx.registry.channels.get(id);
  }

  /**
   * R30: `scopes` is what the portal's sessions may ask for; left out, the four claims other
   * than `signNo` (a portal asks for the sign number only when registered with it).
   */
  registerPortal(input: {
    id: string;
    name: string;
    publicKey?: JWK;
    scopes?: LoginScope[];
  }): void {
    requireCallerId(input.id, 'portal');
    requireCallerKey(input.publicKey, this.ctx.keys.suite);
    const scopes = requireScopes(input.scopes ?? IMPLIED_LOGIN_SCOPES, LOGIN_SCOPES);
    this.ctx.registry.portals.set(input.id, { ...input, scopes });
  }

  portal(id: string): PortalRecord | undefined {
    return this.ctx.registry.portals.get(id);
  }

  /** R21: a merchant is registered like a channel; registering an id again replaces it. */
  registerMerchant(input: { id: string; name: string; kind: MerchantKind; publicKey?: JWK }): void {
    requireCallerId(input.id, 'merchant');
    if (!MERCHANT_KINDS.has(input.kind)) {
      throw new EsscError(
        'VALIDATION_FAILED',
        'The merchant kind must be hospital, pharmacy, clinic, transit or shop.',
        { details: { issues: [{ path: ['kind'], message: 'unknown merchant kind' }] } },
      );
    }
    requireCallerKey(input.publicKey, this.ctx.keys.suite);
    this.ctx.registry.merchants.set(input.id, { ...input });
  }

  merchant(id: string): MerchantRecord | undefined {
    return this.ctx.registry.merchants.get(id);
  }

  private requireCard(cardNo: string): CardRecord {
    const card = this.ctx.registry.cards.get(cardNo);
    if (!card) throw new EsscError('CARD_NOT_FOUND', `No card ${maskCardNo(cardNo)}.`);
    return card;
  }
}

/** Channel and portal ids have one form (they travel in QR codes and request signatures). */
function requireCallerId(id: string, kind: 'channel' | 'portal' | 'merchant'): void {
  const parsed = channelIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new EsscError(
      'VALIDATION_FAILED',
      `Invalid ${kind} id: ${parsed.error.issues[0]?.message}`,
      {
        details: {
          issues: [{ path: ['id'], message: parsed.error.issues[0]?.message ?? 'invalid' }],
        },
      },
    );
  }
}

/** The request-signature algorithms a platform of each suite takes from its callers (R34). */
const CALLER_ALGORITHMS: Record<CryptoSuite, readonly string[]> = {
  jose: ['EdDSA', 'ES256'],
  sm: ['SM2'],
};

/**
 * R34: a caller's key is of the platform's suite — SM2 under `sm`, Ed25519 or P-256 under
 * `jose` — since a platform verifies with one suite. Decided here, where every channel, portal
 * and merchant is registered (in process and over the sandbox's admin routes), so a request
 * signature can only verify under the registered key's algorithm, which is the suite's.
 */
function requireCallerKey(publicKey: JWK | undefined, suite: CryptoSuite): void {
  if (publicKey === undefined) return;
  const alg = jwsAlgorithm(publicKey);
  if (alg && CALLER_ALGORITHMS[suite].includes(alg)) return;
  const wanted =
    suite === 'sm'
      ? 'an SM2 JWK ({ kty: "EC", crv: "SM2", x, y })'
      : 'an Ed25519 (EdDSA) or P-256 (ES256) JWK';
  throw new EsscError(
    'VALIDATION_FAILED',
    `A platform of the ${suite} suite takes ${wanted} as a caller's publicKey.`,
    { details: { issues: [{ path: ['publicKey'], message: `not ${wanted}` }] } },
  );
}

function isWebhookUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** R33, R44: the benefit of `addPerson`, checked; its last certification as milliseconds. */
function openBenefit(input: Benefit): BenefitRecord {
  // Wrapped so an issue's path names the field: ['benefit', 'certifiedAt'].
  const { benefit } = parseInput(benefitFieldSchema, { benefit: input });
  return {
    kind: benefit.kind,
    ...(benefit.certifiedAt === undefined ? {} : { certifiedAt: Date.parse(benefit.certifiedAt) }),
    monthlyAmount: benefit.monthlyAmount ?? DEFAULT_MONTHLY_BENEFIT,
  };
}
