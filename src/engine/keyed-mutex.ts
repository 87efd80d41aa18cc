interface Queue {
  /** Work holding or waiting for the key. */
  pending: number;
  /** Settles when the last queued work has; never rejects. */
  tail: Promise<unknown>;
}

const noop = () => undefined;

/** Starts `work` now; a synchronous throw becomes a rejection, as it would inside `then`. */
function startNow<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs async work one at a time per key. The engine awaits slow steps (password hashing,
 * signing) in the middle of a rule check; without this, two concurrent applications for the
 * same person could both pass the "not yet bound" check and bind twice, and a card replaced
 * between an application's check and its commit would leave a binding no channel was told of.
 */
export class KeyedMutex {
  private readonly queues = new Map<string, Queue>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(key);
    if (!queue) {
      // Free key (the usual case): start at once, with no wait on an already settled tail.
      const own: Queue = { pending: 1, tail: undefined as unknown as Promise<unknown> };
      this.queues.set(key, own);
      const result = this.release(key, own, startNow(work));
      own.tail = result.then(noop, noop);
      return result;
    }
    const own = queue;
    own.pending += 1;
    const result = this.release(key, own, own.tail.then(work));
    own.tail = result.then(noop, noop);
    return result;
  }

  /** Released before the caller sees the outcome, so "free" is exact when it continues. */
  private release<T>(key: string, own: Queue, running: Promise<T>): Promise<T> {
    return running.finally(() => {
      own.pending -= 1;
      if (own.pending === 0 && this.queues.get(key) === own) this.queues.delete(key);
    });
  }

  /**
   * Runs synchronous work at once when nothing holds the key (so an admin change is visible
   * as soon as the call returns, as a back office's would be), otherwise right after the work
   * that holds or waits for it.
   */
  runWhenFree<T>(key: string, work: () => T): Promise<T> {
    if (this.queues.has(key)) return this.run(key, async () => work());
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
