import { describe, expect, it } from 'vitest';
import { hourBucketOf } from '../../../shared/activity.js';
import {
  healthOf,
  healthWindowHours,
  hourlyOf,
  oldestAgeSecondsOf,
  pollerSilentMinutesMax,
  totalsOf,
  unknownPollerHealth,
  type DeadLetterHealth,
  type HealthInput,
  type PlatformHealthInput,
  type PollerHealth,
} from '../../../shared/ops/health.js';

const now = new Date('2024-06-02T12:30:00.000Z');
const hoursAgo = (hours: number) => hourBucketOf(new Date(now.getTime() - hours * 3_600_000));
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

const platformOf = (
  platform: string,
  buckets: PlatformHealthInput['buckets'] = [],
  marks: Partial<PlatformHealthInput['marks']> = {},
): PlatformHealthInput => ({
  platform,
  buckets,
  marks: { lastDeliveryAt: null, lastAcceptedAt: null, ...marks },
});

const healthyPoller: PollerHealth = {
  cursor: 'c-42',
  lastSuccessAt: minutesAgo(3),
  lastAttemptAt: minutesAgo(3),
  lastErrorAt: null,
  lastError: null,
  lagSeconds: 12,
};
const emptyDeadLetters: DeadLetterHealth = {
  queue: 'completions',
  depth: 0,
  inFlight: 0,
  oldestAgeSeconds: null,
  sampled: 0,
  lastRedrive: null,
};

const inputOf = (overrides: Partial<HealthInput> = {}): HealthInput => ({
  now,
  platforms: [platformOf('hnu'), platformOf('jxnu'), platformOf('wangti'), platformOf('portal'), platformOf('unknown')],
  poller: healthyPoller,
  deadLetters: [emptyDeadLetters],
  ...overrides,
});

describe('the 24-hour counts', () => {
  it('sum the current hour and the 23 before it, and nothing older', () => {
    const totals = totalsOf(
      [
        { hour: hoursAgo(0), counts: { received: 3, accepted: 2, rejected: 1 } },
        { hour: hoursAgo(23), counts: { received: 10, duplicate: 4, unauthorized: 2 } },
        { hour: hoursAgo(24), counts: { received: 100, failed: 100 } },
      ],
      now,
    );
    expect(totals).toEqual({ received: 13, accepted: 2, duplicate: 4, rejected: 1, failed: 0, unauthorized: 2 });
  });

  it('ignore counters that are not numbers', () => {
    expect(
      totalsOf([{ hour: hoursAgo(1), counts: { received: '7', accepted: -1, failed: Number.NaN } }], now),
    ).toMatchObject({ received: 0, accepted: 0, failed: 0 });
  });
});

describe('the hourly counts for the chart', () => {
  it('cover every hour of the window, oldest first, zeros where nothing was counted', () => {
    const hourly = hourlyOf([], now);
    expect(hourly).toHaveLength(healthWindowHours);
    expect(hourly[0]?.hour).toBe(hoursAgo(healthWindowHours - 1));
    expect(hourly.at(-1)?.hour).toBe(hoursAgo(0));
    expect(hourly.every((h) => h.accepted === 0 && h.duplicate === 0 && h.rejected === 0 && h.failed === 0)).toBe(true);
  });

  it('put each bucket in its own hour and add up two buckets of one hour', () => {
    const hourly = hourlyOf(
      [
        { hour: hoursAgo(0), counts: { accepted: 2, rejected: 1 } },
        { hour: hoursAgo(5), counts: { duplicate: 4, failed: 3, received: 9 } },
        { hour: hoursAgo(5), counts: { duplicate: 1 } },
      ],
      now,
    );
    expect(hourly.at(-1)).toEqual({ hour: hoursAgo(0), accepted: 2, duplicate: 0, rejected: 1, failed: 0 });
    expect(hourly.find((h) => h.hour === hoursAgo(5))).toEqual({
      hour: hoursAgo(5),
      accepted: 0,
      duplicate: 5,
      rejected: 0,
      failed: 3,
    });
  });

  it('leave out buckets outside the window and counters that are not positive numbers', () => {
    const hourly = hourlyOf(
      [
        { hour: hoursAgo(24), counts: { accepted: 100 } },
        { hour: hoursAgo(-1), counts: { accepted: 100 } },
        { hour: hoursAgo(2), counts: { accepted: '7', rejected: -1, failed: Number.NaN } },
      ],
      now,
    );
    expect(hourly.reduce((sum, h) => sum + h.accepted + h.rejected + h.failed, 0)).toBe(0);
  });

  it('are part of each platform in the health view, summing to its 24-hour totals', () => {
    const buckets = [
      { hour: hoursAgo(1), counts: { accepted: 3, duplicate: 1 } },
      { hour: hoursAgo(20), counts: { accepted: 2, rejected: 4 } },
    ];
    const hnu = healthOf(inputOf({ platforms: [platformOf('hnu', buckets)] })).platforms[0];
    expect(hnu?.hourly).toHaveLength(healthWindowHours);
    expect(hnu?.hourly.reduce((sum, h) => sum + h.accepted, 0)).toBe(hnu?.last24h.accepted);
    expect(hnu?.hourly.reduce((sum, h) => sum + h.rejected, 0)).toBe(hnu?.last24h.rejected);
  });
});

describe('the health view', () => {
  it('is ok when the platforms are quiet, the poller succeeds and the dead-letter queue is empty', () => {
    const view = healthOf(inputOf());
    expect(view.status).toBe('ok');
    expect(view.attention).toEqual([]);
    expect(view.platforms.map((p) => p.platform)).toEqual(['hnu', 'jxnu', 'wangti']);
    expect(view.platforms.find((p) => p.platform === 'wangti')?.poller).toEqual(healthyPoller);
    expect(view.platforms.find((p) => p.platform === 'hnu')?.poller).toBeUndefined();
  });

  it('shows portal and unknown only when they have activity', () => {
    const view = healthOf(
      inputOf({
        platforms: [
          platformOf('hnu'),
          platformOf('jxnu'),
          platformOf('wangti'),
          platformOf('portal'),
          platformOf('unknown', [{ hour: hoursAgo(2), counts: { failed: 1 } }]),
        ],
      }),
    );
    expect(view.platforms.map((p) => p.platform)).toEqual(['hnu', 'jxnu', 'wangti', 'unknown']);
  });

  it('carries the last delivery and the last accepted record', () => {
    const view = healthOf(
      inputOf({ platforms: [platformOf('hnu', [], { lastDeliveryAt: minutesAgo(1), lastAcceptedAt: minutesAgo(2) })] }),
    );
    expect(view.platforms[0]).toMatchObject({
      platform: 'hnu',
      lastDeliveryAt: minutesAgo(1),
      lastAcceptedAt: minutesAgo(2),
    });
  });

  it('asks for attention for rejected, failed and refused deliveries of a platform', () => {
    const view = healthOf(
      inputOf({
        platforms: [platformOf('hnu', [{ hour: hoursAgo(1), counts: { rejected: 2, failed: 1, unauthorized: 5 } }])],
      }),
    );
    expect(view.status).toBe('attention');
    expect(view.platforms[0]?.status).toBe('attention');
    expect(view.attention).toEqual([
      expect.stringMatching(/^hnu: 1 record\(s\) failed in processing/),
      expect.stringMatching(/^hnu: 2 record\(s\) rejected as bad input .*\/ops\/failures\?platform=hnu/),
      expect.stringMatching(/^hnu: 5 delivery\(ies\) refused/),
    ]);
  });

  it('asks for attention when the poller last failed, or has not succeeded for 30 minutes', () => {
    const failing = healthOf(
      inputOf({ poller: { ...healthyPoller, lastErrorAt: minutesAgo(1), lastError: 'export answered 401' } }),
    );
    expect(failing.attention).toEqual([expect.stringMatching(/^wangti: last poll failed at .*: export answered 401$/)]);
    const silent = healthOf(
      inputOf({ poller: { ...healthyPoller, lastSuccessAt: minutesAgo(pollerSilentMinutesMax) } }),
    );
    expect(silent.attention).toEqual([
      `wangti: no successful poll for ${pollerSilentMinutesMax} minutes (the last at ${minutesAgo(pollerSilentMinutesMax)})`,
    ]);
    expect(healthOf(inputOf({ poller: unknownPollerHealth })).attention).toEqual([
      'wangti: no successful poll recorded',
    ]);
  });

  it('does not count an error that a later success followed', () => {
    expect(
      healthOf(inputOf({ poller: { ...healthyPoller, lastErrorAt: minutesAgo(10), lastError: '503' } })).status,
    ).toBe('ok');
  });

  it('asks for attention for dead letters, with their number and the oldest age', () => {
    const view = healthOf(
      inputOf({ deadLetters: [{ ...emptyDeadLetters, depth: 3, oldestAgeSeconds: 7_300, sampled: 3 }] }),
    );
    expect(view.attention).toEqual([
      'completions dead-letter queue holds 3 message(s), the oldest 2 h old: fix the cause, then POST /ops/dead-letters/redrive',
    ]);
  });
});

describe('the oldest dead letter', () => {
  it('is the earliest SentTimestamp of the messages peeked, in seconds', () => {
    const ms = now.getTime();
    expect(oldestAgeSecondsOf([String(ms - 5_000), String(ms - 90_500), undefined, 'x'], now)).toBe(90);
    expect(oldestAgeSecondsOf([], now)).toBeNull();
  });
});
