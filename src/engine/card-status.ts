import type { LossReporter, PhysicalCardStatus } from '../domain/types.js';
import type { EngineContext } from './context.js';
import { type CardRecord, eCardStatus } from './entities.js';

/** Who changes a card's status: the back office, or the holder from a channel app (R43). */
export interface StatusChange {
  /** Who reports a loss; the back office unless the holder does. */
  by: LossReporter;
  /** The channel that made the change itself: it has the answer, so it is not told again. */
  except?: string;
  /**
   * The card is cancelled because a new one replaced it (R14): the channels are told
   * `card.replaced` instead of `card.status_changed`, even when it was cancelled already.
   */
  replaced?: true;
}

/**
 * The one place a physical card's status changes (R3, R13, R43): the status, who reported a
 * loss (kept only while `lost`), a `card.status_changed` (or `card.replaced`) to every
 * channel bound to its e-card, then every capability that follows card statuses (`ctx.cardStatusListeners`: a member's
 * holders, offline credentials). Synchronous: the caller runs it inside the person's turn
 * (the back office's `serialised`, or a channel operation holding the person's lock).
 */
export function changeCardStatus(
  ctx: EngineContext,
  card: CardRecord,
  status: PhysicalCardStatus,
  change: StatusChange,
): void {
  if (status === 'lost') card.lossReportedBy = change.by;
  else delete card.lossReportedBy;
  if (card.status === status && !change.replaced) return;
  card.status = status;
  const signNo = ctx.registry.signNoOfCard(card.cardNo);
  if (signNo) {
    ctx.notifier.notifyBound(
      signNo,
      change.replaced ? 'card.replaced' : 'card.status_changed',
      { status: eCardStatus(status) },
      change.except,
    );
  }
  for (const listener of ctx.cardStatusListeners) listener(card);
}
