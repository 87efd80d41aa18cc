/** The one move of every model step: predict, perform, compare. */
import { expect } from 'vitest';
import type { Model, Outcome, Resolved, Step } from './model.js';
import type { Real } from './real.js';

/** Outcomes per step kind (`charge:ok`, `refund:REFUND_EXCEEDED`…), to tune the generators. */
export const outcomeTally = new Map<string, number>();

/** Predicts a step, performs it, and compares the outcomes; both sides then hold the same state. */
export async function sync(
  model: Model,
  real: Real,
  s: Step,
  label = JSON.stringify(s),
): Promise<Outcome> {
  // Both sides act on the same card, resolved from the model's view of who holds what.
  const resolved = resolveFor(model, s);
  const expected = model.predict(s, resolved);
  const actual = await real.exec(s, resolved);
  expect(actual, label).toEqual(expected);
  const key = `${s.kind}:${actual.ok ? 'ok' : actual.code}`;
  outcomeTally.set(key, (outcomeTally.get(key) ?? 0) + 1);
  return actual;
}

export function resolveFor(model: Model, s: Step): Resolved | undefined {
  return s.kind === 'confirmLogin' || s.kind === 'rejectLogin'
    ? model.loginActor(s)
    : 'target' in s
      ? model.resolve(s.target)
      : undefined;
}
