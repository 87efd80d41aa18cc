import { randomBytes, randomId } from '../crypto/index.js';
import { type ErrorCode, EsscError } from '../domain/errors.js';
import type { HostedAction, ReceiptKind } from '../domain/hosted.js';
import type { DynamicQr, ECard } from '../domain/types.js';
import type { EngineContext } from './context.js';
import type { HostedStepName } from './hosted-view.js';
import { toBase32 } from './ids.js';

/** A launch lives 10 minutes on the platform's clock (R35). */
export const LAUNCH_TTL_MS = 10 * 60 * 1000;

/** One launched page, kept by the platform under an unguessable id (R35). */
export interface Launch {
  readonly id: string;
  readonly busiSeq: string;
  readonly channelId: string;
  readonly channelUserId: string;
  readonly action: HostedAction;
  readonly person: { name: string; idNumber: string } | undefined;
  readonly signNo: string | undefined;
  readonly returnUrl: string;
  readonly expiresAt: number;
  step: HostedStepName;
  token: string;
  /** Tokens of earlier submissions: sent again (a double submit, a reload), they apply nothing. */
  readonly pastTokens: Set<string>;
  /** Submissions so far: each one's operations get their own idempotency key (R20). */
  submissions: number;
  /** The real-person proof of the passed face check (never shown, never in a receipt). */
  proof?: string;
  error?: { code: ErrorCode; details?: unknown };
  card?: ECard;
  qr?: DynamicQr;
  done?: { kind: ReceiptKind; receipt: string; returnUrl: string; token: string };
}

/** What a launch is made of: the launching call's fields. */
export interface NewLaunch {
  channelId: string;
  channelUserId: string;
  action: HostedAction;
  person: { name: string; idNumber: string } | undefined;
  signNo: string | undefined;
  returnUrl: string;
}

/** The step each action starts with. */
const FIRST_STEP: Record<HostedAction, HostedStepName> = {
  apply: 'face',
  'enable-payment': 'password',
  'change-password': 'old-and-new-password',
  'reset-password': 'face',
  unbind: 'password',
  'verify-password': 'password',
  'verify-face': 'face',
  card: 'card',
  certification: 'face',
};

/**
 * The launched pages the platform keeps (R35), by id: made with an unguessable id and
 * `busiSeq`, found while live, forgotten some time after they expire.
 */
export class LaunchRegistry {
  private readonly launches = new Map<string, Launch>();

  constructor(private readonly ctx: EngineContext) {}

  /** Keeps a new launch at its action's first step, for {@link LAUNCH_TTL_MS}. */
  create(fields: NewLaunch): Launch {
    this.sweep();
    const launch: Launch = {
      id: randomId(18),
      busiSeq: `HS${toBase32(randomBytes(20))}`,
      ...fields,
      expiresAt: this.ctx.now() + LAUNCH_TTL_MS,
      step: FIRST_STEP[fields.action],
      token: randomId(16),
      pastTokens: new Set(),
      submissions: 0,
    };
    this.launches.set(launch.id, launch);
    return launch;
  }

  /**
   * The launch, unexpired (a finished one stays known until it would have expired twice). An
   * unknown id is answered as an expired one: the id is the page's only secret, and telling
   * an unknown id apart from an expired one would only help someone guessing ids.
   */
  live(launchId: string): Launch {
    this.sweep();
    const launch = typeof launchId === 'string' ? this.launches.get(launchId) : undefined;
    if (!launch || (!launch.done && launch.expiresAt <= this.ctx.now())) {
      throw new EsscError(
        'LAUNCH_EXPIRED',
        'This hosted page expired (10 minutes) or does not exist; launch a new one.',
      );
    }
    return launch;
  }

  /** Forgets launches past twice their lifetime; kept in launch order with one lifetime. */
  private sweep(): void {
    const now = this.ctx.now();
    for (const [id, launch] of this.launches) {
      if (launch.expiresAt + LAUNCH_TTL_MS > now) break;
      this.launches.delete(id);
    }
  }
}

export function launchUsed(): EsscError<'LAUNCH_USED'> {
  return new EsscError('LAUNCH_USED', 'This hosted page was already finished; launch a new one.');
}
