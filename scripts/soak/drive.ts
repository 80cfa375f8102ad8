/**
 * The soak's platforms at work against the running hub: hnu deliveries from concurrent
 * senders (sim/hnu.ts), jxnu batches one after another with some sent twice, and the wangti
 * export (sim/wangti-server.ts) polled again and again while it answers 429 and 5xx, serves
 * pages twice, and while some poll runs are killed between taking a page and storing its
 * cursor (the page is read again by the next run).
 */
import { sleep } from '../../shared/sleep.js';
import type { PlatformRetryPolicy } from '../../sim/http-retry.js';
import { sendHnu } from '../../sim/hnu.js';
import type { SendReport } from '../../sim/send-report.js';
import { type JxnuCredentials, sendJxnu } from '../../sim/jxnu.js';
import type { Random } from '../../sim/random.js';
import type { HnuDelivery, JxnuSend } from '../../sim/scenario.js';
import type { WangtiServer } from '../../sim/wangti-server.js';
import type { PollerStatePort, PollSummary } from '../../shared/platforms/wangti/poll-loop.js';
import type { WangtiFaultPlan } from './plan.js';

/** The platforms retry for a day; the soak gives a delivery this many tries before it counts as given up. */
export const soakRetryPolicy: PlatformRetryPolicy = {
  attemptsMax: 12,
  backoffBaseMs: 100,
  backoffMaxMs: 3_000,
  timeoutMs: 20_000,
};
export const hnuSendersDefault = 8;

export interface DeliveryReport {
  readonly sent: number;
  readonly retried: number;
  readonly gaveUp: readonly string[];
}

export const driveHnu = async (
  hubUrl: string,
  secret: string,
  deliveries: readonly HnuDelivery[],
  senders: number,
): Promise<DeliveryReport> => {
  const report: SendReport = await sendHnu(deliveries, {
    hubUrl,
    secret,
    concurrency: senders,
    policy: soakRetryPolicy,
  });
  return { sent: report.sent, retried: report.retried, gaveUp: report.gaveUp };
};

/** jxnu batches in order, each sent again at once when the plan says so (a platform that missed the answer). */
export const driveJxnu = async (
  hubUrl: string,
  credentials: JxnuCredentials,
  sends: readonly JxnuSend[],
  batchRecords: number,
  sentTwice: (batch: number) => boolean,
): Promise<DeliveryReport & { readonly batches: number }> => {
  const report = await sendJxnu(sends, {
    hubUrl,
    ...credentials,
    batchSize: batchRecords,
    batchLabel: 'SOAK',
    copiesOf: (batch) => (sentTwice(batch) ? 2 : 1),
    policy: soakRetryPolicy,
  });
  return { sent: report.sent, retried: report.batchesRetried, gaveUp: report.gaveUp, batches: report.batches };
};

export class PollerKilledError extends Error {
  override readonly name = 'PollerKilledError';
}

/** The poll loop reports a run whose state store also failed at the end as an AggregateError. */
const wasKilled = (error: unknown): boolean =>
  error instanceof PollerKilledError ||
  (error instanceof AggregateError && error.errors.some((inner) => inner instanceof PollerKilledError));

/** A run that dies after taking its first page and before storing its cursor; a dead run never releases its lease either. */
export const killedAfterFirstPage = (state: PollerStatePort): PollerStatePort => ({
  acquire: (owner, now, leaseSeconds) => state.acquire(owner, now, leaseSeconds),
  saveCursor: async () => {
    throw new PollerKilledError('poll run killed after taking a page, before storing its cursor');
  },
  finish: async () => {
    throw new PollerKilledError('a killed poll run finishes nothing');
  },
});

export type PollRun = (options: {
  limit: number;
  budgetMs: number;
  leaseSeconds: number;
  owner: string;
  wrapState?: (state: PollerStatePort) => PollerStatePort;
}) => Promise<PollSummary>;

export interface FaultyExportReport {
  readonly runs: number;
  readonly killed: number;
  readonly rateLimited: number;
  readonly serverErrors: number;
  readonly pagesTwice: number;
  /** Runs that failed for another reason (an injected DynamoDB fault on the lease or cursor, say): the next run goes on. */
  readonly runErrors: readonly string[];
  readonly drained: boolean;
}

const pollLeaseSeconds = 2;
const pollBudgetMs = 8_000;
const pollGapMs = 200;

/**
 * Polls the export like the schedule would, until `done()` says the other platforms are
 * finished and a run has drained the export. Faults for each run are drawn from `random`.
 */
export const driveWangti = async (
  server: WangtiServer,
  pollRun: PollRun,
  plan: WangtiFaultPlan,
  random: Random,
  pageRows: number,
  done: () => boolean,
  runsMax: number,
): Promise<FaultyExportReport> => {
  let runs = 0;
  let killed = 0;
  let rateLimited = 0;
  let serverErrors = 0;
  let pagesTwice = 0;
  let drained = false;
  const runErrors: string[] = [];
  while (runs < runsMax) {
    const finishing = done();
    runs += 1;
    if (random.chance(plan.rateLimitedShare)) {
      server.failNext(1, 429, 1);
      rateLimited += 1;
    }
    if (random.chance(plan.serverErrorShare)) {
      server.failNext(random.int(1, 2), random.pick([500, 502, 503]));
      serverErrors += 1;
    }
    if (random.chance(plan.servedTwiceShare)) {
      server.servePagesTwice(1);
      pagesTwice += 1;
    }
    const kill = plan.killedRuns.has(runs);
    try {
      const summary = await pollRun({
        limit: pageRows,
        budgetMs: pollBudgetMs,
        leaseSeconds: pollLeaseSeconds,
        owner: `soak-run-${runs}`,
        ...(kill ? { wrapState: killedAfterFirstPage } : {}),
      });
      if (summary.outcome === 'busy') await sleep(pollLeaseSeconds * 1000);
      drained = summary.outcome === 'drained';
    } catch (error) {
      drained = false;
      if (wasKilled(error)) killed += 1;
      else runErrors.push(`run ${runs}: ${(error as Error).name}: ${(error as Error).message}`);
      // The failed run's lease runs out before the next run can start.
      await sleep(pollLeaseSeconds * 1000);
    }
    if (finishing && drained) break;
    if (drained) await sleep(pollGapMs);
  }
  return { runs, killed, rateLimited, serverErrors, pagesTwice, runErrors, drained };
};
