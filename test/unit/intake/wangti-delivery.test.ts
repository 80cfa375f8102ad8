import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import type { NewFailure } from '../../../shared/failures.js';
import { receiveWangtiDelivery, type WangtiDeliveryPorts } from '../../../shared/intake/wangti-delivery.js';
import {
  contextOf,
  now,
  validIdCard,
  wangtiCellsOf,
  wangtiCsvOf,
  wangtiHeader,
} from '../../support/platform-payloads.js';

const portsOf = (overrides: Partial<WangtiDeliveryPorts> = {}) => {
  const enqueued: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  const calls = { enqueue: 0, recordFailures: 0 };
  const ports: WangtiDeliveryPorts = {
    recordFailures: async (list) => {
      calls.recordFailures += 1;
      failures.push(...list);
    },
    enqueue: async (versions) => {
      calls.enqueue += 1;
      enqueued.push(...versions);
    },
    contextFor: (receivedAt, correlationId) => contextOf({ receivedAt, now: receivedAt, correlationId }),
    ...overrides,
  };
  return { ports, enqueued, failures, calls };
};

const pageOf = (csv: string, cursor: string | undefined) => ({
  csv,
  cursor,
  receivedAt: now,
  correlationId: 'poll-run-1',
});

describe('a wangti delivery (one export page)', () => {
  it('enqueues the good rows and keeps a bad one as a failure naming its field, in one call each', async () => {
    const { ports, enqueued, failures, calls } = portsOf();
    const csv = wangtiCsvOf([
      wangtiCellsOf({ 流水号: 'WT-1', 更新时间: '2024/06/01 10:00:00' }),
      wangtiCellsOf({ 流水号: 'WT-2', 学时: 'two', 更新时间: '2024/06/03 08:00:00' }),
      wangtiCellsOf({ 流水号: 'WT-3', 课程编号: 'WT-ZY-0816', 更新时间: '2024/06/02 09:30:00' }),
    ]);
    const outcome = await receiveWangtiDelivery(pageOf(csv, 'c-7'), ports);
    expect(outcome).toEqual({
      kind: 'taken',
      counts: { received: 3, accepted: 2, rejected: 1, otherTopic: 0 },
      // The newest 更新时间 taken, Beijing time (UTC+8); the rejected row's later one does not count.
      newestVersionAt: new Date('2024-06-02T01:30:00.000Z'),
    });
    expect(enqueued.map((v) => v.recordId)).toEqual(['WT-1', 'WT-3']);
    expect(calls).toEqual({ enqueue: 1, recordFailures: 1 });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ platform: 'wangti', stage: 'record', recordId: 'WT-2' });
    expect(failures[0]?.message).toMatch(/^学时: /);
    expect(failures[0]?.correlationId).toBe('poll-run-1');
    expect(failures[0]?.message).not.toContain(validIdCard);
  });

  it('answers an empty page as taken with nothing counted and calls no store', async () => {
    const { ports, calls } = portsOf();
    const outcome = await receiveWangtiDelivery(pageOf(wangtiCsvOf([]), 'c-7'), ports);
    expect(outcome).toEqual({
      kind: 'taken',
      counts: { received: 0, accepted: 0, rejected: 0, otherTopic: 0 },
      newestVersionAt: undefined,
    });
    expect(calls).toEqual({ enqueue: 0, recordFailures: 0 });
  });

  it('keeps a page missing a column as one poller failure with the page and its cursor, and enqueues nothing', async () => {
    const { ports, enqueued, failures } = portsOf();
    const columns = wangtiHeader.filter((column) => column !== '学时');
    const csv = wangtiCsvOf([wangtiCellsOf({ 流水号: 'WT-1' })], { columns });
    const outcome = await receiveWangtiDelivery(pageOf(csv, 'c-9'), ports);
    expect(outcome.kind).toBe('unreadable-page');
    if (outcome.kind !== 'unreadable-page') return;
    expect(outcome.message).toMatch(/^export page after cursor c-9 is not readable: /);
    expect(enqueued).toEqual([]);
    const pageFailures = failures.filter((f) => f.stage === 'poller');
    expect(pageFailures).toEqual([
      {
        platform: 'wangti',
        stage: 'poller',
        reasonCode: 'poller-error',
        message: outcome.message,
        correlationId: 'poll-run-1',
        input: { kind: 'none', payload: { cursor: 'c-9', csv } },
      },
    ]);
  });

  it('names the export start when the unreadable page was the first', async () => {
    const { ports } = portsOf();
    const outcome = await receiveWangtiDelivery(pageOf('no csv here', undefined), ports);
    expect(outcome.kind).toBe('unreadable-page');
    if (outcome.kind === 'unreadable-page') expect(outcome.message).toMatch(/after cursor \(start\)/);
  });

  it('fails when the queue does not take the rows, so the run keeps its cursor', async () => {
    const { ports } = portsOf({
      enqueue: async () => {
        throw new Error('queue down');
      },
    });
    await expect(receiveWangtiDelivery(pageOf(wangtiCsvOf([wangtiCellsOf()]), 'c-7'), ports)).rejects.toThrow(
      'queue down',
    );
  });
});
