import { describe, expect, it } from 'vitest';
import { completionMessageSchema, type CompletionVersion } from '../../../shared/completion.js';
import type { ReplayInput } from '../../../shared/failures.js';
import { failureChangeOf, NotReplayableError, replayInput, type ReplayPorts } from '../../../shared/ops/replay.js';
import type { NormaliseContext } from '../../../shared/platforms/normalise-context.js';
import { normaliseHnuEvent } from '../../../shared/platforms/hnu/adapter.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { completionOf, idCardNoOf, testCrypto } from '../../support/completions.js';

const receivedAt = '2024-06-01T02:00:00.000Z';

const hnuEventOf = (overrides: { idCardNo?: string; completedAt?: string } = {}) => ({
  event: 'completion.created',
  eventId: 'evt_1',
  occurredAt: '2024-06-01T10:00:00+08:00',
  data: {
    recordId: 'HNU-R-1',
    learner: { idCardNo: overrides.idCardNo ?? idCardNoOf(7), name: '张三' },
    course: { code: 'C-1', title: '新能源材料', subject: '专业科目', topic: '新能源', credits: 6 },
    completedAt: overrides.completedAt ?? '2024-06-01T10:00:00+08:00',
    examPassed: true,
  },
});

/** Ports that record what the replay sent; the adapters are the real ones where the hub has them. */
const portsOf = (overrides: Partial<ReplayPorts> = {}) => {
  const enqueued: CompletionVersion[] = [];
  const sent: string[] = [];
  const contexts: NormaliseContext[] = [];
  const ports: ReplayPorts = {
    normalisers: { hnu: normaliseHnuEvent },
    contextFor: (at) => {
      const context = {
        receivedAt: at,
        now: new Date('2024-06-03T00:00:00.000Z'),
        correlationId: 'corr-1',
        crypto: testCrypto,
        rules: defaultRuleBook,
      };
      contexts.push(context);
      return context;
    },
    enqueue: async (versions) => {
      enqueued.push(...versions);
    },
    sendMessage: async (body) => {
      sent.push(body);
    },
    ...overrides,
  };
  return { ports, enqueued, sent, contexts };
};

describe('replaying a failure', () => {
  it('runs an hnu event through the adapter with its original receipt time and enqueues it', async () => {
    const { ports, enqueued, contexts } = portsOf();
    const result = await replayInput({ kind: 'hnu-event', body: hnuEventOf(), receivedAt }, ports);
    expect(result).toEqual({ outcome: 'enqueued', message: 'record HNU-R-1 enqueued', versions: 1 });
    expect(enqueued).toEqual([
      expect.objectContaining({
        platform: 'hnu',
        recordId: 'HNU-R-1',
        receivedAt,
        correlationId: 'corr-1',
        creditYear: 2024,
      }),
    ]);
    expect(contexts[0]?.receivedAt.toISOString()).toBe(receivedAt);
  });

  it('rejects an hnu event that is still bad, naming the field, and enqueues nothing', async () => {
    const { ports, enqueued } = portsOf();
    const bad = idCardNoOf(7).slice(0, 17) + (idCardNoOf(7).endsWith('1') ? '2' : '1');
    const result = await replayInput({ kind: 'hnu-event', body: hnuEventOf({ idCardNo: bad }), receivedAt }, ports);
    expect(result).toMatchObject({
      outcome: 'rejected',
      message: 'data.learner.idCardNo: check character does not match',
    });
    expect(enqueued).toEqual([]);
  });

  it('parses an hnu body that was kept as text, and rejects text that is still not JSON', async () => {
    const { ports, enqueued } = portsOf();
    expect(
      (await replayInput({ kind: 'hnu-event', body: JSON.stringify(hnuEventOf()), receivedAt }, ports)).outcome,
    ).toBe('enqueued');
    expect(await replayInput({ kind: 'hnu-event', body: '{"event":', receivedAt }, ports)).toMatchObject({
      outcome: 'rejected',
      message: 'body is not valid JSON',
    });
    expect(enqueued).toHaveLength(1);
  });

  it('judges with the rules of now: a completion that was in the future is taken once its time has come', async () => {
    const { ports } = portsOf();
    const result = await replayInput(
      { kind: 'hnu-event', body: hnuEventOf({ completedAt: '2024-06-02T23:00:00+08:00' }), receivedAt },
      ports,
    );
    expect(result.outcome).toBe('enqueued');
  });

  it('puts a queue message that parses back on the queue as it is', async () => {
    const { ports, sent } = portsOf();
    const body = JSON.stringify(
      completionMessageSchema.parse({ kind: 'completion-versions', versions: [completionOf(), completionOf()] }),
    );
    expect(await replayInput({ kind: 'queue-message', body }, ports)).toMatchObject({
      outcome: 'enqueued',
      versions: 2,
    });
    expect(sent).toEqual([body]);
  });

  it('rejects a queue message that is still malformed, naming the field', async () => {
    const { ports, sent } = portsOf();
    expect(await replayInput({ kind: 'queue-message', body: 'nope' }, ports)).toMatchObject({
      outcome: 'rejected',
      message: 'message: message body is not JSON',
    });
    const result = await replayInput(
      { kind: 'queue-message', body: JSON.stringify({ kind: 'completion-versions', versions: [] }) },
      ports,
    );
    expect(result).toMatchObject({ outcome: 'rejected', message: expect.stringMatching(/^message\.versions: /) });
    expect(sent).toEqual([]);
  });

  it('dispatches jxnu records and wangti rows to their adapters with what was stored', async () => {
    const calls: unknown[][] = [];
    const version = completionOf({ platform: 'jxnu', recordId: 'JX-1' });
    const { ports, enqueued } = portsOf({
      normalisers: {
        jxnu: (record, index, versionAt, context) => {
          calls.push(['jxnu', record, index, versionAt, context.receivedAt.toISOString()]);
          return { ok: true, value: version };
        },
        wangti: (row) => {
          calls.push(['wangti', row]);
          return { ok: false, problems: [{ field: '学时', message: 'is not a number of 学时' }] };
        },
      },
    });
    const jxnu: ReplayInput = {
      kind: 'jxnu-record',
      record: { xh: 'JX-1' },
      index: 4,
      versionAt: '2024-06-01T01:00:00.000Z',
      receivedAt,
    };
    expect(await replayInput(jxnu, ports)).toMatchObject({ outcome: 'enqueued' });
    expect(await replayInput({ kind: 'wangti-row', row: { 流水号: 'WT-1' }, receivedAt }, ports)).toMatchObject({
      outcome: 'rejected',
      message: '学时: is not a number of 学时',
    });
    expect(calls).toEqual([
      ['jxnu', { xh: 'JX-1' }, 4, '2024-06-01T01:00:00.000Z', receivedAt],
      ['wangti', { 流水号: 'WT-1' }],
    ]);
    expect(enqueued).toEqual([version]);
  });

  it('refuses an input this hub has no adapter for, and one that kept nothing to replay', async () => {
    const { ports } = portsOf();
    await expect(replayInput({ kind: 'wangti-row', row: {}, receivedAt }, ports)).rejects.toThrow(NotReplayableError);
    await expect(replayInput({ kind: 'none', payload: {} }, ports)).rejects.toThrow(NotReplayableError);
  });

  it('lets an enqueue error through, so nothing is recorded as enqueued', async () => {
    const { ports } = portsOf({ enqueue: async () => Promise.reject(new Error('SQS is down')) });
    await expect(replayInput({ kind: 'hnu-event', body: hnuEventOf(), receivedAt }, ports)).rejects.toThrow(
      'SQS is down',
    );
  });
});

describe('what a replay changes on the failure', () => {
  const at = new Date('2024-06-03T00:00:00.000Z');
  it('marks it replayed when enqueued, keeping its reason', () => {
    expect(
      failureChangeOf(
        { message: 'old reason', reasonCode: 'no-rules-for-year' },
        { outcome: 'enqueued', message: 'record R enqueued', versions: 1 },
        at,
      ),
    ).toEqual({
      replay: { at: at.toISOString(), outcome: 'enqueued', message: 'record R enqueued' },
      status: 'replayed',
      message: 'old reason',
      reasonCode: 'no-rules-for-year',
    });
  });

  it('keeps it open with the new reason and the rule it now breaks when rejected again', () => {
    const problems = [
      { field: 'data.course.credits', message: 'must be at most 100 学时', rule: 'hours-out-of-range' as const },
    ];
    expect(
      failureChangeOf(
        { message: 'old reason', reasonCode: 'no-rules-for-year' },
        { outcome: 'rejected', message: 'new reason', problems },
        at,
      ),
    ).toEqual({
      replay: { at: at.toISOString(), outcome: 'rejected', message: 'new reason' },
      status: 'open',
      message: 'new reason',
      reasonCode: 'hours-out-of-range',
    });
  });
});
