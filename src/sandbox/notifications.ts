import type { PlatformNotification } from '../domain/types.js';
import type { PlatformEngine } from '../engine/engine.js';

/** Notifications kept per channel; older ones are dropped (a poller that far behind resyncs with getCard). */
const FEED_LIMIT = 1_000;

interface Feed {
  /** The sequence number of the newest notification (0 before the first). */
  head: number;
  items: { seq: number; notification: PlatformNotification }[];
  waiters: Set<() => void>;
}

/**
 * The channels' notifications as the wire serves them: a bounded, numbered feed per channel
 * that pollers read from a cursor, waiting for news (long poll). A feed starts when the
 * channel first talks to the sandbox, so everything about the cards it binds from then on is
 * kept; delivery is at least once (a poll without cursor gets the whole feed), and the
 * notification ids are stable for deduplication.
 *
 *
 * @internal
 */
export class NotificationFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly engine: PlatformEngine) {}

  /** Starts the channel's feed if it has none yet. */
  follow(channelId: string): Feed {
    const feed = this.feeds.get(channelId);
    if (feed) return feed;
    const created: Feed = { head: 0, items: [], waiters: new Set() };
    this.engine.subscribe(channelId, (notification) => {
      created.head += 1;
      created.items.push({ seq: created.head, notification });
      if (created.items.length > FEED_LIMIT) created.items.shift();
      for (const wake of [...created.waiters]) wake();
    });
    this.feeds.set(channelId, created);
    return created;
  }

  /**
   * The channel's notifications after `after`, waiting up to `waitMs` for the first one.
   * Answers early when `signal` aborts (the poller went away).
   */
  async poll(
    channelId: string,
    after: number | undefined,
    waitMs: number,
    signal?: AbortSignal,
  ): Promise<{ notifications: PlatformNotification[]; cursor: number }> {
    const feed = this.follow(channelId);
    // A cursor from another feed (a restarted sandbox) would hide everything: start over.
    const from = after !== undefined && after <= feed.head ? after : 0;
    const pending = () => feed.items.filter((item) => item.seq > from);
    if (pending().length === 0 && waitMs > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          feed.waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, waitMs);
        feed.waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    const items = pending();
    return {
      notifications: items.map((item) => item.notification),
      cursor: items.at(-1)?.seq ?? from,
    };
  }
}
