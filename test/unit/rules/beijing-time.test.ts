import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  beijingYearOf,
  parseBeijingLocal,
  parsePlatformInstant,
  toBeijingIso,
} from '../../../shared/rules/beijing-time.js';

describe('Beijing time', () => {
  it('reads local times without an offset as UTC+08:00, with dashes or slashes', () => {
    expect(parseBeijingLocal('2024-12-31 23:59:59')?.toISOString()).toBe('2024-12-31T15:59:59.000Z');
    expect(parseBeijingLocal('2024/12/31 23:59:59')?.toISOString()).toBe('2024-12-31T15:59:59.000Z');
    expect(parsePlatformInstant('2024-06-01 10:20:30')?.toISOString()).toBe('2024-06-01T02:20:30.000Z');
  });

  it('reads ISO times with their own offset', () => {
    expect(parsePlatformInstant('2024-12-31T23:40:12+08:00')?.toISOString()).toBe('2024-12-31T15:40:12.000Z');
    expect(parsePlatformInstant('2024-12-31T16:30:00Z')?.toISOString()).toBe('2024-12-31T16:30:00.000Z');
    expect(parsePlatformInstant('2024-12-31T23:40:12+0800')?.toISOString()).toBe('2024-12-31T15:40:12.000Z');
    expect(parsePlatformInstant('2024-12-31T10:00:00.123456-05:30')?.toISOString()).toBe('2024-12-31T15:30:00.123Z');
  });

  it('refuses dates and times that are not real instead of rolling them over', () => {
    for (const text of [
      '2024-02-30T10:00:00+08:00',
      '2023-02-29T10:00:00Z',
      '2024-12-31T24:00:00+08:00',
      '2024-13-01T00:00:00Z',
      '2024-12-31T23:60:00Z',
      '2024-12-31T23:59:60Z',
      '2024-12-31T23:59:59+08:60',
      '2024-02-30 10:00:00',
      '2024/06/31 10:00:00',
      '2024-12-31 24:00:00',
      'yesterday',
      '2024-12-31',
      '2024-12-31T23:59:59 +08:00',
    ]) {
      expect(parsePlatformInstant(text), text).toBeUndefined();
    }
    expect(parsePlatformInstant('2024-02-29T10:00:00+08:00')?.toISOString()).toBe('2024-02-29T02:00:00.000Z');
  });

  it('puts the year boundary at Beijing midnight', () => {
    expect(beijingYearOf(parsePlatformInstant('2024-12-31T23:59:59+08:00') as Date)).toBe(2024);
    expect(beijingYearOf(parsePlatformInstant('2024-12-31T16:30:00Z') as Date)).toBe(2025);
    expect(beijingYearOf(parsePlatformInstant('2024-12-31T15:59:59Z') as Date)).toBe(2024);
  });

  it('reads back what it shows, for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
        (date) => {
          const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
          expect(parsePlatformInstant(toBeijingIso(whole))?.getTime()).toBe(whole.getTime());
          expect(parsePlatformInstant(whole.toISOString())?.getTime()).toBe(whole.getTime());
          expect(parseBeijingLocal(toBeijingIso(whole).slice(0, 19).replace('T', ' '))?.getTime()).toBe(
            whole.getTime(),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
