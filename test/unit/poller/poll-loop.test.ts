import { describe, expect, it } from 'vitest';
import type { CompletionVersion } from '../../../shared/completion.js';
import type { NewFailure } from '../../../shared/failures.js';
import {
  backoffMs,
  runPoll,
  serverErrorRetriesMax,
  type ExportAnswer,
  type PageProgress,
  type PollerStart,
  type PollerStatePort,
  type PollPorts,
  type RunEnd,
} from '../../../shared/platforms/wangti/poll-loop.js';
import { defaultRuleBook } from '../../../shared/rules/year-rules.js';
import { wangtiCsvOf, type WangtiExportRow } from '../../../sim/wangti-csv.js';
import { idCardNoOf, testCrypto } from '../../support/completions.js';

class MemoryState implements PollerStatePort {
  cursor: string | undefined;
  lease: { owner: string; until: number } | undefined;
  ends: RunEnd[] = [];
  saves: PageProgress[] = [];
  async acquire(owner: string, now: Date, leaseSeconds: number): Promise<PollerStart | 'busy'> {
    if (this.lease && this.lease.until >= now.getTime() && this.lease.owner !== owner) return 'busy';
    this.lease = { owner, until: now.getTime() + leaseSeconds * 1000 };
    return { cursor: this.cursor };
  }
  async saveCursor(owner: string, progress: PageProgress) {
    if (this.lease?.owner !== owner) throw new Error('lease lost');
    this.cursor = progress.cursor;
    this.saves.push(progress);
  }
  async finish(owner: string, end: RunEnd) {
    if (this.lease?.owner !== owner) throw new Error('lease lost');
    this.ends.push(end);
    this.lease = undefined;
  }
}

const rowOf = (n: number, overrides: Partial<WangtiExportRow> = {}): WangtiExportRow => ({
  流水号: `WT-${n}`,
  身份证号: idCardNoOf(n),
  姓名: '王五',
  课程编号: `WT-ZY-${n}`,
  课程名称: '新材料"双碳"路径，案例',
  科目类别: '专业',
  专题: '新材料',
  学时: '2.5',
  完成时间: '2024/06/01 10:00:00',
  状态: '有效',
  更新时间: `2024/06/01 10:00:${String(n % 60).padStart(2, '0')}`,
  培训年度: '',
  ...overrides,
});

/** An export of fixed pages: cursor `c<i>` reads page i; answers can be scripted ahead of the pages. */
const exportOf = (pages: readonly string[], scripted: ExportAnswer[] = []) => {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    port: {
      fetchPage: async (cursor: string | undefined): Promise<ExportAnswer> => {
        calls.push(cursor);
        const next = scripted.shift();
        if (next) return next;
        const index = cursor === undefined ? 0 : Number(cursor.slice(1));
        const csv = pages[index] ?? wangtiCsvOf([]);
        const last = Math.min(index + 1, pages.length);
        return { kind: 'page', csv, nextCursor: `c${last}`, hasMore: last < pages.length };
      },
    },
  };
};

const harness = (
  pages: readonly string[],
  options: { scripted?: ExportAnswer[]; overrides?: Partial<PollPorts> } = {},
) => {
  let now = new Date('2024-06-02T00:00:00.000Z').getTime();
  const state = new MemoryState();
  const exporter = exportOf(pages, options.scripted);
  const enqueued: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  const sleeps: number[] = [];
  const ports: PollPorts = {
    exportApi: {
      fetchPage: async (cursor) => {
        now += 100;
        return exporter.port.fetchPage(cursor);
      },
    },
    state,
    enqueue: async (versions) => {
      enqueued.push(...versions);
    },
    recordFailures: async (list) => {
      failures.push(...list);
    },
    contextFor: (receivedAt) => ({
      receivedAt,
      now: receivedAt,
      correlationId: 'poll-test',
      crypto: testCrypto,
      rules: defaultRuleBook,
    }),
    clock: () => new Date(now),
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    ...options.overrides,
  };
  return { ports, state, exporter, enqueued, failures, sleeps, advance: (ms: number) => (now += ms) };
};

const threePages = [wangtiCsvOf([rowOf(1), rowOf(2)]), wangtiCsvOf([rowOf(3)]), wangtiCsvOf([rowOf(4), rowOf(5)])];

describe('a wangti poll run', () => {
  it('drains every page, enqueues each row and stores the cursor after each page', async () => {
    const h = harness(threePages);
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({
      outcome: 'drained',
      ok: true,
      pagesRead: 3,
      recordsTaken: 5,
      rowsRejected: 0,
      cursor: 'c3',
      lagSeconds: 0,
    });
    expect(h.enqueued.map((v) => v.recordId)).toEqual(['WT-1', 'WT-2', 'WT-3', 'WT-4', 'WT-5']);
    expect(h.state.saves.map((s) => s.cursor)).toEqual(['c1', 'c2', 'c3']);
    expect(h.state.ends).toMatchObject([{ ok: true, pagesRead: 3, recordsTaken: 5 }]);
    expect(h.state.lease).toBeUndefined();
  });

  it('starts from the stored cursor next time', async () => {
    const h = harness(threePages);
    h.state.cursor = 'c2';
    await runPoll(h.ports, { owner: 'run-1' });
    expect(h.exporter.calls).toEqual(['c2']);
    expect(h.enqueued.map((v) => v.recordId)).toEqual(['WT-4', 'WT-5']);
  });

  it('answers busy and reads nothing while another run holds the lease', async () => {
    const h = harness(threePages);
    h.state.lease = { owner: 'other', until: Date.parse('2024-06-02T00:01:00.000Z') };
    expect(await runPoll(h.ports, { owner: 'run-1' })).toMatchObject({ outcome: 'busy', ok: false });
    expect(h.exporter.calls).toEqual([]);
  });

  it('takes over a lease that has expired (its run died)', async () => {
    const h = harness(threePages);
    h.state.lease = { owner: 'dead', until: Date.parse('2024-06-01T23:59:00.000Z') };
    expect((await runPoll(h.ports, { owner: 'run-1' })).outcome).toBe('drained');
  });

  it('keeps the cursor before a page whose rows could not be enqueued, and rethrows', async () => {
    let calls = 0;
    const h = harness(threePages, {
      overrides: {
        enqueue: async () => {
          calls += 1;
          if (calls === 2) throw new Error('SQS is down');
        },
      },
    });
    await expect(runPoll(h.ports, { owner: 'run-1' })).rejects.toThrow('SQS is down');
    expect(h.state.cursor).toBe('c1');
    expect(h.state.ends).toMatchObject([{ ok: false, error: 'the run failed: SQS is down' }]);
    expect(h.state.lease).toBeUndefined();
  });

  it('loses nothing when it dies between enqueueing a page and storing its cursor: the next run reads the page again', async () => {
    const h = harness(threePages);
    const save = h.state.saveCursor.bind(h.state);
    let saves = 0;
    h.state.saveCursor = async (owner, progress) => {
      saves += 1;
      if (saves === 2) throw new Error('state write failed');
      return save(owner, progress);
    };
    await expect(runPoll(h.ports, { owner: 'run-1' })).rejects.toThrow('state write failed');
    expect(h.state.cursor).toBe('c1');
    expect(await runPoll(h.ports, { owner: 'run-2' })).toMatchObject({ outcome: 'drained', cursor: 'c3' });
    // WT-3 went out twice (the ledger dedupes it); every record went out at least once.
    expect(h.enqueued.map((v) => v.recordId)).toEqual(['WT-1', 'WT-2', 'WT-3', 'WT-3', 'WT-4', 'WT-5']);
  });

  it('keeps bad rows as failures with the row to replay, and moves past them', async () => {
    const page = wangtiCsvOf([
      rowOf(1),
      rowOf(2, { 身份证号: idCardNoOf(2).slice(0, 17) + (idCardNoOf(2).endsWith('1') ? '2' : '1') }),
      rowOf(3, { 科目类别: '选修' }),
      rowOf(4, { 学时: '0' }),
    ]);
    const h = harness([page]);
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({ outcome: 'drained', recordsTaken: 1, rowsRejected: 3, cursor: 'c1' });
    expect(h.failures.map((f) => [f.recordId, f.reasonCode, f.message])).toEqual([
      ['WT-2', 'id-check-character', '身份证号: check character does not match'],
      ['WT-3', 'category-not-on-list', '科目类别: must be 公需 or 专业'],
      ['WT-4', 'hours-out-of-range', '学时: must be more than 0 学时'],
    ]);
    expect(h.failures[0]?.input).toMatchObject({ kind: 'wangti-row', row: { recordId: 'WT-2' } });
  });

  it('does not move the cursor past a page it cannot read, and says so as a failure', async () => {
    const broken = wangtiCsvOf([rowOf(1)], ['流水号', '身份证号', '课程编号']);
    const h = harness([broken]);
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({ outcome: 'unreadable-page', ok: false, cursor: undefined });
    expect(h.state.cursor).toBeUndefined();
    expect(h.failures).toMatchObject([{ reasonCode: 'poller-error', stage: 'poller' }]);
    expect(h.enqueued).toEqual([]);
  });

  it('waits a short Retry-After and goes on', async () => {
    const h = harness(threePages, { scripted: [{ kind: 'rate-limited', retryAfterSeconds: 2 }] });
    expect(await runPoll(h.ports, { owner: 'run-1' })).toMatchObject({ outcome: 'drained', pagesRead: 3 });
    expect(h.sleeps).toEqual([2000]);
  });

  it('stops with the cursor kept when Retry-After is longer than the run may wait', async () => {
    const page1 = { kind: 'page', csv: threePages[0] as string, nextCursor: 'c1', hasMore: true } as const;
    const h = harness(threePages, { scripted: [page1, { kind: 'rate-limited', retryAfterSeconds: 120 }] });
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({ outcome: 'rate-limited', ok: false, cursor: 'c1', pagesRead: 1 });
    expect(summary.error).toContain('Retry-After');
    expect(h.sleeps).toEqual([]);
    expect(h.state.ends).toMatchObject([{ ok: false }]);
  });

  it('backs off exponentially on 5xx and no answer, then goes on when the export recovers', async () => {
    const h = harness(threePages, {
      scripted: [
        { kind: 'server-error', status: 503 },
        { kind: 'no-answer', message: 'TimeoutError' },
      ],
    });
    expect(await runPoll(h.ports, { owner: 'run-1' })).toMatchObject({ outcome: 'drained', pagesRead: 3 });
    expect(h.sleeps).toEqual([backoffMs(0), backoffMs(1)]);
  });

  it('stops after a bounded number of 5xx retries and records the error', async () => {
    const errors: ExportAnswer[] = Array.from({ length: 10 }, () => ({ kind: 'server-error', status: 502 }) as const);
    const h = harness(threePages, { scripted: errors });
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({ outcome: 'server-error', ok: false, cursor: undefined });
    expect(h.exporter.calls).toHaveLength(serverErrorRetriesMax + 1);
    expect(h.sleeps).toEqual([500, 1000, 2000]);
    expect(h.state.ends[0]).toMatchObject({ ok: false, error: expect.stringContaining('502') });
  });

  it('stops on 401 with one operator-visible failure and no retry', async () => {
    const h = harness(threePages, { scripted: [{ kind: 'unauthorized' }, { kind: 'unauthorized' }] });
    const summary = await runPoll(h.ports, { owner: 'run-1' });
    expect(summary).toMatchObject({ outcome: 'unauthorized', ok: false, error: 'unauthorized' });
    expect(h.exporter.calls).toHaveLength(1);
    expect(h.failures).toMatchObject([{ platform: 'wangti', stage: 'poller', reasonCode: 'poller-unauthorized' }]);
    expect(h.state.ends).toMatchObject([{ ok: false, error: 'unauthorized' }]);
  });

  it('stops when the time budget is spent, as a success that is behind by the newest change taken', async () => {
    const h = harness(threePages, {
      scripted: [{ kind: 'page', csv: threePages[0] as string, nextCursor: 'c1', hasMore: true }],
    });
    const summary = await runPoll(h.ports, { owner: 'run-1', budgetMs: 50 });
    expect(summary).toMatchObject({ outcome: 'budget-spent', ok: true, pagesRead: 1, cursor: 'c1' });
    // Newest 更新时间 taken: 2024/06/01 10:00:02 Beijing = 02:00:02Z; the clock is 2024-06-02T00:00:00.100Z.
    expect(summary.lagSeconds).toBe(22 * 3600 - 2);
  });

  it('refuses an answer the contract does not allow, as a failure for operators', async () => {
    const h = harness(threePages, { scripted: [{ kind: 'unexpected', message: 'status 400' }] });
    expect(await runPoll(h.ports, { owner: 'run-1' })).toMatchObject({ outcome: 'unexpected-answer', ok: false });
    expect(h.failures).toMatchObject([{ reasonCode: 'poller-error' }]);
  });
});
