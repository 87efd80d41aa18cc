/**
 * The event emitter of {@link EsscClient} and {@link QrRefresher}: the methods of
 * eventemitter3 (which they extended before issue 25) in about a third of its size, since
 * every mini-program ships it. A listener that throws is reported asynchronously (as DOM
 * event dispatch does) and the other listeners still run: an app's bug in a listener never
 * turns the SDK's committed operation into a failure, nor stops a QR refresh.
 */

// biome-ignore lint/suspicious/noExplicitAny: a listener of any event, stored untyped.
type AnyListener = (...args: any[]) => void;

/** A listener as stored: eventemitter3's `context` and `once` kept. */
interface Registered {
  fn: AnyListener;
  context: unknown;
  once: boolean;
}

/** The events of an emitter: each event's name and the tuple of its arguments. */
export type EventMap<Events> = { [E in keyof Events]: unknown[] };

/** The names of the events of `Events`. */
export type EventName<Events> = keyof Events & string;

/** A listener of event `E` of `Events`. */
export type Listener<Events extends EventMap<Events>, E extends keyof Events> = (
  ...args: Events[E]
) => void;

/**
 * Typed events with the methods of eventemitter3 (`on`, `once`, `off`, `addListener`,
 * `removeListener`, `removeAllListeners`, `emit`, `listeners`, `listenerCount`,
 * `eventNames`), `context` arguments included. Listeners run in the order added; one added or
 * removed during an emit takes effect from the next emit.
 *
 * @example
 * ```ts
 * const onStatus = ({ signNo, status }: { signNo: string; status: string }) =>
 *   console.log(signNo, status);
 * client.on('card:status', onStatus);
 * client.off('card:status', onStatus);
 * ```
 */
export class EventEmitter<Events extends EventMap<Events>> {
  // Arrays replaced, never changed in place: an emit runs over the listeners it started with.
  private readonly registered = new Map<string, readonly Registered[]>();

  /** Adds a listener of `event`; `context` becomes its `this`. */
  on<E extends EventName<Events>>(event: E, fn: Listener<Events, E>, context?: unknown): this {
    return this.add(event, { fn, context, once: false });
  }

  /** The same as {@link EventEmitter.on}. */
  addListener<E extends EventName<Events>>(
    event: E,
    fn: Listener<Events, E>,
    context?: unknown,
  ): this {
    return this.on(event, fn, context);
  }

  /** Adds a listener that runs once, at the next `event`. */
  once<E extends EventName<Events>>(event: E, fn: Listener<Events, E>, context?: unknown): this {
    return this.add(event, { fn, context, once: true });
  }

  /**
   * Removes the listeners of `event` that match `fn` (all of them without `fn`), and `context`
   * and `once` when given.
   */
  off<E extends EventName<Events>>(
    event: E,
    fn?: Listener<Events, E>,
    context?: unknown,
    once?: boolean,
  ): this {
    const list = this.registered.get(event);
    if (!list) return this;
    const kept = fn
      ? list.filter(
          (l) =>
            l.fn !== fn ||
            (once !== undefined && once !== l.once) ||
            (context !== undefined && context !== l.context),
        )
      : [];
    if (kept.length > 0) this.registered.set(event, kept);
    else this.registered.delete(event);
    return this;
  }

  /** The same as {@link EventEmitter.off}. */
  removeListener<E extends EventName<Events>>(
    event: E,
    fn?: Listener<Events, E>,
    context?: unknown,
    once?: boolean,
  ): this {
    return this.off(event, fn, context, once);
  }

  /** Removes every listener of `event`, or of every event. */
  removeAllListeners(event?: EventName<Events>): this {
    if (event === undefined) this.registered.clear();
    else this.registered.delete(event);
    return this;
  }

  /**
   * Calls the listeners of `event` with `args`; true if there were any. A listener that
   * throws does not stop the others, nor the SDK's operation that emitted: its error is
   * rethrown in a microtask, where the app's error handler sees it. The SDK emits its own
   * events; apps only listen.
   *
   * @example
   * ```ts
   * client.on('card:applied', () => {
   *   throw new Error('bug in a listener');
   * });
   * const card = await client.apply(input); // still resolves; the listener's error surfaces in a microtask
   * ```
   */
  emit<E extends EventName<Events>>(event: E, ...args: Events[E]): boolean {
    const list = this.registered.get(event);
    if (!list) return false;
    for (const listener of list) {
      if (listener.once) this.drop(event, listener);
      try {
        listener.fn.apply(listener.context, args);
      } catch (error) {
        queueMicrotask(() => {
          throw error;
        });
      }
    }
    return true;
  }

  /** The listener functions of `event`, in order. */
  listeners<E extends EventName<Events>>(event: E): Listener<Events, E>[] {
    return (this.registered.get(event) ?? []).map((l) => l.fn);
  }

  /** How many listeners `event` has. */
  listenerCount(event: EventName<Events>): number {
    return this.registered.get(event)?.length ?? 0;
  }

  /** The events that have listeners. */
  eventNames(): EventName<Events>[] {
    return [...this.registered.keys()] as EventName<Events>[];
  }

  private drop(event: string, listener: Registered): void {
    const kept = (this.registered.get(event) ?? []).filter((l) => l !== listener);
    if (kept.length > 0) this.registered.set(event, kept);
    else this.registered.delete(event);
  }

  private add(event: string, listener: Registered): this {
    this.registered.set(event, [...(this.registered.get(event) ?? []), listener]);
    return this;
  }
}
