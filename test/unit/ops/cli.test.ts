import { describe, expect, it } from 'vitest';
import type { FailureView } from '../../../shared/ops/failure-view.js';
import { healthOf } from '../../../shared/ops/health.js';
import { targetOf } from '../../../scripts/ops/client.js';
import { failuresQueryOf, runOps, UsageError } from '../../../scripts/ops/commands.js';
import { replayFilterOf } from '../../../scripts/ops/incidents.js';
import {
  beijingTime,
  clip,
  describeFailures,
  describeHealth,
  displayWidth,
  table,
} from '../../../scripts/ops/format.js';

const failureOf = (overrides: Partial<FailureView> = {}): FailureView => ({
  id: 'f_00mx1abat9166092e9',
  platform: 'hnu',
  stage: 'record',
  reasonCode: 'invalid-record',
  message: 'data.learner.idCardNo: check character does not match',
  recordId: 'HNU-BAD-1',
  correlationId: 'req-1',
  failedAt: '2024-12-31T16:30:00.000Z',
  status: 'open',
  replays: [],
  input: { kind: 'hnu-event', payload: { data: { learner: { idCardNo: '****0021', name: '***' } } } },
  ...overrides,
});

describe("the command line's tables", () => {
  it('align columns that hold Chinese text by its width in a terminal', () => {
    expect(displayWidth('新能源ab')).toBe(8);
    const lines = table(
      [
        { topic: '新能源', hours: '6' },
        { topic: 'other', hours: '12.5' },
      ],
      [
        { header: 'topic', value: (r) => r.topic },
        { header: 'hours', value: (r) => r.hours, align: 'right' },
      ],
    );
    expect(lines).toEqual(['topic   hours', '------  -----', '新能源      6', 'other    12.5']);
  });

  it('clip long values with an ellipsis, within the width', () => {
    expect(clip('学习贯彻习近平总书记考察江西重要讲话精神', 10)).toBe('学习贯彻…');
    expect(displayWidth(clip('学习贯彻习近平总书记考察江西重要讲话精神', 10))).toBeLessThanOrEqual(10);
    expect(clip('short', 10)).toBe('short');
  });

  it('show times in Beijing time', () => {
    expect(beijingTime('2024-12-31T16:30:00.000Z')).toBe('2025-01-01 00:30:00');
    expect(beijingTime(null)).toBe('-');
  });

  it('list failures one per line, with the masked payload and replays on request', () => {
    const lines = describeFailures(
      [failureOf({ replays: [{ at: '2025-01-02T00:00:00.000Z', outcome: 'rejected', message: 'still bad' }] })],
      { payload: true },
    );
    expect(lines[0]).toMatch(
      /^failed at \(Beijing\)\s+platform\s+stage\s+reason\s+status\s+replays\s+record\s+id\s+message$/,
    );
    expect(lines[2]).toMatch(
      /^2025-01-01 00:30:00\s+hnu\s+record\s+invalid-record\s+open\s+1\s+HNU-BAD-1\s+f_00mx1abat9166092e9\s+data\.learner\.idCardNo: check character does not match$/,
    );
    expect(lines.join('\n')).toContain('"idCardNo": "****0021"');
    expect(lines.join('\n')).toContain('replay 2025-01-02 08:00:00: rejected: still bad');
    expect(describeFailures([])).toEqual(['No failures.']);
  });

  it('describe health with the platforms, the poller, the dead letters and what needs attention', () => {
    const health = healthOf({
      now: new Date('2024-06-02T12:30:00.000Z'),
      platforms: [
        {
          platform: 'hnu',
          buckets: [{ hour: '2024-06-02T12', counts: { received: 3, accepted: 2, rejected: 1 } }],
          marks: { lastDeliveryAt: '2024-06-02T12:29:00.000Z', lastAcceptedAt: null },
        },
        { platform: 'wangti', buckets: [], marks: { lastDeliveryAt: null, lastAcceptedAt: null } },
      ],
      poller: {
        cursor: 'c-9',
        lastSuccessAt: '2024-06-02T12:28:00.000Z',
        lastAttemptAt: null,
        lastErrorAt: null,
        lastError: null,
        lagSeconds: 30,
      },
      deadLetters: [
        { queue: 'completions', depth: 2, inFlight: 0, oldestAgeSeconds: 4_000, sampled: 2, lastRedrive: null },
      ],
    });
    const text = describeHealth(health).join('\n');
    expect(text).toContain('NEEDS ATTENTION');
    expect(text).toMatch(/hnu\s+attention\s+2024-06-02 20:29:00\s+-\s+3\s+2\s+0\s+1\s+0\s+0/);
    expect(text).toMatch(/cursor\s+c-9/);
    expect(text).toMatch(/behind by\s+30 s/);
    expect(text).toMatch(/completions\s+2\s+0\s+66 min\s+-/);
    expect(text).toContain('  - completions dead-letter queue holds 2 message(s)');
  });
});

describe("the command line's arguments", () => {
  it('turn failures flags into the query, refusing what the API would refuse', () => {
    expect(failuresQueryOf(['--platform', 'jxnu', '--reason', 'invalid-record', '--limit', '20']).toString()).toBe(
      'platform=jxnu&reason=invalid-record&limit=20',
    );
    expect(() => failuresQueryOf(['--platform', 'moodle'])).toThrow(UsageError);
    expect(() => failuresQueryOf(['--limit', '500'])).toThrow(UsageError);
    expect(() => failuresQueryOf(['--reason'])).toThrow('--reason needs a value');
  });

  it('take the hub and key from the environment, defaulting to the local hub and the development key', () => {
    expect(targetOf({})).toEqual({ baseUrl: 'http://127.0.0.1:3000', key: 'dev-ops-key' });
    expect(targetOf({ HUB_URL: 'https://hub.example/prod/', OPS_API_KEY: 'k' })).toEqual({
      baseUrl: 'https://hub.example/prod',
      key: 'k',
    });
  });

  it('print the usage for an unknown command and answer 2', async () => {
    const lines: string[] = [];
    expect(await runOps(['frobnicate'], targetOf({}), (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toBe('ops: unknown command frobnicate');
    expect(lines).toContain('usage: npm run ops -- <command>');
  });

  it('turn replay-all flags into the job filter, refusing a platform or time the API would refuse', () => {
    expect(
      replayFilterOf(['--platform', 'hnu', '--reason', 'category-not-on-list', '--since', '2026-11-30T00:00:00+08:00']),
    ).toEqual({ platform: 'hnu', reasonCode: 'category-not-on-list', since: '2026-11-30T00:00:00+08:00' });
    expect(() => replayFilterOf(['--platform', 'moodle'])).toThrow(UsageError);
    expect(() => replayFilterOf(['--since', 'last week'])).toThrow('--since must be a time');
  });

  it('refuse, before any request, a person lookup with nothing on standard input and a record without its id', async () => {
    const unreachable = { baseUrl: 'http://127.0.0.1:9', key: 'k' };
    const lines: string[] = [];
    expect(await runOps(['person'], unreachable, (line) => lines.push(line), { readIdCardNo: async () => '  ' })).toBe(
      2,
    );
    expect(lines[0]).toMatch(/^ops: person reads the ID card number from standard input/);
    expect(
      await runOps(['person', '--year', 'last'], unreachable, (line) => lines.push(line), {
        readIdCardNo: async () => 'x',
      }),
    ).toBe(2);
    expect(await runOps(['record', 'hnu'], unreachable, () => {})).toBe(2);
    expect(await runOps(['record', 'moodle', 'X-1'], unreachable, () => {})).toBe(2);
    expect(await runOps(['job'], unreachable, () => {})).toBe(2);
  });
});
