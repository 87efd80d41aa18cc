/**
 * The real side of ./seed-model.ts: order codes made by the merchants' terminals and scanned,
 * paid or declined by the holders' clients (R45), the back office's disbursement runs (R44),
 * and what a user sees of them: the father's bank balance against his months, the months as
 * his holders' channels list them, in BigInt.
 */
import { expect } from 'vitest';
import { FATHER, type Model, type Resolved } from './model.js';
import type { Real } from './real.js';
import type { SeedStep } from './seed-model.js';

/** What the real side remembers of order codes and scans, by the model's indices. */
export class SeedReal {
  readonly codeTexts: string[] = [];
  readonly requestIds: string[] = [];
  /** The father's bank balance at the start, fen. */
  fatherOpening = 0n;

  async perform(real: Real, step: SeedStep, r: Resolved | undefined) {
    const client = r ? real.clients[r.channel]! : undefined;
    switch (step.kind) {
      case 'createOrderCode': {
        const code = await real.terminals[step.merchant]!.createOrderCode({
          orderId: step.orderId,
          amount: step.amount,
          ...(step.items ? { items: step.items } : {}),
        });
        const reused = this.codeTexts.includes(code.qrText);
        if (!reused) this.codeTexts.push(code.qrText);
        return { expiresAt: code.expiresAt, reused };
      }
      case 'scanOrder': {
        const order = await client!.scanOrder({
          signNo: real.signNo(r!),
          qrText: this.codeTexts[step.code % this.codeTexts.length]!,
        });
        this.requestIds.push(order.requestId);
        const merchant = real.merchantIndex(order.merchant.id);
        return { merchant, orderId: order.orderId, amount: order.amount };
      }
      case 'payOrder': {
        const payment = await client!.payOrder({
          signNo: real.signNo(r!),
          requestId: this.requestId(step.request),
          verification: real.verification(r!.person, step.secret),
        });
        real.noteOrderPaid(real.merchantIndex(payment.merchantId), payment.orderId, r!.person);
        return real.paymentSeenOf(payment);
      }
      case 'declineOrder':
        await client!.declineOrder({
          signNo: real.signNo(r!),
          requestId: this.requestId(step.request),
        });
        return {};
      case 'runDisbursement':
        return { ...(await real.platform.runDisbursement({ month: step.month })) };
    }
  }

  private requestId(n: number): string {
    return this.requestIds[n % Math.max(1, this.requestIds.length)] ?? 'or_never_scanned';
  }

  /**
   * R44: the father's bank is his opening balance plus exactly the months paid (none twice),
   * and every holder who has him as a member lists his months as the model does.
   */
  async observe(real: Real, model: Model): Promise<void> {
    const bank = BigInt(real.platform.balances(FATHER.idNumber).bank);
    expect(bank, "the father's bank: opening + the months paid").toBe(
      this.fatherOpening + model.seed.benefitPaid(),
    );
    for (const { person, ecard, channel } of model.bindings()) {
      const memberId = real.fatherMemberId[person];
      if (!memberId || !model.father.memberOf.has(person)) continue;
      const listed = await real.clients[channel]!.listBenefitPayments({
        signNo: real.signNos[person]![ecard!]!,
        memberId,
      });
      expect(listed, `the father's months as ${person} sees them`).toEqual(model.seed.monthsView());
    }
  }
}
