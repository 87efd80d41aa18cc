/**
 * Which e-cards each user of the channel holds, as the channel learns it: from the answers
 * of its own applications and unbindings, and from the platform's notifications. In memory
 * here; a real channel keeps this in its user database.
 */
import type { ECardStatus, PlatformAdapter } from 'essc-sdk';

/** One e-card of a user, as the channel last heard of it. */
export interface HeldCard {
  signNo: string;
  /** Still bound in this channel (false after an unbinding, here or by the platform). */
  bound: boolean;
  /** The status the platform last reported (`active` until told otherwise). */
  status: ECardStatus;
}

export class CardRegistry {
  private readonly byUser = new Map<string, Map<string, HeldCard>>();
  private readonly ownerOf = new Map<string, string>();

  /** Records a successful application of `channelUserId`. */
  recordApplied(channelUserId: string, signNo: string): void {
    let cards = this.byUser.get(channelUserId);
    if (!cards) {
      cards = new Map();
      this.byUser.set(channelUserId, cards);
    }
    cards.set(signNo, { signNo, bound: true, status: 'active' });
    this.ownerOf.set(signNo, channelUserId);
  }

  /** Records that the channel's binding of `signNo` is gone. */
  recordUnbound(signNo: string): void {
    const card = this.find(signNo);
    if (card) card.bound = false;
  }

  /** Records a status the platform reported. */
  recordStatus(signNo: string, status: ECardStatus): void {
    const card = this.find(signNo);
    if (card) card.status = status;
  }

  /**
   * Whether the user applied for this e-card through this channel. An unbound card still
   * counts: a retried unbinding must reach the platform to learn its first outcome (R20), and
   * the platform refuses everything else on a card no longer bound anyway.
   */
  belongsTo(signNo: string, channelUserId: string): boolean {
    return this.ownerOf.get(signNo) === channelUserId;
  }

  /** The user's e-cards, newest first. */
  cardsOf(channelUserId: string): HeldCard[] {
    return [...(this.byUser.get(channelUserId)?.values() ?? [])].reverse().map((c) => ({ ...c }));
  }

  private find(signNo: string): HeldCard | undefined {
    const owner = this.ownerOf.get(signNo);
    return owner === undefined ? undefined : this.byUser.get(owner)?.get(signNo);
  }
}

/**
 * The backend's adapter with bookkeeping: a successful `apply` records the new e-card as the
 * applicant's, and a successful `unbind` marks it unbound. The relay handler passes only the
 * signed-in user's own `channelUserId` to `apply`, so the record is trustworthy.
 */
export function recordingAdapter(adapter: PlatformAdapter, cards: CardRegistry): PlatformAdapter {
  return {
    ...adapter,
    async apply(input, ctx) {
      const card = await adapter.apply(input, ctx);
      cards.recordApplied(input.channelUserId, card.signNo);
      return card;
    },
    async unbind(input, ctx) {
      await adapter.unbind(input, ctx);
      cards.recordUnbound(input.signNo);
    },
  };
}
