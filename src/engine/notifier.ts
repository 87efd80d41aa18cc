import { randomId } from '../crypto/index.js';
import type { NotificationType, PlatformNotification } from '../domain/types.js';
import type { Registry } from './registry.js';

type Listener = (notification: PlatformNotification) => void;

/**
 * Tells channels what changed on the platform (R13: every status change; password and level
 * changes). Delivery is the transport's business: the mock adapter subscribes in process,
 * the sandbox feeds its long poll and webhooks from the same listeners.
 */
export class Notifier {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly now: () => number,
    private readonly registry: Registry,
  ) {}

  /** Adds a listener for one channel's notifications; returns the unsubscribe function. */
  subscribe(channelId: string, listener: Listener): () => void {
    let set = this.listeners.get(channelId);
    if (!set) {
      set = new Set();
      this.listeners.set(channelId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  /**
   * Tells every channel bound to the e-card. A change a channel made itself is not echoed back
   * to it (`except`): that channel has the response already.
   */
  notifyBound(
    signNo: string,
    type: NotificationType,
    extra: Partial<PlatformNotification> = {},
    except?: string,
  ): void {
    for (const channelId of this.registry.channelsBoundTo(signNo)) {
      if (channelId !== except) this.notify(channelId, signNo, type, extra);
    }
  }

  notify(
    channelId: string,
    signNo: string,
    type: NotificationType,
    extra: Partial<PlatformNotification> = {},
  ): void {
    const notification: PlatformNotification = {
      id: `ntf_${randomId(12)}`,
      type,
      channelId,
      signNo,
      occurredAt: new Date(this.now()).toISOString(),
      ...extra,
    };
    const set = this.listeners.get(channelId);
    if (!set) return;
    for (const listener of set) {
      // Delivered after the operation commits; a listener's failure never undoes a change.
      queueMicrotask(() => {
        try {
          listener(notification);
        } catch {
          // The platform does not depend on a channel's handling of a notification.
        }
      });
    }
  }
}
