import { base64urlEncode, signCompactJws } from '../crypto/index.js';
import type { QrPurpose } from '../domain/types.js';
import { STATUS_LIST_TYP } from '../platform/protocol.js';
import type { PlatformKeyring } from './platform-keys.js';

/** How long an acceptor may use a status list before asking again (its `ttl`), seconds. */
const STATUS_LIST_TTL_SECONDS = 300;

/** One certified device key (R39), as the platform keeps it. */
export interface CredentialRecord {
  /** base64url of the 8 bytes in the credential. */
  credentialId: string;
  /** The binding it was provisioned in. */
  channelId: string;
  signNo: string;
  /** A member's credential (R32): the member, and the card it names. */
  memberId?: string;
  /** The card its codes name (the holder's, or the member's). */
  cardNo: string;
  purposes: QrPurpose[];
  /** Milliseconds. */
  notBefore: number;
  /** Milliseconds. */
  notAfter: number;
  statusIndex: number;
  /** The device's public JWK: what its codes are verified with at charge time (R41). */
  deviceJwk: Record<string, string>;
  revoked: boolean;
}

/**
 * The platform's offline credentials and their status list (R41, R42): a bitstring where bit
 * `statusIndex` set means revoked, versioned (every revocation is a new version) and signed
 * with the platform's current key. Revoking is at once for the platform's own checks (a payment
 * code is refused from that moment, `CREDENTIAL_REVOKED`); offline acceptors learn it from the
 * next list they load.
 */
export class OfflineStatus {
  private readonly byId = new Map<string, CredentialRecord>();
  private bits = new Uint8Array(128);
  private nextIndex = 0;
  private version = 1;
  private cached: { id: string; token: Promise<string> } | undefined;

  constructor(
    private readonly now: () => number,
    private readonly keys: PlatformKeyring,
  ) {}

  /** Records a new credential under the next free status index. */
  add(record: Omit<CredentialRecord, 'statusIndex' | 'revoked'>): CredentialRecord {
    const statusIndex = this.nextIndex++;
    if (statusIndex >= this.bits.length * 8) {
      const grown = new Uint8Array(this.bits.length * 2);
      grown.set(this.bits);
      this.bits = grown;
    }
    const full: CredentialRecord = { ...record, statusIndex, revoked: false };
    this.byId.set(record.credentialId, full);
    return full;
  }

  get(credentialId: string): CredentialRecord | undefined {
    return this.byId.get(credentialId);
  }

  /** The live (unrevoked, unexpired) credentials matching `where`, oldest first. */
  live(where: (c: CredentialRecord) => boolean): CredentialRecord[] {
    const now = this.now();
    return [...this.byId.values()].filter((c) => !c.revoked && c.notAfter > now && where(c));
  }

  /**
   * R42: a card's status change or replacement ends every credential naming the card and every
   * one provisioned through its e-card's bindings (`signNo`: a family member's too, which names
   * the member's card); answers how many.
   */
  revokeForCard(cardNo: string, signNo: string | undefined): number {
    return this.revokeWhere(
      (c) => c.cardNo === cardNo || (signNo !== undefined && c.signNo === signNo),
    );
  }

  /** Revokes every unrevoked credential matching `where`; answers how many. */
  revokeWhere(where: (c: CredentialRecord) => boolean): number {
    let count = 0;
    for (const c of this.byId.values()) {
      if (c.revoked || !where(c)) continue;
      c.revoked = true;
      this.bits[c.statusIndex >>> 3]! |= 0x80 >>> (c.statusIndex & 7);
      count += 1;
    }
    if (count > 0) this.version += 1;
    return count;
  }

  /**
   * The signed status list: a compact JWS (typ {@link STATUS_LIST_TYP}) of `{ kind, version,
   * issuedAt, ttl, size, bits }`, `bits` base64url, most significant bit first. Made once per
   * version and signing key.
   */
  async token(): Promise<string> {
    const key = await this.keys.currentSigningKey();
    const issuedAt = Math.floor(this.now() / 1000);
    // One token per version, key and second: acceptors polling together cost one signature.
    const id = `${this.version}:${key.kid}:${issuedAt}`;
    if (this.cached?.id === id) return this.cached.token;
    const size = this.nextIndex;
    const payload = {
      kind: 'offline-status',
      version: this.version,
      issuedAt,
      ttl: STATUS_LIST_TTL_SECONDS,
      size,
      bits: base64urlEncode(this.bits.subarray(0, Math.ceil(size / 8))),
    };
    const token = signCompactJws(key, new TextEncoder().encode(JSON.stringify(payload)), {
      typ: STATUS_LIST_TYP,
    });
    this.cached = { id, token };
    return token;
  }
}
