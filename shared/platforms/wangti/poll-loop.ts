/**
 * One run of the wangti export poller (platforms.md, issue 3), pure: the export, the queue,
 * the failure store, the state and the clock are ports, so every path runs in milliseconds.
 *
 * Per run: take the lease (held: `busy`), read pages from the stored cursor, keep bad rows as
 * failures and enqueue the good ones, and only then store the next cursor, so a crash at any
 * point loses nothing and at most reads a page again (the ledger dedupes it). Pages are read
 * while `X-Has-More: true` and the time budget lasts. 429: wait Retry-After if the budget
 * allows, else stop with the cursor kept. 5xx or no answer: bounded exponential backoff, then
 * stop. 401: stop, one operator-visible failure per run. The lease is released at the end
 * (and expires by itself if the process dies).
 */
import type { CompletionVersion } from '../../completion.js';
import type { NewFailure } from '../../failures.js';
import { describeProblems, type FieldProblem } from '../../result.js';
import type { NormaliseContext } from '../normalise-context.js';
import { otherTopicsIn, recordFailureOf, sentField } from '../../intake/record-failure.js';
import { limitMax, readWangtiPage } from './export-page.js';

/** Rows asked for per page. */
export const pageRecordsDefault = 500;
/** Time one run may spend reading pages: well under the function's 120 s timeout. */
export const pollBudgetMs = 60_000;
/** A lease outlives the function's timeout, so a live run never loses it; a dead one frees it by then. */
export const leaseSecondsDefault = 180;
/** One export request may take this long before it counts as no answer. */
export const fetchTimeoutMs = 15_000;
/** Retry-After above this is not waited for inside a run, whatever the budget. */
export const retryAfterSecondsMax = 30;
/** Tries of one page after a 5xx or no answer, before the run stops. */
export const serverErrorRetriesMax = 3;
export const backoffBaseMs = 500;
export const backoffMaxMs = 8_000;

export type ExportAnswer =
  | { readonly kind: 'page'; readonly csv: string; readonly nextCursor: string; readonly hasMore: boolean }
  | { readonly kind: 'unauthorized' }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'server-error'; readonly status: number }
  | { readonly kind: 'no-answer'; readonly message: string }
  /** Any other status, or a 200 without usable cursor headers: a contract problem for an operator. */
  | { readonly kind: 'unexpected'; readonly message: string };

export interface ExportPort {
  fetchPage(cursor: string | undefined, limit: number, timeoutMs: number): Promise<ExportAnswer>;
}

/** The state a run starts from (aws/poller-state.ts keeps it with the lease). */
export interface PollerStart {
  readonly cursor: string | undefined;
}

export interface PageProgress {
  readonly cursor: string;
  readonly at: Date;
  /** The newest 更新时间 taken so far in this run, if any. */
  readonly newestVersionAt: Date | undefined;
}

export type RunEnd =
  | { readonly ok: true; readonly at: Date; readonly lagSeconds: number | undefined; readonly pagesRead: number; readonly recordsTaken: number }
  | { readonly ok: false; readonly at: Date; readonly error: string; readonly pagesRead: number; readonly recordsTaken: number };

export interface PollerStatePort {
  /** Takes the lease (answering the stored state), or `busy` when another run holds it. */
  acquire(owner: string, now: Date, leaseSeconds: number): Promise<PollerStart | 'busy'>;
  /** Stores the next cursor; throws if this run no longer holds the lease. */
  saveCursor(owner: string, progress: PageProgress): Promise<void>;
  /** Records the run's end and releases the lease. */
  finish(owner: string, end: RunEnd): Promise<void>;
}

export interface PollPorts {
  readonly exportApi: ExportPort;
  readonly state: PollerStatePort;
  readonly enqueue: (versions: readonly CompletionVersion[]) => Promise<void>;
  readonly recordFailures: (failures: readonly NewFailure[]) => Promise<void>;
  readonly contextFor: (receivedAt: Date) => NormaliseContext;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface PollOptions {
  readonly owner: string;
  readonly limit?: number;
  readonly budgetMs?: number;
  readonly leaseSeconds?: number;
}

export type RunOutcome = 'busy' | 'drained' | 'budget-spent' | 'rate-limited' | 'unauthorized' | 'server-error' | 'unreadable-page' | 'unexpected-answer';

export interface PollSummary {
  readonly outcome: RunOutcome;
  readonly ok: boolean;
  readonly pagesRead: number;
  /** Versions enqueued (withdrawals included). */
  readonly recordsTaken: number;
  /** Rows kept as failures. */
  readonly rowsRejected: number;
  /** Completions taken whose topic is not on their year's list (catalogue drift). */
  readonly otherTopic: number;
  /** The cursor the next run starts from (undefined: the export's beginning). */
  readonly cursor: string | undefined;
  readonly lagSeconds: number | undefined;
  readonly error?: string;
  readonly durationMs: number;
}

export const backoffMs = (attempt: number): number => Math.min(backoffMaxMs, backoffBaseMs * 2 ** attempt);

interface PageTaken {
  readonly versions: CompletionVersion[];
  readonly failures: NewFailure[];
  readonly pageProblems: readonly FieldProblem[];
}

const takePage = (csv: string, context: NormaliseContext, cursor: string | undefined): PageTaken => {
  const page = readWangtiPage(csv, context);
  const versions: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  const receivedAt = context.receivedAt.toISOString();
  for (const row of page.rows) {
    if (row.result.ok) {
      versions.push(row.result.value);
      continue;
    }
    failures.push(
      recordFailureOf(
        {
          platform: 'wangti',
          problems: row.result.problems,
          correlationId: context.correlationId,
          recordId: row.recordId,
          idCardSent: sentField(row.row, 'idCardNo'),
          input: { kind: 'wangti-row', row: { ...row.row }, position: row.position, receivedAt },
        },
        context.crypto,
      ),
    );
  }
  if (page.pageProblems.length > 0) {
    failures.push({
      platform: 'wangti',
      stage: 'poller',
      reasonCode: 'poller-error',
      message: `export page after cursor ${cursor ?? '(start)'} is not readable: ${describeProblems(page.pageProblems)}`,
      correlationId: context.correlationId,
      input: { kind: 'none', payload: { cursor: cursor ?? null, csv } },
    });
  }
  return { versions, failures, pageProblems: page.pageProblems };
};

const newest = (a: Date | undefined, versions: readonly CompletionVersion[]): Date | undefined => {
  let at = a;
  for (const version of versions) {
    const t = new Date(version.versionAt);
    if (at === undefined || t > at) at = t;
  }
  return at;
};

export const runPoll = async (ports: PollPorts, options: PollOptions): Promise<PollSummary> => {
  const startedAt = ports.clock();
  const budgetMs = options.budgetMs ?? pollBudgetMs;
  const limit = Math.min(options.limit ?? pageRecordsDefault, limitMax);
  const deadline = startedAt.getTime() + budgetMs;
  const remainingMs = () => deadline - ports.clock().getTime();

  const start = await ports.state.acquire(options.owner, startedAt, options.leaseSeconds ?? leaseSecondsDefault);
  if (start === 'busy') {
    return { outcome: 'busy', ok: false, pagesRead: 0, recordsTaken: 0, rowsRejected: 0, otherTopic: 0, cursor: undefined, lagSeconds: undefined, durationMs: 0 };
  }

  let cursor = start.cursor;
  let pagesRead = 0;
  let recordsTaken = 0;
  let rowsRejected = 0;
  let otherTopic = 0;
  let newestVersionAt: Date | undefined;
  let failedTries = 0;
  let drained = false;

  const summaryOf = (outcome: RunOutcome, ok: boolean, lagSeconds: number | undefined, error?: string): PollSummary => ({
    outcome,
    ok,
    pagesRead,
    recordsTaken,
    rowsRejected,
    otherTopic,
    cursor,
    lagSeconds,
    ...(error === undefined ? {} : { error }),
    durationMs: ports.clock().getTime() - startedAt.getTime(),
  });

  const fail = async (outcome: RunOutcome, error: string): Promise<PollSummary> => {
    await ports.state.finish(options.owner, { ok: false, at: ports.clock(), error, pagesRead, recordsTaken });
    return summaryOf(outcome, false, undefined, error);
  };

  try {
    while (remainingMs() > 0) {
      const answer = await ports.exportApi.fetchPage(cursor, limit, Math.max(1, Math.min(fetchTimeoutMs, remainingMs())));
      switch (answer.kind) {
        case 'page': {
          failedTries = 0;
          const context = ports.contextFor(ports.clock());
          const taken = takePage(answer.csv, context, cursor);
          await Promise.all([
            taken.versions.length > 0 ? ports.enqueue(taken.versions) : undefined,
            taken.failures.length > 0 ? ports.recordFailures(taken.failures) : undefined,
          ]);
          if (taken.pageProblems.length > 0) return await fail('unreadable-page', taken.failures.at(-1)?.message ?? 'export page is not readable');
          pagesRead += 1;
          recordsTaken += taken.versions.length;
          rowsRejected += taken.failures.length;
          otherTopic += otherTopicsIn(taken.versions);
          newestVersionAt = newest(newestVersionAt, taken.versions);
          // Only now, with every row of the page enqueued or kept, may the cursor move past it.
          await ports.state.saveCursor(options.owner, { cursor: answer.nextCursor, at: ports.clock(), newestVersionAt });
          cursor = answer.nextCursor;
          if (!answer.hasMore) {
            drained = true;
            break;
          }
          continue;
        }
        case 'unauthorized': {
          await ports.recordFailures([
            {
              platform: 'wangti',
              stage: 'poller',
              reasonCode: 'poller-unauthorized',
              message: 'the wangti export answered 401: WANGTI_TOKEN is expired or wrong; an operator must put a new token in place',
              input: { kind: 'none', payload: { status: 401, cursor: cursor ?? null } },
            },
          ]);
          return await fail('unauthorized', 'unauthorized');
        }
        case 'rate-limited': {
          const waitMs = answer.retryAfterSeconds * 1000;
          if (answer.retryAfterSeconds > retryAfterSecondsMax || waitMs >= remainingMs()) {
            return await fail('rate-limited', `rate-limited: the export asked to wait ${answer.retryAfterSeconds} s (Retry-After); the cursor is kept for the next run`);
          }
          await ports.sleep(waitMs);
          continue;
        }
        case 'server-error':
        case 'no-answer': {
          const what = answer.kind === 'server-error' ? `answered ${answer.status}` : `did not answer (${answer.message})`;
          const waitMs = backoffMs(failedTries);
          failedTries += 1;
          if (failedTries > serverErrorRetriesMax || waitMs >= remainingMs()) {
            return await fail('server-error', `the export ${what} ${failedTries} time(s) in a row; the cursor is kept for the next run`);
          }
          await ports.sleep(waitMs);
          continue;
        }
        case 'unexpected': {
          await ports.recordFailures([
            {
              platform: 'wangti',
              stage: 'poller',
              reasonCode: 'poller-error',
              message: `the wangti export answered in a way the contract does not allow: ${answer.message}`,
              input: { kind: 'none', payload: { cursor: cursor ?? null, answer: answer.message } },
            },
          ]);
          return await fail('unexpected-answer', answer.message);
        }
      }
      if (drained) break;
    }
  } catch (error) {
    // The run's own stores failed (queue, failures, state): record it if the state still takes it, then rethrow.
    const message = `the run failed: ${(error as Error).message}`;
    try {
      await ports.state.finish(options.owner, { ok: false, at: ports.clock(), error: message, pagesRead, recordsTaken });
    } catch (noted) {
      // The state store is failing too: the lease expires by itself; the first error is the one to see.
      throw new AggregateError([error, noted], message, { cause: error });
    }
    throw error;
  }

  const at = ports.clock();
  // Drained: caught up with the export. Otherwise: as far behind as the newest change taken.
  const lagSeconds = drained ? 0 : newestVersionAt === undefined ? undefined : Math.max(0, Math.round((at.getTime() - newestVersionAt.getTime()) / 1000));
  await ports.state.finish(options.owner, { ok: true, at, lagSeconds, pagesRead, recordsTaken });
  return summaryOf(drained ? 'drained' : 'budget-spent', true, lagSeconds);
};
