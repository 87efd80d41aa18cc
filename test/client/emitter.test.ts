import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventEmitter } from '../../src/client/emitter.js';

interface Events {
  tick: [event: { n: number }];
  done: [];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the SDK's event emitter (the methods apps used on eventemitter3)", () => {
  it('calls listeners in the order added, with the context given, and says whether any ran', () => {
    const emitter = new EventEmitter<Events>();
    const seen: string[] = [];
    const owner = { name: 'page' };
    emitter.on('tick', ({ n }) => seen.push(`first ${n}`));
    emitter.addListener(
      'tick',
      function (this: typeof owner, { n }) {
        seen.push(`${this.name} ${n}`);
      },
      owner,
    );
    expect(emitter.emit('tick', { n: 1 })).toBe(true);
    expect(emitter.emit('done')).toBe(false);
    expect(seen).toEqual(['first 1', 'page 1']);
  });

  it('runs a once listener at the next emit only', () => {
    const emitter = new EventEmitter<Events>();
    const fn = vi.fn();
    emitter.once('tick', fn);
    emitter.emit('tick', { n: 1 });
    emitter.emit('tick', { n: 2 });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(emitter.listenerCount('tick')).toBe(0);
  });

  it('off removes a listener by function, by function and context, or all of an event', () => {
    const emitter = new EventEmitter<Events>();
    const fn = vi.fn();
    const a = {};
    const b = {};
    emitter.on('tick', fn, a).on('tick', fn, b).on('done', fn);
    emitter.off('tick', fn, a);
    expect(emitter.listenerCount('tick')).toBe(1);
    emitter.removeListener('tick', fn);
    expect(emitter.listenerCount('tick')).toBe(0);
    expect(emitter.eventNames()).toEqual(['done']);
    emitter.on('tick', fn).removeAllListeners('done');
    expect(emitter.eventNames()).toEqual(['tick']);
    emitter.removeAllListeners();
    expect(emitter.eventNames()).toEqual([]);
    expect(emitter.listeners('tick')).toEqual([]);
  });

  it('an emit runs over the listeners it started with: one added or removed meanwhile counts from the next', () => {
    const emitter = new EventEmitter<Events>();
    const late = vi.fn();
    const removed = vi.fn();
    emitter.on('tick', () => {
      emitter.on('tick', late);
      emitter.off('tick', removed);
    });
    emitter.on('tick', removed);
    emitter.emit('tick', { n: 1 });
    expect(late).not.toHaveBeenCalled();
    expect(removed).toHaveBeenCalledTimes(1);
    emitter.emit('tick', { n: 2 });
    expect(late).toHaveBeenCalledTimes(1);
    expect(removed).toHaveBeenCalledTimes(1);
  });

  it('a listener that throws does not stop the others; its error is rethrown in a microtask', () => {
    const emitter = new EventEmitter<Events>();
    const rethrown: (() => void)[] = [];
    vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((task) => rethrown.push(task));
    const after = vi.fn();
    emitter.on('done', () => {
      throw new Error('bug in a listener');
    });
    emitter.on('done', after);
    expect(emitter.emit('done')).toBe(true);
    expect(after).toHaveBeenCalledTimes(1);
    expect(rethrown).toHaveLength(1);
    expect(() => rethrown[0]!()).toThrow('bug in a listener');
  });
});
