/** The capacity model (scripts/capacity/): DynamoDB item sizes and units, and the month, year and peak arithmetic. */
import { describe, expect, it } from 'vitest';
import { dynamoItemBytes, readUnitsOf, writeUnitsOf } from '../../../scripts/capacity/item-sizes.js';
import {
  monthCost,
  monthlyCompletions,
  peakPlan,
  provinceWorkload,
  versionsPerMessageMean,
  yearCost,
  type FixedCounts,
  type LambdaSettings,
  type UnitCosts,
} from '../../../scripts/capacity/model.js';
import { usEast1Prices, type PriceBook } from '../../../scripts/capacity/prices.js';

const units: UnitCosts = {
  source: 'test',
  ledgerWritesPerVersion: 1,
  indexWritesPerVersion: 1,
  otherWriteUnitsPerVersion: 0,
  ledgerWriteUnitsPerWrite: 2,
  feedIndexWriteUnitsPerWrite: 2,
  indexItemWriteUnits: 1,
  readUnitsPerVersion: 2,
  logBytesPerVersion: 500,
  logBytesPerInvocation: 0,
  versionBytes: 1000,
  versionsPerMessage: { hnu: 1, jxnu: 25, wangti: 25 },
  handlerMs: {
    hnuRequest: 20,
    jxnuRequestFixed: 50,
    jxnuPerRecord: 1,
    wangtiRunFixed: 1000,
    wangtiPerRecord: 1,
    writerFixed: 100,
    writerPerVersion: 2,
    portalRequest: 30,
  },
  ledgerItemBytesYearEnd: 3000,
  feedIndexItemBytes: 600,
  indexItemBytes: 250,
};
const settings: LambdaSettings = {
  memoryMb: { hnuWebhook: 512, jxnuWebhook: 1024, wangtiPoller: 1024, ledgerWriter: 1024, portalApi: 1024 },
  writerBatchSize: 100,
  writerBatchingWindowSeconds: 1,
  writerMaxConcurrency: 20,
};
const fixed: FixedCounts = {
  kmsKeys: 1,
  kmsRequestsPerMonth: 0,
  secrets: 6,
  secretCallsPerMonth: 0,
  customMetrics: 10,
  alarms: 20,
  dashboards: 1,
  logRetentionMonths: 12,
  idleReceivesPerMonth: 0,
};

describe('DynamoDB item sizes', () => {
  it('counts attribute names and values as DynamoDB does', () => {
    expect(dynamoItemBytes({ pk: 'abc' })).toBe(5);
    expect(dynamoItemBytes({ n: 12345 })).toBe(1 + 1 + 3);
    expect(dynamoItemBytes({ b: true, z: null })).toBe(4);
    expect(dynamoItemBytes({ body: new Uint8Array(100) })).toBe(104);
    expect(dynamoItemBytes({ m: { a: 'x' } })).toBe(1 + 3 + 1 + 1 + 1);
    expect(dynamoItemBytes({ s: '学时' })).toBe(1 + 6);
  });

  it('rounds write units up to 1 KB and strongly consistent reads up to 4 KB, at least one', () => {
    expect(writeUnitsOf(0)).toBe(1);
    expect(writeUnitsOf(1024)).toBe(1);
    expect(writeUnitsOf(1025)).toBe(2);
    expect(readUnitsOf(4096)).toBe(1);
    expect(readUnitsOf(4097)).toBe(2);
  });
});

describe('the model', () => {
  it('splits the year: a third in December, the rest over eleven months', () => {
    const months = monthlyCompletions(provinceWorkload);
    expect(months.year).toBe(80_000_000);
    expect(months.december).toBeCloseTo(80_000_000 / 3);
    expect(months.ordinary * 11 + months.december).toBeCloseTo(80_000_000);
  });

  it('averages versions per message over the mix, weighted by versions', () => {
    const w = { ...provinceWorkload, platformShare: { hnu: 0.5, jxnu: 0.5, wangti: 0 } };
    expect(versionsPerMessageMean(w, units)).toBeCloseTo(1 / (0.5 / 1 + 0.5 / 25));
  });

  it('prices DynamoDB write units from the quantities', () => {
    const month = monthCost('m', 1_000_000, provinceWorkload, units, settings, fixed, usEast1Prices);
    const versions = 1_000_000 * provinceWorkload.versionsPerCompletion;
    expect(month.quantities.writeUnits).toBeCloseTo(versions * (2 + 2 + 1));
    expect(month.costs['DynamoDB write units (incl. GSI)']).toBeCloseTo(
      (versions * 5 * usEast1Prices.dynamodb.writeRequestUnitsPerMillion) / 1e6,
    );
  });

  it('scales with prices: doubling every price doubles the bill', () => {
    const double = (value: unknown): unknown =>
      typeof value === 'number'
        ? value * 2
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, double(v)]))
          : value;
    const once = yearCost(provinceWorkload, units, settings, fixed, usEast1Prices);
    const twice = yearCost(provinceWorkload, units, settings, fixed, double(usEast1Prices) as PriceBook);
    expect(twice.yearTotal).toBeCloseTo(once.yearTotal * 2);
    expect(once.perMillionCompletions).toBeCloseTo(once.yearTotal / 80);
    expect(once.yearTotal).toBeCloseTo(once.ordinary.total * 11 + once.december.total);
  });

  it('plans the peak: writers needed, their drain rate, and the feed shards under a partition', () => {
    const plan = peakPlan(provinceWorkload, units, settings, 16, 1e9);
    const perMessage = versionsPerMessageMean(provinceWorkload, units);
    expect(plan.versionsPerSecond).toBeCloseTo(1000 * provinceWorkload.versionsPerCompletion);
    expect(plan.batchVersions).toBeCloseTo(100 * perMessage);
    expect(plan.batchSeconds).toBeCloseTo((100 + 2 * 100 * perMessage) / 1000);
    expect(plan.concurrencyNeeded).toBeCloseTo((plan.messagesPerSecond / 100) * plan.batchSeconds);
    expect(plan.drainVersionsPerSecond).toBeCloseTo((20 * plan.batchVersions) / plan.batchSeconds);
    // The tables' write throughput bounds the drain too: 5 write units a version here.
    const bounded = peakPlan(provinceWorkload, units, settings, 16, 10_000);
    expect(bounded.tablesDrainVersionsPerSecond).toBeCloseTo(2_000);
    expect(bounded.drainVersionsPerSecond).toBeCloseTo(2_000);
    expect(bounded.minutesToDrainOutage).toBeCloseTo(
      (bounded.versionsPerSecond * 600) / (2_000 - bounded.versionsPerSecond) / 60,
    );
    expect(plan.feedShardWriteUnitsPerSecond).toBeCloseTo((plan.versionsPerSecond * 2) / 16);
    expect(plan.feedShardWriteUnitsPerSecond).toBeLessThan(1000);
  });
});
