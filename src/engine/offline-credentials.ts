import { base64urlEncode, type JWK, randomBytes, signBytes } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import type { OfflineCredential } from '../domain/offline.js';
import type { QrPurpose } from '../domain/types.js';
import { holderInitial, type QrPayload } from '../qr/codec.js';
import { shortKeyId } from '../qr/key-id.js';
import {
  encodeOfflineCredential,
  OFFLINE_CREDENTIAL_ID_BYTES,
  OFFLINE_MAX_VALIDITY_SECONDS,
  type ParsedOfflineCode,
} from '../qr/offline-codec.js';
import { rawDeviceKey } from '../qr/offline-keys.js';
import {
  checkOfflineCodeRules,
  OFFLINE_CLOCK_TOLERANCE_MS,
  verifyOfflineSignatures,
} from '../qr/offline-verify.js';
import type { EngineContext } from './context.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

/** At most this many live credentials per binding (R39): a fourth revokes the oldest. */
export const MAX_LIVE_CREDENTIALS = 3;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Offline codes (R39–R42): the platform certifies a key made on the holder's device, and
 * revokes what it certified when the binding, the card, the password or the member's place
 * changes. The list acceptors refresh is `offline-status.ts`; the check at charge time is
 * {@link checkOfflineCharge}.
 */
export class OfflineCredentials {
  constructor(
    private readonly ctx: EngineContext,
    private readonly family: Family,
  ) {
    // Any change of a card's status (lost, sealed, locked, cancelled — by the back office or a
    // loss report) ends the credentials naming it and those of its e-card's bindings (R42).
    ctx.cardStatusListeners.push((card) => {
      ctx.offline.revokeForCard(card.cardNo, ctx.registry.signNoOfCard(card.cardNo));
    });
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'provisionOfflineCredential' | 'revokeOfflineCredentials'> {
    return {
      provisionOfflineCredential: (call) => this.provision(call),
      revokeOfflineCredentials: (call) => this.revoke(call),
    };
  }

  /** R39: certify a device key for at most 7 days, with the holder's verification. */
  async provision({
    caller: channelId,
    input,
  }: OperationCall<'provisionOfflineCredential'>): Promise<OfflineCredential> {
    const { ctx } = this;
    const purposes: QrPurpose[] = input.purposes?.includes('payment')
      ? input.purposes.includes('identity')
        ? ['identity', 'payment']
        : ['payment']
      : ['identity'];
    const device = rawDeviceKey(input.publicKey);
    const suiteAlgorithm = ctx.keys.suite === 'sm' ? 'SM2' : 'Ed25519';
    if (!device || device.algorithm !== suiteAlgorithm) {
      throw new EsscError(
        'VALIDATION_FAILED',
        `The device key must be an ${suiteAlgorithm} public key (this platform's suite, R34).`,
        { details: { issues: [{ path: ['publicKey'], message: `not an ${suiteAlgorithm} key` }] } },
      );
    }
    const named = this.named(channelId, input.signNo, input.memberId, purposes);
    const check = await ctx.verification.verifyUser(
      named.holderECard,
      input.verification,
      channelId,
    );

    const live = ctx.offline.live((c) => c.channelId === channelId && c.signNo === input.signNo);
    const excess = new Set(live.slice(0, Math.max(0, live.length - MAX_LIVE_CREDENTIALS + 1)));
    const key = await ctx.keys.currentSigningKey();
    const now = ctx.now();
    const notBefore = Math.floor(now / 1000);
    const notAfter = notBefore + OFFLINE_MAX_VALIDITY_SECONDS;
    const credentialId = randomBytes(OFFLINE_CREDENTIAL_ID_BYTES);
    const initial = holderInitial(named.holderName);
    const unsigned = encodeOfflineCredential({
      purposes,
      ...(named.onBehalf === undefined ? {} : { onBehalf: named.onBehalf }),
      keyId: await shortKeyId(key.publicJwk),
      credentialId,
      cardRef: named.cardRef,
      regionCode: named.regionCode,
      channelId,
      notBefore,
      notAfter,
      // The index is assigned below; encoding checks the rest first, so a refusal assigns none.
      statusIndex: 0,
      deviceKeyAlgorithm: device.algorithm,
      devicePublicKey: device.raw,
      holderInitial: initial,
    });
    const record = ctx.offline.add({
      credentialId: base64urlEncode(credentialId),
      channelId,
      signNo: input.signNo,
      ...(input.memberId === undefined ? {} : { memberId: input.memberId }),
      cardNo: named.cardNo,
      purposes,
      notBefore: notBefore * 1000,
      notAfter: notAfter * 1000,
      deviceJwk: { ...input.publicKey },
    });
    new DataView(unsigned.buffer).setUint32(37, record.statusIndex);
    const signature = await signBytes(key, unsigned);
    const credential = new Uint8Array(unsigned.length + signature.length);
    credential.set(unsigned);
    credential.set(signature, unsigned.length);
    ctx.offline.revokeWhere((c) => excess.has(c));
    check.consume();
    return {
      credentialId: record.credentialId,
      credential: base64urlEncode(credential),
      purposes,
      holderName: `${initial}*`,
      regionCode: named.regionCode,
      notBefore: iso(record.notBefore),
      notAfter: iso(record.notAfter),
      statusIndex: record.statusIndex,
      ...(input.memberId === undefined ? {} : { memberId: input.memberId }),
      revoked: [...excess].map((c) => c.credentialId),
    };
  }

  /** R42: the holder ends every credential of this binding at once. */
  async revoke({
    caller: channelId,
    input,
  }: OperationCall<'revokeOfflineCredentials'>): Promise<void> {
    const { ctx } = this;
    const binding = ctx.registry.requireBinding(channelId, input.signNo);
    const { ecard } = ctx.registry.ecardOf(binding.signNo)!;
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    ctx.offline.revokeWhere((c) => c.channelId === channelId && c.signNo === binding.signNo);
  }

  /** Whose card the credential names, and what may be certified for it (R7, R32). */
  private named(
    channelId: string,
    signNo: string,
    memberId: string | undefined,
    purposes: QrPurpose[],
  ) {
    const { ctx } = this;
    if (memberId !== undefined) {
      const action = purposes.includes('payment') ? 'payment-qr' : 'identity-qr';
      const member = this.family.forMember(channelId, signNo, memberId, action);
      return {
        holderECard: member.holder.ecard,
        cardNo: member.card.cardNo,
        cardRef: ctx.registry.cardRefOfCard(member.card.cardNo),
        regionCode: member.card.regionCode,
        holderName: member.person.name,
        onBehalf: member.relation,
      };
    }
    const { ecard, card, person } = ctx.registry.requireActive(channelId, signNo);
    if (purposes.includes('payment') && (ecard.level !== 2 || !card.bankAccountActive)) {
      throw new EsscError(
        'PAYMENT_NOT_ENABLED',
        'An offline payment credential needs a level-2 e-card; call enablePayment first.',
      );
    }
    return {
      holderECard: ecard,
      cardNo: card.cardNo,
      cardRef: ecard.cardRef,
      regionCode: card.regionCode,
      holderName: person.name,
      onBehalf: undefined,
    };
  }
}

/**
 * R41 at charge time: both signatures, the credential still live on the platform
 * (`CREDENTIAL_REVOKED` otherwise, at once), then the times and purpose as the desk checks them
 * ({@link checkOfflineCodeRules}). Answers the fields a payment reads, as an online code's payload.
 */
export async function checkOfflineCharge(
  ctx: EngineContext,
  parsed: ParsedOfflineCode,
): Promise<QrPayload> {
  const { fields } = parsed.credential;
  if (!(await verifyOfflineSignatures(parsed, (await ctx.keys.jwks()) as { keys: JWK[] }))) {
    throw new EsscError('QR_INVALID_SIGNATURE', 'The code is not signed by this platform.');
  }
  requireLiveCredential(ctx, parsed);
  // The desk's rules (a device's clock may be off by the tolerance); expiry is checked again
  // with none by the payment, as for online codes.
  checkOfflineCodeRules(parsed, ctx.now(), OFFLINE_CLOCK_TOLERANCE_MS);
  const { code } = parsed;
  return {
    version: 1,
    keyId: fields.keyId,
    purpose: code.purpose,
    issuedAt: code.issuedAt,
    expiresAt: code.expiresAt,
    channelId: fields.channelId,
    cardRef: fields.cardRef,
    regionCode: fields.regionCode,
    holderSurname: fields.holderInitial,
    nonce: code.nonce,
  };
}

/** R42: `CREDENTIAL_REVOKED` once the platform revoked the code's credential (checked again under the holder's lock). */
export function requireLiveCredential(ctx: EngineContext, parsed: ParsedOfflineCode): void {
  const record = ctx.offline.get(base64urlEncode(parsed.credential.fields.credentialId));
  if (!record || record.revoked) {
    throw new EsscError(
      'CREDENTIAL_REVOKED',
      'The offline credential behind this code was revoked: ask the user for a fresh payment code.',
    );
  }
}
