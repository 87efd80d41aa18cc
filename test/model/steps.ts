/**
 * The fast-check side of the model run: an arbitrary per step kind, and one command class
 * that predicts with the model, performs on the real platform, and compares both the outcome
 * and everything observable. Shrinking then reduces a failing sequence to its few steps.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  CHANNELS,
  type Flaws,
  Model,
  type PasswordChoice,
  type ProofChoice,
  type Secret,
  type Step,
  type Target,
} from './model.js';
import { Real, START_MS } from './real.js';

// 张三 (who can pay) most, 李四 often, 王五 (city not enabled) now and then.
const person = fc.constantFrom(0, 0, 0, 1, 1, 2);
const channel = fc.nat({ max: CHANNELS.length - 1 });
// Mostly the newest e-card; the previous one matters after a replacement (R14).
// Three times in four, a binding that exists (so flows get past NOT_BOUND).
const target: fc.Arbitrary<Target> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      person,
      gen: fc.constantFrom<Target['gen']>('latest', 'latest', 'latest', 'previous'),
      channel,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      person,
      gen: fc.constant<Target['gen']>('latest'),
      channel,
      bound: fc.nat({ max: 11 }),
    }),
  },
);
// Three strong passwords (the first is the one most runs set), a generic weak one, the birth date.
const password = fc.constantFrom<PasswordChoice>(0, 0, 0, 1, 2, 'weak', 'birth');
const newPassword = fc.constantFrom<PasswordChoice>(0, 1, 1, 2, 2, 'weak', 'birth');
const proof = fc.constantFrom<ProofChoice>('fresh', 'fresh', 'other', 'replay');
// Applying mostly with what a real user brings, so sequences reach bound states.
const applyProof = fc.constantFrom<ProofChoice>(
  'fresh',
  'fresh',
  'fresh',
  'fresh',
  'other',
  'replay',
);
const secret: fc.Arbitrary<Secret> = fc.oneof(
  { arbitrary: fc.record({ password }), weight: 3 },
  { arbitrary: fc.record({ realPerson: proof }), weight: 1 },
);
const session = fc.nat({ max: 7 });
const kind = <K extends Step['kind']>(k: K) => fc.constant(k);

/** Every step kind, with a weight: applying and verifying often, admin changes now and then. */
const STEPS: { arbitrary: fc.Arbitrary<Step>; weight: number }[] = [
  {
    weight: 8,
    arbitrary: fc.record({
      kind: kind('apply'),
      person,
      channel,
      nameOk: fc.constantFrom(true, true, true, true, true, false),
      proof: applyProof,
      password,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('getCard'), target }) },
  { weight: 3, arbitrary: fc.record({ kind: kind('unbind'), target, secret }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: kind('changePassword'),
      target,
      oldPassword: password,
      newPassword,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: kind('resetPassword'), target, proof, newPassword }),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('enablePayment'), target, secret }) },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: kind('issueQr'),
        target,
        purpose: fc.constantFrom<'identity' | 'payment'>('identity', 'payment'),
        secret,
      },
      { requiredKeys: ['kind', 'target', 'purpose'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ kind: kind('verifyQr'), qr: fc.nat({ max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: kind('openSession') }) },
  { weight: 2, arbitrary: fc.record({ kind: kind('scanLogin'), target, session }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: kind('confirmLogin'),
      asScanner: fc.constantFrom(true, true, false),
      target,
      session,
      secret,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: kind('rejectLogin'),
      asScanner: fc.constantFrom(true, true, false),
      target,
      session,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: kind('setCardStatus'),
      person,
      status: fc.constantFrom('normal', 'normal', 'sealed', 'lost', 'locked', 'cancelled'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('replaceCard'), person }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: kind('setBankAccountActive'), person, active: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: kind('advance') }) },
];

/** One step as a fast-check command. */
class StepCommand implements fc.AsyncCommand<Model, Real, false> {
  constructor(readonly step: Step) {}

  check(model: Readonly<Model>): boolean {
    const s = this.step;
    if (s.kind === 'verifyQr') return model.qrs.length > 0;
    if (s.kind === 'scanLogin' || s.kind === 'confirmLogin' || s.kind === 'rejectLogin') {
      return model.sessions.length > 0;
    }
    return true;
  }

  async run(model: Model, real: Real): Promise<void> {
    const s = this.step;
    // Both sides act on the same card, resolved from the model's view of who holds what.
    const resolved =
      s.kind === 'confirmLogin' || s.kind === 'rejectLogin'
        ? model.loginActor(s)
        : 'target' in s
          ? model.resolve(s.target)
          : undefined;
    const expected = model.predict(s, resolved);
    const actual = await real.exec(s, resolved);
    expect(actual, this.toString()).toEqual(expected);
    await real.observe(model);
  }

  toString(): string {
    return JSON.stringify(this.step);
  }
}

/** Sequences of steps; `maxCommands` keeps each run short enough to shrink quickly. */
export function stepSequences(maxCommands = 30) {
  // fc.commands takes one arbitrary per command kind; the weights are repeated entries.
  const weighted = STEPS.flatMap(({ arbitrary, weight }) =>
    Array.from({ length: weight }, () => arbitrary.map((step) => new StepCommand(step))),
  );
  // size 'max': lengths spread up to maxCommands (the default size stays near ten).
  return fc.commands(weighted, { maxCommands, size: 'max' });
}

/** The property: a fresh platform and model per run, every step agreeing. */
export function modelProperty(flaws: Flaws = {}, maxCommands?: number) {
  return fc.asyncProperty(stepSequences(maxCommands), async (commands) => {
    const real = await Real.create();
    try {
      await fc.asyncModelRun(() => ({ model: new Model(START_MS, flaws), real }), commands);
    } finally {
      real.close();
    }
  });
}
