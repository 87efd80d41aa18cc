interface Queue {
  /** Work holding or waiting for the key. */
  pending: number;
  /** Settles when the last queued work has; never rejects. */
  tail: Promise<unknown>;
}

const noop = () => undefined;

/**
 * Runs async work one at a time per key. The engine awaits slow steps (password hashing,
 * signing) in the middle of a rule check; without this, two concurrent applications for the
 * same person could both pass the "not yet bound" check and bind twice, and a card replaced
 * between an application's check and its commit would leave a binding no channel was told of.
 */
export class KeyedMutex {
  private readonly queues = new Map<string, Queue>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { pending: 0, tail: Promise.resolve() };
      this.queues.set(key, queue);
    }
    const own = queue;
    own.pending += 1;
    // Released before the caller sees the outcome, so "free" is exact when it continues.
    const result = own.tail.then(work).finally(() => {
      own.pending -= 1;
      if (own.pending === 0 && this.queues.get(key) === own) this.queues.delete(key);
    });
    own.tail = result.then(noop, noop);
    return result;
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
