import type { PlatformNotification } from '../domain/types.js';
import type { PlatformEngine } from '../engine/engine.js';
import type { WebhookAttempt } from './webhooks.js';

/** Entries kept of each kind; the console shows the latest. */
const KEEP = 200;

/**
 * What the sandbox did lately, for the console (`GET /admin/activity`): the notifications the
 * platform sent to every channel, and each webhook delivery attempt with its outcome, newest
 * first. `version` moves on every entry, so a page polling it knows when to look again.
 *
 * A channel is followed from the first time the log sees it (the registered ones when the
 * sandbox starts and at every read, and any channel at its first request).
 *
 * @internal
 */
export class SandboxActivity {
  private readonly followed = new Set<string>();
  private readonly notifications: PlatformNotification[] = [];
  private readonly deliveries: (WebhookAttempt & { at: string })[] = [];
  private counter = 0;

  constructor(
    private readonly engine: PlatformEngine,
    private readonly now: () => number = Date.now,
  ) {
    this.followRegistered();
  }

  /** Starts logging a channel's notifications (once per channel). */
  follow(channelId: string): void {
    if (this.followed.has(channelId)) return;
    this.followed.add(channelId);
    this.engine.subscribe(channelId, (notification) => {
      keep(this.notifications, notification);
      this.counter += 1;
    });
  }

  /** Logs one webhook attempt (the dispatcher's `onAttempt`). */
  recordDelivery(attempt: WebhookAttempt): void {
    keep(this.deliveries, { ...attempt, at: new Date(this.now()).toISOString() });
    this.counter += 1;
  }

  /** The newest entries first. */
  snapshot(limit = 50): {
    version: number;
    notifications: PlatformNotification[];
    deliveries: (WebhookAttempt & { at: string })[];
  } {
    this.followRegistered();
    return {
      version: this.counter,
      notifications: this.notifications.slice(-limit).reverse(),
      deliveries: this.deliveries.slice(-limit).reverse(),
    };
  }

  private followRegistered(): void {
    for (const { id } of this.engine.parties().channels) this.follow(id);
  }
}

function keep<T>(list: T[], entry: T): void {
  list.push(entry);
  if (list.length > KEEP) list.shift();
}
