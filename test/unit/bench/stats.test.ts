/** The benchmark's figure computations (scripts/bench/stats.ts): percentiles, rates, the ratio, per-completion figures. */
import { describe, expect, it } from 'vitest';
import {
  latencySummary,
  median,
  perCompletion,
  percentile,
  ratePerSecond,
  ratio,
  formatRatio,
  tallyDelta,
  type CallTally,
} from '../../../scripts/bench/stats.js';

const tally = (over: Partial<CallTally>): CallTally => ({
  scope: 'ledgerWriter',
  service: 'dynamodb',
  command: 'PutItemCommand',
  table: 'ledgers',
  calls: 0,
  errors: 0,
  tableUnits: 0,
  indexUnits: 0,
  ...over,
});

describe('percentiles', () => {
  it('takes the nearest rank, whatever the order of the values', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
  });

  it('p99 of 1..1000 is 990 and p50 is 500', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i);
    expect(percentile(values, 99)).toBe(990);
    expect(percentile(values, 50)).toBe(500);
  });

  it('answers NaN for no values and refuses a percentile outside 0..100', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('medians: the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('summarises latencies', () => {
    expect(latencySummary([10, 20, 30, 40])).toEqual({ count: 4, p50: 20, p99: 40, max: 40 });
  });
});

describe('rates and the ratio', () => {
  it('counts per second over milliseconds', () => {
    expect(ratePerSecond(20_000, 40_000)).toBe(500);
    expect(() => ratePerSecond(1, 0)).toThrow(RangeError);
  });

  it('rounds hub/ceiling down to two decimals, so the printed figure never flatters the hub', () => {
    expect(ratio(500, 1000)).toBe(0.5);
    expect(ratio(499.9, 1000)).toBe(0.49);
    expect(ratio(1000, 3000)).toBe(0.33);
    expect(formatRatio(ratio(183.4, 1088))).toBe('0.16');
    expect(() => ratio(1, 0)).toThrow(RangeError);
  });
});

describe('calls and units per completion', () => {
  const tallies: CallTally[] = [
    tally({ command: 'PutItemCommand', table: 'ledgers', calls: 900, errors: 30, tableUnits: 1800, indexUnits: 1500 }),
    tally({ command: 'BatchWriteItemCommand', table: 'records', calls: 40, tableUnits: 950 }),
    tally({ command: 'BatchGetItemCommand', table: 'ledgers', calls: 20, tableUnits: 800 }),
    tally({ command: 'ExecuteStatementCommand', table: 'records', calls: 20, tableUnits: 1000 }),
    tally({ scope: 'unscoped', service: 'sqs', command: 'ReceiveMessageCommand', table: '', calls: 100 }),
    tally({ scope: 'hnuWebhook', service: 'sqs', command: 'SendMessageBatchCommand', table: '', calls: 400 }),
    // The bench's own portal reads are not a completion's cost.
    tally({ scope: 'portalApi', command: 'BatchGetItemCommand', table: 'ledgers', calls: 50, tableUnits: 5000 }),
  ];
  const scopes = new Set(['hnuWebhook', 'ledgerWriter', 'unscoped']);

  it('divides the completion path by the completions, leaving other scopes out', () => {
    const pc = perCompletion(tallies, 1000, scopes);
    expect(pc.dynamoCalls).toBeCloseTo(0.98);
    expect(pc.dynamoWriteCalls).toBeCloseTo(0.94);
    expect(pc.dynamoReadCalls).toBeCloseTo(0.04);
    expect(pc.writeUnits).toBeCloseTo(4.25);
    expect(pc.indexWriteUnits).toBeCloseTo(1.5);
    expect(pc.readUnits).toBeCloseTo(1.8);
    expect(pc.sqsCalls).toBeCloseTo(0.5);
    expect(pc.byCommand['DynamoDB PutItem ledgers']).toBeCloseTo(0.9);
    expect(pc.errorsByCommand['DynamoDB PutItem ledgers']).toBeCloseTo(0.03);
    expect(pc.byCommand['SQS SendMessageBatch']).toBeCloseTo(0.4);
  });

  it('refuses no completions', () => {
    expect(() => perCompletion(tallies, 0, scopes)).toThrow(RangeError);
  });

  it('takes the difference of two snapshots, keeping only what changed', () => {
    const before = [tally({ calls: 100, tableUnits: 200, indexUnits: 100, errors: 1 })];
    const after = [
      tally({ calls: 150, tableUnits: 300, indexUnits: 160, errors: 3 }),
      tally({ command: 'QueryCommand', calls: 5, tableUnits: 5 }),
    ];
    expect(tallyDelta(before, after)).toEqual([
      tally({ calls: 50, tableUnits: 100, indexUnits: 60, errors: 2 }),
      tally({ command: 'QueryCommand', calls: 5, tableUnits: 5 }),
    ]);
    expect(tallyDelta(after, after)).toEqual([]);
  });
});
