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
import { receiveWangtiDelivery, type WangtiDeliveryPorts } from '../../intake/wangti-delivery.js';
import { limitMax } from './export-page.js';
import type { PollSummary, RunOutcome } from './poll-summary.js';

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
  | {
      readonly ok: true;
      readonly at: Date;
      readonly lagSeconds: number | undefined;
      readonly pagesRead: number;
      readonly recordsTaken: number;
    }
  | {
      readonly ok: false;
      readonly at: Date;
      readonly error: string;
      readonly pagesRead: number;
      readonly recordsTaken: number;
    };

export interface PollerStatePort {
  /** Takes the lease (answering the stored state), or `busy` when another run holds it. */
  acquire(owner: string, now: Date, leaseSeconds: number): Promise<PollerStart | 'busy'>;
  /** Stores the next cursor; throws if this run no longer holds the lease. */
  saveCursor(owner: string, progress: PageProgress): Promise<void>;
  /** Records the run's end and releases the lease. */
  finish(owner: string, end: RunEnd): Promise<void>;
}

/** The intake's ports (enqueue, recordFailures, contextFor: the run's owner is each page's correlation id), and the run's own. */
export interface PollPorts extends WangtiDeliveryPorts {
  readonly exportApi: ExportPort;
  readonly state: PollerStatePort;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface PollOptions {
  readonly owner: string;
  readonly limit?: number;
  readonly budgetMs?: number;
  readonly leaseSeconds?: number;
}

export type { PollSummary, RunOutcome } from './poll-summary.js';

export const backoffMs = (attempt: number): number => Math.min(backoffMaxMs, backoffBaseMs * 2 ** attempt);

const later = (a: Date | undefined, b: Date | undefined): Date | undefined =>
  a === undefined ? b : b === undefined || b <= a ? a : b;

/** What a run has done so far; its summary and the state's end are made from it. */
interface RunProgress {
  cursor: string | undefined;
  pagesRead: number;
  recordsTaken: number;
  rowsRejected: number;
  otherTopic: number;
  newestVersionAt: Date | undefined;
  /** 5xx or no answer in a row, for the backoff. */
  failedTries: number;
}

/** What one answer of the export leads to: read on, the export drained, or the run stopped with its outcome. */
type Step =
  | { readonly next: 'more' }
  | { readonly next: 'drained' }
  | { readonly next: 'stop'; readonly outcome: RunOutcome; readonly error: string };

const more: Step = { next: 'more' };
const stop = (outcome: RunOutcome, error: string): Step => ({ next: 'stop', outcome, error });

interface RunContext {
  readonly ports: PollPorts;
  readonly options: PollOptions;
  readonly progress: RunProgress;
  readonly remainingMs: () => number;
}

/** A page: every row enqueued or kept as a failure (shared/intake/wangti-delivery.ts), and only then the cursor moved past it. */
const takeAnswerPage = async (run: RunContext, answer: Extract<ExportAnswer, { kind: 'page' }>): Promise<Step> => {
  const { ports, options, progress } = run;
  progress.failedTries = 0;
  const delivery = await receiveWangtiDelivery(
    { csv: answer.csv, cursor: progress.cursor, receivedAt: ports.clock(), correlationId: options.owner },
    ports,
  );
  if (delivery.kind === 'unreadable-page') return stop('unreadable-page', delivery.message);
  progress.pagesRead += 1;
  progress.recordsTaken += delivery.counts.accepted;
  progress.rowsRejected += delivery.counts.rejected;
  progress.otherTopic += delivery.counts.otherTopic;
  progress.newestVersionAt = later(progress.newestVersionAt, delivery.newestVersionAt);
  await ports.state.saveCursor(options.owner, {
    cursor: answer.nextCursor,
    at: ports.clock(),
    newestVersionAt: progress.newestVersionAt,
  });
  progress.cursor = answer.nextCursor;
  return answer.hasMore ? more : { next: 'drained' };
};

const takeUnauthorized = async (run: RunContext): Promise<Step> => {
  await run.ports.recordFailures([
    {
      platform: 'wangti',
      stage: 'poller',
      reasonCode: 'poller-unauthorized',
      message:
        'the wangti export answered 401: WANGTI_TOKEN is expired or wrong; an operator must put a new token in place',
      input: { kind: 'none', payload: { status: 401, cursor: run.progress.cursor ?? null } },
    },
  ]);
  return stop('unauthorized', 'unauthorized');
};

const takeRateLimited = async (run: RunContext, retryAfterSeconds: number): Promise<Step> => {
  const waitMs = retryAfterSeconds * 1000;
  if (retryAfterSeconds > retryAfterSecondsMax || waitMs >= run.remainingMs()) {
    return stop(
      'rate-limited',
      `rate-limited: the export asked to wait ${retryAfterSeconds} s (Retry-After); the cursor is kept for the next run`,
    );
  }
  await run.ports.sleep(waitMs);
  return more;
};

const takeServerTrouble = async (run: RunContext, what: string): Promise<Step> => {
  const waitMs = backoffMs(run.progress.failedTries);
  run.progress.failedTries += 1;
  if (run.progress.failedTries > serverErrorRetriesMax || waitMs >= run.remainingMs()) {
    return stop(
      'server-error',
      `the export ${what} ${run.progress.failedTries} time(s) in a row; the cursor is kept for the next run`,
    );
  }
  await run.ports.sleep(waitMs);
  return more;
};

const takeUnexpected = async (run: RunContext, message: string): Promise<Step> => {
  await run.ports.recordFailures([
    {
      platform: 'wangti',
      stage: 'poller',
      reasonCode: 'poller-error',
      message: `the wangti export answered in a way the contract does not allow: ${message}`,
      input: { kind: 'none', payload: { cursor: run.progress.cursor ?? null, answer: message } },
    },
  ]);
  return stop('unexpected-answer', message);
};

const stepFor = (run: RunContext, answer: ExportAnswer): Promise<Step> => {
  switch (answer.kind) {
    case 'page':
      return takeAnswerPage(run, answer);
    case 'unauthorized':
      return takeUnauthorized(run);
    case 'rate-limited':
      return takeRateLimited(run, answer.retryAfterSeconds);
    case 'server-error':
      return takeServerTrouble(run, `answered ${answer.status}`);
    case 'no-answer':
      return takeServerTrouble(run, `did not answer (${answer.message})`);
    case 'unexpected':
      return takeUnexpected(run, answer.message);
  }
};

/** Pages while the budget lasts: drained, the budget spent, or stopped on the export's answer. */
const readPages = async (run: RunContext, limit: number): Promise<Step> => {
  while (run.remainingMs() > 0) {
    const answer = await run.ports.exportApi.fetchPage(
      run.progress.cursor,
      limit,
      Math.max(1, Math.min(fetchTimeoutMs, run.remainingMs())),
    );
    const step = await stepFor(run, answer);
    if (step.next !== 'more') return step;
  }
  return more;
};

/** The run's own stores failed (queue, failures, state): recorded if the state still takes it, then rethrown. */
const endAfterThrow = async (run: RunContext, error: unknown): Promise<never> => {
  const message = `the run failed: ${(error as Error).message}`;
  const { pagesRead, recordsTaken } = run.progress;
  try {
    await run.ports.state.finish(run.options.owner, {
      ok: false,
      at: run.ports.clock(),
      error: message,
      pagesRead,
      recordsTaken,
    });
  } catch (noted) {
    // The state store is failing too: the lease expires by itself; the first error is the one to see.
    throw new AggregateError([error, noted], message, { cause: error });
  }
  throw error;
};

const summaryOf = (
  run: RunContext,
  startedAt: Date,
  outcome: RunOutcome,
  lagSeconds: number | undefined,
  error?: string,
): PollSummary => {
  const { cursor, pagesRead, recordsTaken, rowsRejected, otherTopic } = run.progress;
  const ok = outcome === 'drained' || outcome === 'budget-spent';
  const durationMs = run.ports.clock().getTime() - startedAt.getTime();
  return {
    outcome,
    ok,
    pagesRead,
    recordsTaken,
    rowsRejected,
    otherTopic,
    cursor,
    lagSeconds,
    ...(error === undefined ? {} : { error }),
    durationMs,
  };
};

export const runPoll = async (ports: PollPorts, options: PollOptions): Promise<PollSummary> => {
  const startedAt = ports.clock();
  const deadline = startedAt.getTime() + (options.budgetMs ?? pollBudgetMs);
  const start = await ports.state.acquire(options.owner, startedAt, options.leaseSeconds ?? leaseSecondsDefault);
  if (start === 'busy') {
    return {
      outcome: 'busy',
      ok: false,
      pagesRead: 0,
      recordsTaken: 0,
      rowsRejected: 0,
      otherTopic: 0,
      cursor: undefined,
      lagSeconds: undefined,
      durationMs: 0,
    };
  }
  const progress: RunProgress = {
    cursor: start.cursor,
    pagesRead: 0,
    recordsTaken: 0,
    rowsRejected: 0,
    otherTopic: 0,
    newestVersionAt: undefined,
    failedTries: 0,
  };
  const run: RunContext = { ports, options, progress, remainingMs: () => deadline - ports.clock().getTime() };

  let step: Step;
  try {
    step = await readPages(run, Math.min(options.limit ?? pageRecordsDefault, limitMax));
    if (step.next === 'stop') {
      const { pagesRead, recordsTaken } = progress;
      await ports.state.finish(options.owner, {
        ok: false,
        at: ports.clock(),
        error: step.error,
        pagesRead,
        recordsTaken,
      });
      return summaryOf(run, startedAt, step.outcome, undefined, step.error);
    }
  } catch (error) {
    return endAfterThrow(run, error);
  }
  const at = ports.clock();
  const { pagesRead, recordsTaken, newestVersionAt } = progress;
  const drained = step.next === 'drained';
  // Drained: caught up with the export. Otherwise: as far behind as the newest change taken.
  const lagSeconds = drained
    ? 0
    : newestVersionAt === undefined
      ? undefined
      : Math.max(0, Math.round((at.getTime() - newestVersionAt.getTime()) / 1000));
  await ports.state.finish(options.owner, { ok: true, at, lagSeconds, pagesRead, recordsTaken });
  return summaryOf(run, startedAt, drained ? 'drained' : 'budget-spent', lagSeconds);
};
