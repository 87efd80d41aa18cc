/**
 * Shared set-up of the acceptor tests: a demo platform with a test clock, and 张三's e-card
 * bound in the wechat channel, payment enabled, so tests can issue real codes.
 */
import type { CryptoSuite } from '../../src/crypto/index.js';
import { createClient, type EsscClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';

export const PASSWORD = '258046';
export const ZHANG = DEMO_PEOPLE[0]!;

/** A clock tests move by hand; starts at a fixed, realistic moment. */
export class TestClock {
  ms = Date.UTC(2025, 5, 1, 8, 0, 0);
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Demo {
  platform: MockPlatform;
  clock: TestClock;
  client: EsscClient;
  signNo: string;
}

/** Both crypto suites (R34): the acceptor tests that involve keys run under each. */
export const SUITES = ['jose', 'sm'] as const;

/**
 * A demo platform on a test clock (of the jose suite unless `suite` says otherwise), with 张三
 * applied in wechat (and payment enabled).
 */
export async function demoWithCard(
  options: { payment?: boolean; suite?: CryptoSuite } = {},
): Promise<Demo> {
  const clock = new TestClock();
  const platform = MockPlatform.demo({
    now: clock.now,
    passwordHashIterations: 1000,
    ...(options.suite ? { suite: options.suite } : {}),
  });
  const client = createClient({ adapter: platform.adapter('wechat') });
  const card = await client.apply({
    channelUserId: 'wx-user-1',
    name: ZHANG.name,
    idNumber: ZHANG.idNumber,
    realPerson: platform.realPersonProof(ZHANG.idNumber),
    password: PASSWORD,
  });
  if (options.payment) {
    await client.enablePayment({ signNo: card.signNo, verification: { password: PASSWORD } });
  }
  return { platform, clock, client, signNo: card.signNo };
}

/** Issues an identity code (or a payment code, verified with the password). */
export async function issue(demo: Demo, purpose: 'identity' | 'payment' = 'identity') {
  const qr = await demo.client.issueQr({
    signNo: demo.signNo,
    purpose,
    ...(purpose === 'payment' ? { verification: { password: PASSWORD } } : {}),
  });
  return qr.text;
}
