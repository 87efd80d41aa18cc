/**
 * R23 as a property: for random items, balances, coverage and deductible, the split sums to
 * the amount, no source goes negative, a decline changes nothing, and the split equals an
 * independent re-computation in BigInt (so neither side can hide a floating-point slip).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import type { PaymentItem } from '../../src/domain/types.js';
import { coverageToBp } from '../../src/engine/accounts.js';
import { coveredAmount, settle } from '../../src/engine/settlement.js';
import { MockPlatform } from '../../src/mock/index.js';
import { freshIdNumber, freshName, PASSWORD } from '../../src/testing/people.js';

const item = fc.record({
  code: fc.constant('I'),
  name: fc.constant('item'),
  amount: fc.integer({ min: 1, max: 1_000_000 }),
  coverage: fc.constantFrom<'covered' | 'self'>('covered', 'self'),
});

const accounts = fc.record({
  bank: fc.integer({ min: 0, max: 6_000_000 }),
  personalAccount: fc.integer({ min: 0, max: 6_000_000 }),
  coverage: fc.double({ min: 0, max: 1, noNaN: true }),
  deductibleLeft: fc.integer({ min: 0, max: 6_000_000 }),
});

/** R23 written again, in BigInt. */
function expected(
  items: PaymentItem[],
  a: { bank: number; personalAccount: number; bp: number; deductibleLeft: number },
) {
  const amount = items.reduce((s, i) => s + BigInt(i.amount), 0n);
  const covered = items
    .filter((i) => i.coverage === 'covered')
    .reduce((s, i) => s + BigInt(i.amount), 0n);
  const d = covered < BigInt(a.deductibleLeft) ? covered : BigInt(a.deductibleLeft);
  const pooled = ((covered - d) * BigInt(a.bp)) / 10_000n;
  const rest = amount - pooled;
  const personal = rest < BigInt(a.personalAccount) ? rest : BigInt(a.personalAccount);
  const self = amount - pooled - personal;
  return {
    pooledFund: Number(pooled),
    personalAccount: Number(personal),
    selfPay: Number(self),
    declined: BigInt(a.bank) < self,
    d: Number(d),
  };
}

describe('settlement (R23), property-based', () => {
  it('matches an independent integer computation; sums to the amount; no source negative', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), accounts, (items, a) => {
        const amount = items.reduce((s, i) => s + i.amount, 0);
        const bp = coverageToBp(a.coverage);
        const outcome = settle(
          { amount, covered: coveredAmount(items), medical: true },
          {
            bank: a.bank,
            personalAccount: a.personalAccount,
            coverageBp: bp,
            deductibleLeft: a.deductibleLeft,
          },
        );
        const want = expected(items, { ...a, bp });
        expect(outcome.ok).toBe(!want.declined);
        if (!outcome.ok) return;
        const { split } = outcome;
        expect(split).toEqual({
          pooledFund: want.pooledFund,
          personalAccount: want.personalAccount,
          selfPay: want.selfPay,
        });
        expect(split.pooledFund + split.personalAccount + split.selfPay).toBe(amount);
        for (const part of Object.values(split)) expect(part).toBeGreaterThanOrEqual(0);
        expect(split.personalAccount).toBeLessThanOrEqual(a.personalAccount);
        expect(split.selfPay).toBeLessThanOrEqual(a.bank);
        expect(outcome.deductibleUsed).toBe(want.d);
      }),
      { numRuns: 2_000 },
    );
  });

  it('through the platform: balances move by the split exactly, and a decline moves nothing', async () => {
    const platform = new MockPlatform();
    platform.enableRegion('440100');
    platform.registerChannel({ id: 'wechat', name: '微信' });
    platform.registerMerchant({ id: 'PHARM', name: '药店', kind: 'pharmacy' });
    const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('PHARM') });
    const client = createClient({ adapter: platform.adapter('wechat') });
    let order = 0;
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(item, { minLength: 1, maxLength: 4 })
          .filter((l) => l.reduce((s, i) => s + i.amount, 0) <= 5_000_000),
        accounts,
        async (items, a) => {
          const idNumber = freshIdNumber({ district: '440106' });
          const name = freshName();
          platform.addPerson({
            name,
            idNumber,
            regionCode: '440100',
            bankAccountActive: true,
            bankBalance: a.bank,
            medical: {
              personalAccount: a.personalAccount,
              coverage: a.coverage,
              deductible: a.deductibleLeft,
            },
          });
          const { signNo } = await client.apply({
            channelUserId: idNumber,
            name,
            idNumber,
            realPerson: platform.realPersonProof(idNumber),
            password: PASSWORD,
          });
          await client.enablePayment({ signNo, verification: { password: PASSWORD } });
          const { text } = await client.issueQr({
            signNo,
            purpose: 'payment',
            verification: { password: PASSWORD },
          });
          const amount = items.reduce((s, i) => s + i.amount, 0);
          const before = platform.balances(idNumber);
          const want = expected(items, { ...a, bp: coverageToBp(a.coverage) });
          order += 1;
          try {
            const payment = await terminal.charge({
              qrText: text,
              orderId: `P-${order}`,
              amount,
              items,
            });
            expect(want.declined).toBe(false);
            expect(platform.balances(idNumber)).toEqual({
              bank: before.bank - payment.split.selfPay,
              personalAccount: before.personalAccount - payment.split.personalAccount,
              deductibleLeft: before.deductibleLeft - want.d,
            });
          } catch (error) {
            expect(isEsscError(error, 'PAYMENT_DECLINED')).toBe(true);
            expect(want.declined).toBe(true);
            expect(platform.balances(idNumber)).toEqual(before);
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
