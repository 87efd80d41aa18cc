import { EsscError } from '../domain/errors.js';
import type { DynamicQr, QrPurpose } from '../domain/types.js';
import { createQrPayload, QR_MAX_TTL_SECONDS, signQr } from '../qr/codec.js';
import type { EngineContext } from './context.js';
import type { SealedVerification } from './user-verification.js';

/**
 * The dynamic e-card QR (R15): short-lived, signed by the platform, carrying the card's opaque
 * reference instead of its number; a payment code needs level 2 and user verification.
 * Single use is the acceptor's check (R16).
 */
export class QrIssue {
  private readonly ttlSeconds: number;

  constructor(private readonly ctx: EngineContext) {
    this.ttlSeconds = ctx.options.qrTtlSeconds ?? 60;
    if (
      !Number.isInteger(this.ttlSeconds) ||
      this.ttlSeconds < 1 ||
      this.ttlSeconds > QR_MAX_TTL_SECONDS
    ) {
      throw new RangeError(`qrTtlSeconds must be a whole number from 1 to ${QR_MAX_TTL_SECONDS}.`);
    }
  }

  /** R15: a short-lived, single-use code signed by the platform; payment needs level 2 and verification. */
  issueQr(
    channelId: string,
    input: { signNo: string; purpose: QrPurpose; verification?: SealedVerification },
    idempotencyKey?: string,
  ): Promise<DynamicQr> {
    const { ctx } = this;
    return ctx.mutate(
      channelId,
      'issueQr',
      idempotencyKey,
      input,
      () => ctx.records.lockOf(input.signNo),
      async () => {
        const { ecard, card, person } = ctx.records.requireActive(channelId, input.signNo);
        let consume: () => void = () => {};
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
          consume = await ctx.verification.verifyUser(ecard, input.verification, channelId);
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
        consume();
        return {
          text,
          purpose: input.purpose,
          issuedAt: new Date(payload.issuedAt * 1000).toISOString(),
          expiresAt: new Date(payload.expiresAt * 1000).toISOString(),
        };
      },
    );
  }
}
