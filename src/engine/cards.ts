import { base64urlDecode } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { maskCardNo, maskIdNumber, maskName } from '../domain/masking.js';
import type { ECard, ECardStatus } from '../domain/types.js';
import { changeCardStatus } from './card-status.js';
import type { EngineContext } from './context.js';
import { type BindingRecord, eCardStatus } from './entities.js';
import type { Passwords } from './passwords.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import { releasedOnRefusal } from './user-verification.js';

/**
 * E-cards and their bindings: applying (R4–R8, real name, real person, real card), reading
 * in every status (R13), unbinding per channel (R12), the payment level (R7), the holder's
 * loss report and its withdrawal (R43), and the status an acceptor checks online.
 */
export class Cards {
  constructor(
    private readonly ctx: EngineContext,
    private readonly passwords: Passwords,
  ) {}

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<
    OperationHandlers,
    'apply' | 'getCard' | 'unbind' | 'enablePayment' | 'reportLoss' | 'withdrawLossReport'
  > {
    return {
      apply: (call) => this.apply(call),
      getCard: (call) => this.getCard(call),
      unbind: (call) => this.unbind(call),
      enablePayment: (call) => this.enablePayment(call),
      reportLoss: (call) => this.reportLoss(call),
      withdrawLossReport: (call) => this.withdrawLossReport(call),
    };
  }

  /** R5–R8, R13, R14: apply for the e-card in a channel. */
  async apply({ caller: channelId, input }: OperationCall<'apply'>): Promise<ECard> {
    const { ctx } = this;
    const { registry } = ctx;
    const { person, card } = registry.requireCardholder(input.idNumber);
    if (person.name !== input.name) {
      throw new EsscError('IDENTITY_MISMATCH', 'The name does not match the ID number.');
    }
    const proof = await ctx.verification.checkRealPerson(
      input.realPerson,
      person.idNumber,
      channelId,
    );
    const signNo = await releasedOnRefusal(proof, async () => {
      if (card.status !== 'normal') {
        throw new EsscError(
          'CARD_INACTIVE',
          `The card is ${card.status}; apply once it is normal again.`,
          { details: { status: eCardStatus(card.status) } },
        );
      }
      const existingBinding = registry.bindingOfPersonInChannel(channelId, person.idNumber);
      if (existingBinding) {
        throw new EsscError(
          'ALREADY_BOUND',
          'This channel already holds an e-card binding for this person; unbind it before applying again.',
          { details: { signNo: existingBinding.signNo } },
        );
      }
      const password = await ctx.verification.openPassword(input.password, 'password', channelId);
      let signNo = registry.signNoOfCard(card.cardNo);
      if (signNo) {
        // R8: a later channel verifies the shared password instead of setting one.
        const { ecard } = registry.ecardOf(signNo)!;
        await ctx.verification.verifyPassword(ecard, password, channelId);
      } else {
        const passwordHash = await this.passwords.hashNew(password, person.idNumber);
        signNo = registry.newSignNo(card.regionCode);
        registry.addECard({
          signNo,
          cardNo: card.cardNo,
          idNumber: person.idNumber,
          cardRef: ctx.registry.newCardRef(card.cardNo),
          passwordHash,
          failures: 0,
          level: 1,
        });
      }
      return signNo;
    });
    proof.consume();
    const binding: BindingRecord = {
      channelId,
      signNo,
      channelUserId: input.channelUserId,
      boundAt: ctx.now(),
    };
    registry.addBinding(binding);
    return this.view(binding);
  }

  /** R13: answers in every status, showing it. */
  async getCard({ caller: channelId, input }: OperationCall<'getCard'>): Promise<ECard> {
    return this.view(this.ctx.registry.requireBinding(channelId, input.signNo));
  }

  /** R12: unbind in one channel, with user verification; allowed in every card status. */
  async unbind({ caller: channelId, input }: OperationCall<'unbind'>): Promise<void> {
    const { ctx } = this;
    const binding = ctx.registry.requireBinding(channelId, input.signNo);
    const { ecard } = ctx.registry.ecardOf(binding.signNo)!;
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    ctx.registry.removeBinding(channelId, binding.signNo);
    // R42: the binding's offline credentials end with it.
    ctx.offline.revokeWhere((c) => c.channelId === channelId && c.signNo === binding.signNo);
  }

  /** R7: level 2 needs the card's bank account active and user verification. */
  async enablePayment({
    caller: channelId,
    input,
  }: OperationCall<'enablePayment'>): Promise<ECard> {
    const { ctx } = this;
    const { binding, ecard, card } = ctx.registry.requireActive(channelId, input.signNo);
    if (!card.bankAccountActive) {
      throw new EsscError(
        'PAYMENT_NOT_ENABLED',
        "The card's bank account is not activated; the user must activate it at the bank first.",
      );
    }
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    if (ecard.level !== 2) {
      ecard.level = 2;
      ctx.notifier.notifyBound(ecard.signNo, 'payment.enabled', {}, channelId);
    }
    return this.view(binding);
  }

  /**
   * R43: the holder reports the card lost from the app (挂失), with user verification, on a
   * normal card (`CARD_INACTIVE` otherwise: there is nothing to report on a card already out of
   * use). The other bound channels are told; this one has the answer.
   */
  async reportLoss({ caller: channelId, input }: OperationCall<'reportLoss'>): Promise<ECard> {
    const { ctx } = this;
    const { binding, ecard, card } = ctx.registry.requireActive(channelId, input.signNo);
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    changeCardStatus(ctx, card, 'lost', { by: 'holder', except: channelId });
    return this.view(binding);
  }

  /**
   * R43: the holder withdraws their own loss report (解挂) with a face check only: the phone may
   * be what was lost, and a password on it proves nothing. `LOSS_NOT_WITHDRAWABLE` when the card
   * is not lost by the holder's report (the back office's loss, a card replaced since, a
   * normal card), checked before the proof is spent.
   */
  async withdrawLossReport({
    caller: channelId,
    input,
  }: OperationCall<'withdrawLossReport'>): Promise<ECard> {
    const { ctx } = this;
    const binding = ctx.registry.requireBinding(channelId, input.signNo);
    const { card, person } = ctx.registry.ecardOf(binding.signNo)!;
    if (card.status !== 'lost' || card.lossReportedBy !== 'holder') {
      const why =
        card.status === 'lost'
          ? 'the back office reported this loss: it is withdrawn at a service centre'
          : `the card is ${eCardStatus(card.status)}, not lost by the holder's report`;
      throw new EsscError('LOSS_NOT_WITHDRAWABLE', `The loss cannot be withdrawn here: ${why}.`);
    }
    (
      await ctx.verification.checkRealPerson(input.realPerson, person.idNumber, channelId)
    ).consume();
    changeCardStatus(ctx, card, 'normal', { by: 'holder', except: channelId });
    return this.view(binding);
  }

  /**
   * For acceptors' online check (payment codes): the status of the card behind a code's card
   * reference (base64url of its bytes); CARD_NOT_FOUND for a reference never issued.
   */
  cardStatus(cardRef: string): ECardStatus {
    let bytes: Uint8Array;
    try {
      bytes = base64urlDecode(cardRef);
    } catch {
      throw new EsscError('CARD_NOT_FOUND', 'No card has this reference.');
    }
    // A family member's card may have no e-card (R32): its reserved reference answers too.
    const card = this.ctx.registry.cardByCardRef(bytes);
    if (!card) throw new EsscError('CARD_NOT_FOUND', 'No card has this reference.');
    return eCardStatus(card.status);
  }

  /** What a channel sees of its binding: masked (R18), with the card's current status (R3). */
  private view(binding: BindingRecord): ECard {
    const { ecard, card, person } = this.ctx.registry.ecardOf(binding.signNo)!;
    return {
      signNo: ecard.signNo,
      channelId: binding.channelId,
      name: maskName(person.name),
      idNumber: maskIdNumber(ecard.idNumber),
      cardNo: maskCardNo(card.cardNo),
      regionCode: card.regionCode,
      status: eCardStatus(card.status),
      level: ecard.level,
      boundAt: new Date(binding.boundAt).toISOString(),
      ...(card.status === 'lost' && card.lossReportedBy
        ? { lossReportedBy: card.lossReportedBy }
        : {}),
    };
  }
}
