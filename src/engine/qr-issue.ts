import { EsscError } from '../domain/errors.js';
import type { DynamicQr, QrPurpose } from '../domain/types.js';
import { QR_MAX_TTL_SECONDS, type QrPayload, signQr, signQrNow } from '../qr/codec.js';
import { isoSecondsMemo } from '../qr/iso-time.js';
import { createQrPayload, createQrPayloadNow } from '../qr/payload.js';
import type { EngineContext } from './context.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import type { PassedCheck, SealedVerification } from './user-verification.js';

/**
 * The dynamic e-card QR (R15): short-lived, signed by the platform, carrying the card's opaque
 * reference instead of its number; a payment code needs level 2 and user verification.
 * Single use is the acceptor's check (R16).
 */
export class QrIssue {
  private readonly ttlSeconds: number;

  constructor(
    private readonly ctx: EngineContext,
    private readonly family: Family,
  ) {
    this.ttlSeconds = ctx.options.qrTtlSeconds ?? 60;
    if (
      !Number.isInteger(this.ttlSeconds) ||
      this.ttlSeconds < 1 ||
      this.ttlSeconds > QR_MAX_TTL_SECONDS
    ) {
      throw new RangeError(`qrTtlSeconds must be a whole number from 1 to ${QR_MAX_TTL_SECONDS}.`);
    }
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'issueQr'> {
    return {
      issueQr: (call) => this.issueQr(call),
    };
  }

  /** R15: a short-lived, single-use code signed by the platform; payment needs level 2 and verification. */
  issueQr({ caller: channelId, input }: OperationCall<'issueQr'>): Promise<DynamicQr> {
    // The code a screen refreshes every minute (identity, the holder's own, nothing to verify)
    // is made at once once the key is ready: the same checks, no await.
    if (input.memberId === undefined && input.purpose === 'identity' && !input.verification) {
      const qr = this.identityNow(channelId, input.signNo);
      if (qr) return Promise.resolve(qr);
    }
    return this.issue(channelId, input);
  }

  /** {@link issueQr}'s identity code without a wait, or `undefined` when something must be awaited. */
  private identityNow(channelId: string, signNo: string): DynamicQr | undefined {
    const { ctx } = this;
    const { ecard, card, person } = ctx.registry.requireActive(channelId, signNo);
    const key = ctx.keys.currentSigningKeyNow();
    if (!key) return undefined;
    const payload = createQrPayloadNow({
      key,
      purpose: 'identity',
      now: ctx.now(),
      ttlSeconds: this.ttlSeconds,
      channelId,
      cardRef: ecard.cardRef,
      regionCode: card.regionCode,
      holderName: person.name,
    });
    const text = payload && signQrNow(payload, key);
    return text ? qrOf(text, payload) : undefined;
  }

  private async issue(
    channelId: string,
    input: {
      signNo: string;
      purpose: QrPurpose;
      verification?: SealedVerification;
      memberId?: string;
    },
  ): Promise<DynamicQr> {
    const { ctx } = this;
    if (input.memberId !== undefined) return this.issueForMember(channelId, input);
    const { ecard, card, person } = ctx.registry.requireActive(channelId, input.signNo);
    let check: PassedCheck | undefined;
    if (input.purpose === 'payment') {
      if (ecard.level !== 2 || !card.bankAccountActive) {
        throw new EsscError(
          'PAYMENT_NOT_ENABLED',
          'A payment code needs a level-2 e-card; call enablePayment first.',
        );
      }
      if (!input.verification) {
        throw new EsscError(
          'VALIDATION_FAILED',
          'A payment code needs user verification (password or real-person proof).',
          {
            details: {
              issues: [{ path: ['verification'], message: 'required for a payment code' }],
            },
          },
        );
      }
    }
    // A verification given is checked, whatever the purpose: a caller who sends a password
    // with an identity code must not be told it was right when it was not (R18).
    if (input.verification) {
      check = await ctx.verification.verifyUser(ecard, input.verification, channelId);
    }
    const now = ctx.now();
    const key = await ctx.keys.currentSigningKey();
    const payload = await createQrPayload({
      key,
      purpose: input.purpose,
      now,
      ttlSeconds: this.ttlSeconds,
      channelId,
      cardRef: ecard.cardRef,
      regionCode: card.regionCode,
      holderName: person.name,
    });
    const text = await signQr(payload, key);
    check?.consume();
    return qrOf(text, payload);
  }

  /**
   * R32: an identity code naming the member's card (their masked name, region and card
   * reference) and marked as shown on behalf, with the member's relation to the holder.
   * Whether the holder may is {@link Family.forMember}'s to say (a payment code: never).
   */
  private async issueForMember(
    channelId: string,
    input: {
      signNo: string;
      purpose: QrPurpose;
      memberId?: string;
      verification?: SealedVerification;
    },
  ): Promise<DynamicQr> {
    const { ctx } = this;
    const action = input.purpose === 'identity' ? 'identity-qr' : 'payment-qr';
    const member = this.family.forMember(channelId, input.signNo, input.memberId, action);
    // The holder's verification, when given, is checked (R18), as for the holder's own code.
    const check = input.verification
      ? await ctx.verification.verifyUser(member.holder.ecard, input.verification, channelId)
      : undefined;
    const key = await ctx.keys.currentSigningKey();
    const payload = await createQrPayload({
      key,
      purpose: 'identity',
      now: ctx.now(),
      ttlSeconds: this.ttlSeconds,
      channelId,
      cardRef: ctx.registry.cardRefOfCard(member.card.cardNo),
      regionCode: member.card.regionCode,
      holderName: member.person.name,
      onBehalf: member.relation,
    });
    const text = await signQr(payload, key);
    check?.consume();
    return qrOf(text, payload);
  }
}

const issuedIso = isoSecondsMemo();
const expiresIso = isoSecondsMemo();

function qrOf(text: string, payload: QrPayload): DynamicQr {
  return {
    text,
    purpose: payload.purpose,
    issuedAt: issuedIso(payload.issuedAt),
    expiresAt: expiresIso(payload.expiresAt),
  };
}
