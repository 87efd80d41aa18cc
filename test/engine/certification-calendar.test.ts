import { describe, expect, it } from 'vitest';
import { ageAt } from '../../src/domain/id-number.js';
import {
  CERTIFICATION_DUE_WINDOW_MS,
  certificationAt,
  twelveMonthsAfter,
} from '../../src/engine/certification.js';

const at = (iso: string) => Date.parse(iso);

describe('the certification year on China’s calendar (R33)', () => {
  it('adds 12 calendar months, same time of day; 29 February becomes 28 February', () => {
    expect(new Date(twelveMonthsAfter(at('2025-03-01T02:00:00.000Z'))).toISOString()).toBe(
      '2026-03-01T02:00:00.000Z',
    );
    expect(new Date(twelveMonthsAfter(at('2024-02-29T04:00:00.000Z'))).toISOString()).toBe(
      '2025-02-28T04:00:00.000Z',
    );
    // 01:00 on 29 February in China is still 28 February in UTC: China's date decides.
    expect(new Date(twelveMonthsAfter(at('2024-02-28T17:00:00.000Z'))).toISOString()).toBe(
      '2025-02-27T17:00:00.000Z',
    );
    // 28 February of a leap year stays the 28th; a common year's 28 February lands on the 28th.
    expect(new Date(twelveMonthsAfter(at('2027-02-28T04:00:00.000Z'))).toISOString()).toBe(
      '2028-02-28T04:00:00.000Z',
    );
  });

  it('is certified, then due 30 days before dueBy, then overdue from dueBy', () => {
    const certifiedAt = at('2025-06-15T02:00:00.000Z');
    const dueBy = at('2026-06-15T02:00:00.000Z');
    const benefit = { kind: 'pension' as const, certifiedAt };
    expect(certificationAt(benefit, dueBy - CERTIFICATION_DUE_WINDOW_MS - 1).status).toBe(
      'certified',
    );
    expect(certificationAt(benefit, dueBy - CERTIFICATION_DUE_WINDOW_MS).status).toBe('due');
    expect(certificationAt(benefit, dueBy - 1).status).toBe('due');
    expect(certificationAt(benefit, dueBy)).toEqual({
      status: 'overdue',
      certifiedAt: '2025-06-15T02:00:00.000Z',
      dueBy: '2026-06-15T02:00:00.000Z',
    });
    expect(certificationAt({ kind: 'pension' }, dueBy)).toEqual({ status: 'overdue' });
    expect(certificationAt(undefined, dueBy)).toEqual({ status: 'not-required' });
  });
});

describe('age from the ID number at the platform clock (R31: consent from 16)', () => {
  // Born 2010-01-01.
  const id = '440106201001010021';
  it('turns 16 at midnight in China, not in UTC', () => {
    expect(ageAt(id, at('2025-12-31T15:59:59.999Z'))).toBe(15); // 23:59 in China
    expect(ageAt(id, at('2025-12-31T16:00:00.000Z'))).toBe(16); // 00:00 on 1 January in China
  });
  it('one born on 29 February is a year older from 1 March in a common year', () => {
    const leap = '440106200802290014';
    expect(ageAt(leap, at('2024-02-28T12:00:00.000Z'))).toBe(15);
    expect(ageAt(leap, at('2024-02-29T12:00:00.000Z'))).toBe(16);
    expect(ageAt(leap, at('2025-02-28T12:00:00.000Z'))).toBe(16);
    expect(ageAt(leap, at('2026-02-28T12:00:00.000Z'))).toBe(17);
    expect(ageAt(leap, at('2026-03-01T12:00:00.000Z'))).toBe(18);
  });
  it('answers undefined for a number the domain refuses', () => {
    expect(ageAt('44010620100101002X', Date.now())).toBeUndefined(); // checksum
  });
});
