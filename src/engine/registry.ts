import { base64urlEncode, randomBytes } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { QR_CARD_REF_BYTES } from '../qr/codec.js';
import {
  type AccountRecord,
  type BenefitRecord,
  type BindingRecord,
  type CardRecord,
  type ChannelRecord,
  type ECardRecord,
  eCardStatus,
  type MerchantRecord,
  type PersonRecord,
  type PortalRecord,
} from './entities.js';
import { toBase32 } from './ids.js';

/** An e-card with the records around it. */
export interface ECardView {
  ecard: ECardRecord;
  card: CardRecord;
  person: PersonRecord;
}

/**
 * The platform's records that several capabilities share: regions, persons, physical cards,
 * e-cards and their bindings, channels and portals, with the lookups every rule starts from.
 * Records only one capability needs (proofs, login sessions, idempotent outcomes) live in
 * that capability's module.
 */
export class Registry {
  readonly regions = new Map<string, { name: string }>();
  readonly persons = new Map<string, PersonRecord>();
  readonly cards = new Map<string, CardRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly portals = new Map<string, PortalRecord>();
  readonly merchants = new Map<string, MerchantRecord>();
  /** Per person (ID number): bank, personal account, coverage, deductible (R23). */
  readonly accounts = new Map<string, AccountRecord>();
  /** Per person (ID number): the benefit that needs certification, if any (R33). */
  readonly benefits = new Map<string, BenefitRecord>();
  /**
   * Card references of cards that have no e-card yet (a family member's card shown in a QR,
   * R32), by card number and by reference: the e-card issued later takes the same one, so an
   * acceptor keeps recognising the card.
   */
  private readonly reservedRefs = new Map<string, Uint8Array>();
  private readonly cardNoByReservedRef = new Map<string, string>();
  private readonly ecards = new Map<string, ECardRecord>();
  private readonly ecardByCardNo = new Map<string, string>();
  private readonly ecardByRef = new Map<string, string>();
  /** A person's e-cards (one per physical card they held, R3, R14), by ID number. */
  private readonly ecardsOfPerson = new Map<string, string[]>();
  /**
   * Bindings by sign number, a short list (one per channel bound to that e-card, rarely more
   * than three). Every lookup starts from a sign number or a person, so none scans all
   * bindings: `apply` and a notification cost the same at 100 or 100 000 people
   * (docs/performance.md, "Cost as the work grows"). A list, not a map per e-card: it is
   * the smaller record for the one or two entries most e-cards have.
   */
  private readonly bindings = new Map<string, BindingRecord[]>();

  // ─── callers ──────────────────────────────────────────────────────────────

  requireChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);
    if (!channel) {
      throw new EsscError('CHANNEL_UNAUTHORIZED', `Unknown channel "${channelId}".`);
    }
    return channel;
  }

  requirePortal(portalId: string): PortalRecord {
    const portal = this.portals.get(portalId);
    if (!portal) {
      throw new EsscError('CHANNEL_UNAUTHORIZED', `Unknown portal "${portalId}".`);
    }
    return portal;
  }

  requireMerchant(merchantId: string): MerchantRecord {
    const merchant = this.merchants.get(merchantId);
    if (!merchant) {
      throw new EsscError('MERCHANT_UNAUTHORIZED', `Unknown merchant "${merchantId}".`);
    }
    return merchant;
  }

  // ─── persons and cards ────────────────────────────────────────────────────

  requirePerson(idNumber: string): PersonRecord {
    const person = this.persons.get(idNumber);
    if (!person) throw new EsscError('CARD_NOT_FOUND', 'No person with this ID number.');
    return person;
  }

  /**
   * R4, R5: the person holding a card under this ID number, and that card, issued in a city
   * that has enabled the e-card (CARD_NOT_FOUND, REGION_NOT_ENABLED otherwise). `whose` names
   * the person in the message ("the member's").
   */
  requireCardholder(idNumber: string, whose = 'this'): { person: PersonRecord; card: CardRecord } {
    const person = this.persons.get(idNumber);
    if (!person) {
      throw new EsscError(
        'CARD_NOT_FOUND',
        `No social security card is held under ${whose} ID number.`,
      );
    }
    const card = this.cards.get(person.cardNo)!;
    if (!this.regions.has(card.regionCode)) {
      throw new EsscError(
        'REGION_NOT_ENABLED',
        `The e-card service is not enabled in region ${card.regionCode}.`,
        { details: { regionCode: card.regionCode } },
      );
    }
    return { person, card };
  }

  newCardNo(): string {
    let cardNo: string;
    do {
      const digits = Array.from(randomBytes(8), (b) => String(b % 10)).join('');
      cardNo = `A${digits}`;
    } while (this.cards.has(cardNo));
    return cardNo;
  }

  // ─── e-cards ──────────────────────────────────────────────────────────────

  addECard(ecard: ECardRecord): void {
    this.ecards.set(ecard.signNo, ecard);
    this.ecardByCardNo.set(ecard.cardNo, ecard.signNo);
    this.ecardByRef.set(base64urlEncode(ecard.cardRef), ecard.signNo);
    const own = this.ecardsOfPerson.get(ecard.idNumber);
    if (own) own.push(ecard.signNo);
    else this.ecardsOfPerson.set(ecard.idNumber, [ecard.signNo]);
  }

  /** The sign number of the physical card's e-card, if one was issued (R3: one per card). */
  signNoOfCard(cardNo: string): string | undefined {
    return this.ecardByCardNo.get(cardNo);
  }

  ecardOf(signNo: string): ECardView | undefined {
    const ecard = this.ecards.get(signNo);
    if (!ecard) return undefined;
    return {
      ecard,
      card: this.cards.get(ecard.cardNo)!,
      person: this.persons.get(ecard.idNumber)!,
    };
  }

  /**
   * The opaque reference a QR code carries for a physical card: its e-card's, or one reserved
   * for the card when it has no e-card (R32: a member needs none). Stable per card.
   */
  cardRefOfCard(cardNo: string): Uint8Array {
    const signNo = this.ecardByCardNo.get(cardNo);
    if (signNo !== undefined) return this.ecards.get(signNo)!.cardRef;
    let ref = this.reservedRefs.get(cardNo);
    if (!ref) {
      ref = randomBytes(QR_CARD_REF_BYTES);
      this.reservedRefs.set(cardNo, ref);
      this.cardNoByReservedRef.set(base64urlEncode(ref), cardNo);
    }
    return ref;
  }

  /** The reference a new e-card of the card takes: the reserved one, or a fresh one. */
  newCardRef(cardNo: string): Uint8Array {
    return this.reservedRefs.get(cardNo) ?? randomBytes(QR_CARD_REF_BYTES);
  }

  /** The physical card behind a card reference, with or without an e-card. */
  cardByCardRef(cardRef: Uint8Array): CardRecord | undefined {
    const viaECard = this.ecardByCardRef(cardRef);
    if (viaECard) return viaECard.card;
    const cardNo = this.cardNoByReservedRef.get(base64urlEncode(cardRef));
    return cardNo === undefined ? undefined : this.cards.get(cardNo);
  }

  /** Finds an e-card by its opaque card reference (for online status checks by acceptors). */
  ecardByCardRef(cardRef: Uint8Array): ECardView | undefined {
    const signNo = this.ecardByRef.get(base64urlEncode(cardRef));
    return signNo === undefined ? undefined : this.ecardOf(signNo);
  }

  newSignNo(regionCode: string): string {
    // Region + ISO 3166 numeric of China + random: unique, and says nothing of the person.
    let signNo: string;
    do {
      signNo = `${regionCode}D156${toBase32(randomBytes(10))}`;
    } while (this.ecards.has(signNo));
    return signNo;
  }

  /** The key a channel operation on this e-card is serialised under: its person. */
  lockOf(signNo: string): string {
    return this.ecards.get(signNo)?.idNumber ?? `signNo:${signNo}`;
  }

  // ─── bindings ─────────────────────────────────────────────────────────────

  addBinding(binding: BindingRecord): void {
    const own = this.bindings.get(binding.signNo)?.filter((b) => b.channelId !== binding.channelId);
    this.bindings.set(binding.signNo, [...(own ?? []), binding]);
  }

  removeBinding(channelId: string, signNo: string): void {
    const own = this.bindings.get(signNo)?.filter((b) => b.channelId !== channelId) ?? [];
    if (own.length === 0) this.bindings.delete(signNo);
    else this.bindings.set(signNo, own);
  }

  private bindingOf(channelId: string, signNo: string): BindingRecord | undefined {
    return this.bindings.get(signNo)?.find((b) => b.channelId === channelId);
  }

  requireBinding(channelId: string, signNo: string): BindingRecord {
    const binding = this.bindingOf(channelId, signNo);
    if (!binding) {
      throw new EsscError('NOT_BOUND', 'This channel holds no binding for that sign number.');
    }
    return binding;
  }

  /** R13: a bound e-card whose physical card is normal, or CARD_INACTIVE. */
  requireActive(channelId: string, signNo: string): ECardView & { binding: BindingRecord } {
    const binding = this.requireBinding(channelId, signNo);
    const found = this.ecardOf(binding.signNo)!;
    if (found.card.status !== 'normal') {
      throw new EsscError(
        'CARD_INACTIVE',
        `The card is ${found.card.status}: only unbinding is allowed until it is normal again.`,
        { details: { status: eCardStatus(found.card.status) } },
      );
    }
    return { binding, ...found };
  }

  /** The binding this channel holds to any of the person's e-cards (R6, R14). */
  bindingOfPersonInChannel(channelId: string, idNumber: string): BindingRecord | undefined {
    for (const signNo of this.ecardsOfPerson.get(idNumber) ?? []) {
      const binding = this.bindingOf(channelId, signNo);
      if (binding) return binding;
    }
    return undefined;
  }

  /** The bindings of an e-card, oldest first (the back office's view). */
  bindingsOf(signNo: string): BindingRecord[] {
    return [...(this.bindings.get(signNo) ?? [])];
  }

  /** The channels bound to an e-card, in the order they bound. */
  channelsBoundTo(signNo: string): string[] {
    return (this.bindings.get(signNo) ?? []).map((b) => b.channelId);
  }
}
