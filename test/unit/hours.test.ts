import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hoursFromHundredths,
  hundredthsFromDecimal,
  hundredthsFromMinutes,
  sumHours,
  type Hundredths,
} from '../../shared/hours.js';

describe('hours as integer hundredths', () => {
  it('reads decimals sent as numbers or strings, with at most two places', () => {
    expect(hundredthsFromDecimal(6)).toBe(600);
    expect(hundredthsFromDecimal('4.5')).toBe(450);
    expect(hundredthsFromDecimal(' 1.05 ')).toBe(105);
    expect(hundredthsFromDecimal('1.500')).toBe(150);
    expect(hundredthsFromDecimal(0.01)).toBe(1);
    for (const bad of ['abc', '', '1.234', '-1', '1e2', 'NaN', NaN, Infinity, null, undefined, true, {}, '１２']) {
      expect(hundredthsFromDecimal(bad), String(bad)).toBeUndefined();
    }
  });

  it('adds 0.1 and 0.2 to exactly 0.3', () => {
    const sum = sumHours([hundredthsFromDecimal(0.1) as Hundredths, hundredthsFromDecimal(0.2) as Hundredths]);
    expect(sum).toBe(30);
    expect(hoursFromHundredths(sum)).toBe(0.3);
  });

  it('sums 10,000 entries of 0.01 to exactly 100', () => {
    const entries = Array.from({ length: 10_000 }, () => hundredthsFromDecimal('0.01') as Hundredths);
    expect(hoursFromHundredths(sumHours(entries))).toBe(100);
  });

  it('shows any sum of hundredths with at most two decimals and no float noise', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { maxLength: 200 }), (values) => {
        const shown = hoursFromHundredths(sumHours(values as Hundredths[]));
        expect(Math.round(shown * 100)).toBe(values.reduce((a, b) => a + b, 0));
        expect(String(shown)).toMatch(/^\d+(\.\d{1,2})?$/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('jxnu minutes to 学时 (45 minutes each, half 学时, rounded down)', () => {
  it.each([
    [135, 300],
    [100, 200],
    [44, 0],
    [1, 0],
    [45, 100],
    [67, 100],
    [68, 150],
    [90, 200],
    [6000, 13_300],
  ])('%i minutes are %i hundredths', (minutes, hundredths) => {
    expect(hundredthsFromMinutes(minutes)).toBe(hundredths);
  });

  it('never gives more than the minutes are worth, and never less than half a 学时 below it once a 学时 is reached', () => {
    fc.assert(
      fc.property(fc.integer({ min: 45, max: 6000 }), (minutes) => {
        const hours = hundredthsFromMinutes(minutes) / 100;
        expect(hours).toBeLessThanOrEqual(minutes / 45);
        expect(minutes / 45 - hours).toBeLessThan(0.5);
        expect((hours * 2) % 1).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
