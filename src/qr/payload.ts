/**
 * A new QR payload, the way a platform starts a code: a fresh nonce, the key's short id and
 * the name's initial. Packing, signing and parsing are the codec's (`codec.ts`).
 */
import { randomBytes, type SigningKeyPair } from '../crypto/index.js';
import type { FamilyRelation } from '../domain/family.js';
import type { QrPurpose } from '../domain/types.js';
import {
  holderInitial,
  QR_FORMAT_VERSION,
  QR_MAX_TTL_SECONDS,
  QR_NONCE_BYTES,
  type QrPayload,
} from './codec.js';
import { cachedKeyId, shortKeyId } from './key-id.js';

/** Input of {@link createQrPayload}. */
export interface CreateQrPayloadInput {
  /** The signing key: its {@link shortKeyId} becomes the payload's key id. */
  key: SigningKeyPair;
  purpose: QrPurpose;
  /** Milliseconds (e.g. the mock platform's clock); rounded down to seconds. */
  now: number;
  /** Lifetime, 1–{@link QR_MAX_TTL_SECONDS}; default 60 (R15). */
  ttlSeconds?: number;
  channelId: string;
  cardRef: Uint8Array;
  regionCode: string;
  /** The holder's full name; only {@link holderInitial} of it goes into the code. */
  holderName: string;
  /** An identity code shown on behalf by a family member (R32): the card holder's relation. */
  onBehalf?: FamilyRelation;
}

/**
 * Builds a payload with a fresh nonce, the key's short id and the name's initial — the usual
 * way for a platform to start a code. Validation happens in {@link encodeQrPayload}/{@link signQr}.
 */
export async function createQrPayload(input: CreateQrPayloadInput): Promise<QrPayload> {
  return payloadWith(input, await shortKeyId(input.key.publicJwk));
}

/**
 * {@link createQrPayload} at once when the key's short id was computed before (every code
 * after a key's first), else `undefined`.
 */
export function createQrPayloadNow(input: CreateQrPayloadInput): QrPayload | undefined {
  const keyId = cachedKeyId(input.key.publicJwk);
  return keyId ? payloadWith(input, keyId.slice()) : undefined;
}

function payloadWith(input: CreateQrPayloadInput, keyId: Uint8Array): QrPayload {
  const issuedAt = Math.floor(input.now / 1000);
  return {
    version: QR_FORMAT_VERSION,
    keyId,
    purpose: input.purpose,
    issuedAt,
    expiresAt: issuedAt + (input.ttlSeconds ?? 60),
    channelId: input.channelId,
    cardRef: input.cardRef,
    regionCode: input.regionCode,
    holderSurname: holderInitial(input.holderName),
    nonce: randomBytes(QR_NONCE_BYTES),
    ...(input.onBehalf === undefined ? {} : { onBehalf: input.onBehalf }),
  };
}
