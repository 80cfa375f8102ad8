/**
 * Runs the three simulated platforms against a hub at once: hnu deliveries (concurrent), jxnu
 * batches (in order), and the wangti export released in chunks with a poll after each, then
 * polls until the export is drained. Used by `npm run demo` and the integration tests.
 */
import { leaseSecondsDefault } from '../shared/platforms/wangti/poll-loop.js';
import type { Scenario } from './scenario.js';
import { sendHnu } from './hnu.js';
import type { SendReport } from './send-report.js';
import { sendJxnu } from './jxnu.js';
import { pageEndOf, type WangtiServer } from './wangti-server.js';
import { sleep } from '../shared/sleep.js';

/** What a poll run answers (functions/wangti-poller.ts PollSummary), as far as the simulators read it. */
export interface PollReport {
  readonly outcome: string;
  readonly pagesRead: number;
  readonly recordsTaken: number;
  readonly rowsRejected: number;
  readonly error?: string;
}

export interface SimulatorCredentials {
  readonly hnuSecret: string;
  readonly jxnuAppId: string;
  readonly jxnuSecret: string;
}

export interface SimulatorRunOptions {
  readonly hubUrl: string;
  readonly scenario: Scenario;
  readonly wangti: WangtiServer;
  readonly credentials: SimulatorCredentials;
  /** Polls the export once (the hub's scheduled function, or POST /ops/pollers/wangti/run). */
  readonly pollWangti: () => Promise<PollReport>;
  /** The wangti export grows in this many steps while the webhooks are sending. */
  readonly wangtiChunks?: number;
  readonly say?: (line: string) => void;
}

export interface WangtiReport {
  readonly rows: number;
  readonly polls: number;
  readonly pagesRead: number;
  readonly recordsTaken: number;
  readonly rowsRejected: number;
  /** Runs that did not end drained or within budget (busy, 5xx, ...), by outcome. */
  readonly otherOutcomes: Readonly<Record<string, number>>;
}

export interface SimulatorRunReport {
  readonly hnu: SendReport;
  readonly jxnu: SendReport & { readonly batches: number };
  readonly wangti: WangtiReport;
  readonly durationMs: number;
}

/** Polls a drained export at most this many times in a row without progress before giving up. */
export const pollsWithoutProgressMax = 20;
const pollPauseMs = 250;
/** Past a lease's end, how long a run may still find it held before the poller counts as stuck. */
const leaseSlackSeconds = 30;

export class PollerStuckError extends Error {
  override readonly name = 'PollerStuckError';
}

export const runSimulators = async (options: SimulatorRunOptions): Promise<SimulatorRunReport> => {
  const startedAt = Date.now();
  const say = options.say ?? (() => undefined);
  const { scenario } = options;
  const wangti = {
    polls: 0,
    pagesRead: 0,
    recordsTaken: 0,
    rowsRejected: 0,
    otherOutcomes: {} as Record<string, number>,
  };

  const pollUntilDrained = async (): Promise<void> => {
    let idle = 0;
    let busySince: number | undefined;
    for (;;) {
      let report: PollReport;
      try {
        report = await options.pollWangti();
      } catch (error) {
        // A run that threw (its stores failed) keeps its cursor; the next one goes on from there.
        say(`  wangti: a poll run failed (${(error as Error).message}); polling again`);
        report = { outcome: 'error', pagesRead: 0, recordsTaken: 0, rowsRejected: 0, error: (error as Error).message };
      }
      wangti.polls += 1;
      wangti.pagesRead += report.pagesRead;
      wangti.recordsTaken += report.recordsTaken;
      wangti.rowsRejected += report.rowsRejected;
      if (report.outcome === 'drained') return;
      if (report.outcome !== 'budget-spent')
        wangti.otherOutcomes[report.outcome] = (wangti.otherOutcomes[report.outcome] ?? 0) + 1;
      // Busy: a run holds the lease, or one whose state store failed left it to expire by itself
      // (leaseSecondsDefault); waiting that out is not being stuck.
      busySince = report.outcome === 'busy' ? (busySince ?? Date.now()) : undefined;
      const waitingOutLease =
        busySince !== undefined && Date.now() - busySince < (leaseSecondsDefault + leaseSlackSeconds) * 1000;
      idle = report.pagesRead > 0 || waitingOutLease ? 0 : idle + 1;
      if (idle >= pollsWithoutProgressMax)
        throw new PollerStuckError(
          `the wangti poller made no progress in ${idle} runs; the last: ${report.outcome} ${report.error ?? ''}`,
        );
      await sleep(pollPauseMs);
    }
  };

  const chunks = Math.max(1, options.wangtiChunks ?? 4);
  const chunkSize = Math.ceil(scenario.wangti.length / chunks);
  const wangtiDone = (async () => {
    for (let i = 0, end = 0; i < scenario.wangti.length || i === 0; i = end) {
      // An export grows by whole changes: rows of one record with one 更新时间 appear together.
      end = pageEndOf(scenario.wangti, i, Math.max(1, chunkSize));
      options.wangti.append(scenario.wangti.slice(i, end));
      await pollUntilDrained();
      say(
        `  wangti: export at ${options.wangti.size} of ${scenario.wangti.length} rows, read by ${wangti.polls} poll(s)`,
      );
      if (chunkSize === 0) break;
    }
  })();
  const [hnu, jxnu] = await Promise.all([
    sendHnu(scenario.hnu, { hubUrl: options.hubUrl, secret: options.credentials.hnuSecret }).then((report) => {
      say(`  hnu: ${report.sent} deliveries sent`);
      return report;
    }),
    sendJxnu(scenario.jxnu, {
      hubUrl: options.hubUrl,
      appId: options.credentials.jxnuAppId,
      secret: options.credentials.jxnuSecret,
    }).then((report) => {
      say(`  jxnu: ${report.sent} records sent in ${report.batches} batch(es)`);
      return report;
    }),
    wangtiDone,
  ]);
  return { hnu, jxnu, wangti: { rows: scenario.wangti.length, ...wangti }, durationMs: Date.now() - startedAt };
};
