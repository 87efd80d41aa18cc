import { EsscError, isEsscError } from '../domain/errors.js';

interface Entry {
  fingerprint: string;
  outcome: Promise<unknown>;
  expiresAt: number;
}

/**
 * R20: the first outcome of a mutating request is kept per (channel, idempotency key), so a
 * request retried after its response was lost returns that outcome and changes nothing twice.
 * Retryable failures are not kept: the retry must get its chance. A key reused for a
 * different request is refused rather than silently answered with the wrong outcome.
 */
export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  run<T>(
    scope: string,
    key: string | undefined,
    fingerprint: string,
    work: () => Promise<T>,
  ): Promise<T> {
    if (key === undefined) return work();
    this.sweep();
    const id = `${scope}\u0000${key}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(
          new EsscError(
            'VALIDATION_FAILED',
            'This idempotency key was already used for a different request; use a new key per distinct request.',
            {
              details: {
                issues: [{ path: ['idempotencyKey'], message: 'reused for a different request' }],
              },
            },
          ),
        );
      }
      return existing.outcome as Promise<T>;
    }
    const outcome = work();
    const entry: Entry = { fingerprint, outcome, expiresAt: this.now() + this.ttlMs };
    this.entries.set(id, entry);
    outcome.catch((error: unknown) => {
      if (!isEsscError(error) || error.retryable) this.entries.delete(id);
    });
    return outcome;
  }

  private sweep(): void {
    const now = this.now();
    // Entries are kept in insertion order with one TTL, so the expired ones come first.
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(id);
    }
  }
}

/** Field names of sealed secrets in operation inputs. */
const SEALED_FIELDS: ReadonlySet<string> = new Set([
  'password',
  'oldPassword',
  'newPassword',
  'realPerson',
  'memberProof',
]);

/** Finds a sealed field's key in a request's JSON text without a replacer pass. */
const SEALED_FIELD_IN_JSON = /"(?:password|oldPassword|newPassword|realPerson)":/;

/**
 * The fingerprint of a request under an idempotency key: the operation and its input, with
 * each sealed secret replaced by what `digest` makes of it. The sealed form cannot be used:
 * every seal is a fresh JWE, so a true retry would never match; leaving secrets out (as
 * before) let `changePassword(A→B)` and `changePassword(B→C)` share one outcome.
 *
 * A request without sealed fields (most QR issues, every lookup-shaped mutation) is answered
 * synchronously from one plain `JSON.stringify`: the hot path pays no replacer walk and no
 * promise.
 */
export function fingerprintOf(
  operation: string,
  request: unknown,
  digest: (sealed: string, field: string) => Promise<string>,
): string | Promise<string> {
  const plain = JSON.stringify(request);
  if (plain === undefined || !SEALED_FIELD_IN_JSON.test(plain)) return `${operation}:${plain}`;
  return sealedFingerprint(operation, request, digest);
}

async function sealedFingerprint(
  operation: string,
  request: unknown,
  digest: (sealed: string, field: string) => Promise<string>,
): Promise<string> {
  const sealed = new Map<string, string>();
  JSON.stringify(request, (key: string, value: unknown) => {
    if (SEALED_FIELDS.has(key) && typeof value === 'string') sealed.set(value, key);
    return value;
  });
  const digests = new Map<string, string>();
  await Promise.all(
    [...sealed].map(async ([value, field]) => digests.set(value, await digest(value, field))),
  );
  const text = JSON.stringify(request, (key: string, value: unknown) =>
    SEALED_FIELDS.has(key) && typeof value === 'string' ? `(sealed ${digests.get(value)})` : value,
  );
  return `${operation}:${text}`;
}
