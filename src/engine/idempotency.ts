import { EsscError, isEsscError } from '../domain/errors.js';

interface Entry {
  /** What the request was: its operation and its fingerprint (see {@link fingerprintOf}). */
  operation: string;
  fingerprint: string;
  outcome: Promise<unknown>;
  expiresAt: number;
}

/** How many runs between sweeps of every scope (a scope that went quiet still expires). */
const SWEEP_ALL_EVERY = 4_096;

/** One scope's entries, and when the first of them expires (no sweep is due before). */
interface Scope {
  entries: Map<string, Entry>;
  nextExpiry: number;
}

/**
 * R20: the first outcome of a mutating request is kept per (channel, idempotency key), so a
 * request retried after its response was lost returns that outcome and changes nothing twice.
 * Retryable failures are not kept: the retry must get its chance. A key reused for a
 * different request is refused rather than silently answered with the wrong outcome.
 *
 * Entries are kept per scope, under the caller's own key string (no joined id per entry), in
 * insertion order with one TTL, so the expired ones are always first: about 600 bytes per QR
 * code kept (docs/performance.md).
 */
export class IdempotencyStore {
  private readonly scopes = new Map<string, Scope>();
  private runs = 0;

  constructor(
    private readonly now: () => number,
    private readonly ttlMs = 24 * 60 * 60 * 1000,
  ) {}

  run<T>(
    scope: string,
    key: string | undefined,
    operation: string,
    fingerprint: string,
    work: () => Promise<T>,
  ): Promise<T> {
    if (key === undefined) return work();
    const now = this.now();
    if (++this.runs % SWEEP_ALL_EVERY === 0) {
      for (const kept of this.scopes.values()) sweep(kept, now);
    }
    let kept = this.scopes.get(scope);
    if (kept) {
      // Checked against one number per call; the entries are walked only when one expired.
      if (kept.nextExpiry <= now) sweep(kept, now);
    } else {
      kept = { entries: new Map(), nextExpiry: Number.POSITIVE_INFINITY };
      this.scopes.set(scope, kept);
    }
    const { entries } = kept;
    const existing = entries.get(key);
    if (existing) {
      if (existing.operation !== operation || existing.fingerprint !== fingerprint) {
        return Promise.reject(keyReused());
      }
      return existing.outcome as Promise<T>;
    }
    const outcome = work();
    const entry: Entry = { operation, fingerprint, outcome, expiresAt: now + this.ttlMs };
    entries.set(key, entry);
    if (entries.size === 1) kept.nextExpiry = entry.expiresAt;
    outcome.catch((error: unknown) => {
      if ((!isEsscError(error) || error.retryable) && entries.get(key) === entry) {
        entries.delete(key);
      }
    });
    return outcome;
  }

  /**
   * Whether `key` holds a live outcome in `scope`: the engine keeps two stores (QR codes' outcomes
   * for a minute, the rest for a day), and a key is one request's whichever store has it.
   */
  holds(scope: string, key: string): boolean {
    const entry = this.scopes.get(scope)?.entries.get(key);
    return entry !== undefined && entry.expiresAt > this.now();
  }
}

/** The refusal of an idempotency key reused for a different request (R20). */
export function keyReused(): EsscError<'VALIDATION_FAILED'> {
  return new EsscError(
    'VALIDATION_FAILED',
    'This idempotency key was already used for a different request; use a new key per distinct request.',
    {
      details: {
        issues: [{ path: ['idempotencyKey'], message: 'reused for a different request' }],
      },
    },
  );
}

/**
 * Drops the expired entries of one scope: they come first (one TTL, insertion order). Its
 * `nextExpiry` becomes the first live entry's (an entry dropped since, a retryable failure,
 * only makes the next sweep come early).
 */
function sweep(scope: Scope, now: number): void {
  scope.nextExpiry = Number.POSITIVE_INFINITY;
  for (const [key, entry] of scope.entries) {
    if (entry.expiresAt > now) {
      scope.nextExpiry = entry.expiresAt;
      break;
    }
    scope.entries.delete(key);
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
const SEALED_FIELD_IN_JSON = new RegExp(`"(?:${[...SEALED_FIELDS].join('|')})":`);

/**
 * The fingerprint of a request under an idempotency key: its input (the store compares the
 * operation apart), with each sealed secret replaced by what `digest` makes of it. The sealed form cannot be used:
 * every seal is a fresh JWE, so a true retry would never match; leaving secrets out (as
 * before) let `changePassword(A→B)` and `changePassword(B→C)` share one outcome.
 *
 * A request without sealed fields (most QR issues, every lookup-shaped mutation) is answered
 * synchronously from one plain `JSON.stringify`: the hot path pays no replacer walk and no
 * promise.
 */
export function fingerprintOf(
  request: unknown,
  digest: (sealed: string, field: string) => Promise<string>,
): string | Promise<string> {
  const plain = JSON.stringify(request);
  if (plain === undefined) return 'undefined';
  if (!SEALED_FIELD_IN_JSON.test(plain)) return plain;
  return sealedFingerprint(request, digest);
}

async function sealedFingerprint(
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
  return JSON.stringify(request, (key: string, value: unknown) =>
    SEALED_FIELDS.has(key) && typeof value === 'string' ? `(sealed ${digests.get(value)})` : value,
  );
}
