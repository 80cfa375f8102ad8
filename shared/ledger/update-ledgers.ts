/**
 * Applies operations to ledgers with optimistic concurrency: read (consistent), apply the
 * pure operations, write only if the version is unchanged, and on a conflict read again and
 * re-apply. The operations are idempotent, so a retry (or a redelivered message) that finds
 * its work done changes nothing. One conditional write per ledger per batch: a single-item
 * write is atomic, so no transaction is needed (and none would be cheaper).
 */
import type { RuleBook } from '../rules/year-rules.js';
import {
  applyOperations,
  emptyLedger,
  type Ledger,
  LedgerInvariantError,
  type LedgerOperation,
  type LedgerOwner,
  type OperationOutcome,
} from './ledger.js';
import { addressKey, type LedgerAddress } from './placement.js';
import type { LedgerWriter } from './ports.js';
import { settleInFlight } from '../in-flight.js';
import { sleep } from '../sleep.js';

export const ledgerWriteAttemptsMax = 8;
/**
 * Ledger writes of one batch sent at once. Enough to keep the table busy; few enough that
 * none waits for a connection past its attempt budget (feed.ts: ledgerWriteAttemptMs).
 */
export const ledgerWritesInFlightMax = 16;
const conflictBackoffMsBase = 20;

export interface LedgerJob {
  readonly address: LedgerAddress;
  readonly owner: LedgerOwner;
  readonly operations: readonly LedgerOperation[];
}

export interface LedgerJobResult {
  readonly address: LedgerAddress;
  readonly outcomes: readonly OperationOutcome[];
  readonly written: boolean;
  readonly version: number;
  readonly attempts: number;
}

export class LedgerConflictError extends Error {
  override readonly name = 'LedgerConflictError';
}

const rulesFor = (rules: RuleBook, year: number) => {
  const yearRules = rules.get(year);
  if (!yearRules) throw new LedgerInvariantError(`no rules for credit year ${year}`);
  return yearRules;
};

/** One try at a job: apply its operations to the ledger as last read, and write if its version is unchanged. */
const attemptJob = async (
  store: LedgerWriter,
  job: LedgerJob,
  rules: RuleBook,
  clock: () => Date,
  current: Ledger | undefined,
  attempt: number,
): Promise<LedgerJobResult | 'conflict'> => {
  const yearRules = rulesFor(rules, job.address.year);
  const base = current ?? emptyLedger(job.owner, yearRules);
  const applied = applyOperations(base, job.operations, yearRules, clock());
  const answer = (written: boolean): LedgerJobResult => ({
    address: job.address,
    outcomes: applied.outcomes,
    written,
    version: written ? applied.ledger.version : base.version,
    attempts: attempt,
  });
  if (!applied.changed) return answer(false);
  return (await store.writeIfVersion(applied.ledger, base.version)) === 'written' ? answer(true) : 'conflict';
};

export type SettledLedgerJob =
  | { readonly ok: true; readonly result: LedgerJobResult }
  | { readonly ok: false; readonly address: LedgerAddress; readonly error: unknown };

interface PendingJob {
  readonly job: LedgerJob;
  /** Where its answer goes among the jobs given. */
  readonly index: number;
}

/** Settles each finished try into `settled`; answers the jobs that met a conflict. */
const settleTries = (
  pending: readonly PendingJob[],
  tries: readonly PromiseSettledResult<LedgerJobResult | 'conflict'>[],
  settled: SettledLedgerJob[],
): PendingJob[] => {
  const conflicted: PendingJob[] = [];
  tries.forEach((tried, i) => {
    const { job, index } = pending[i] as PendingJob;
    if (tried.status === 'rejected') settled[index] = { ok: false, address: job.address, error: tried.reason };
    else if (tried.value === 'conflict') conflicted.push({ job, index });
    else settled[index] = { ok: true, result: tried.value };
  });
  return conflicted;
};

const failAll = (pending: readonly PendingJob[], settled: SettledLedgerJob[], errorOf: (job: LedgerJob) => unknown) => {
  for (const { job, index } of pending) settled[index] = { ok: false, address: job.address, error: errorOf(job) };
};

/**
 * Runs every job (one per ledger) in rounds: all ledgers read in one consistent batch, every job
 * tried at most ledgerWritesInFlightMax at once, and the jobs that met a conflict read again
 * together in one batch for the next round (one read a round, not one a conflict). One ledger's
 * failure does not stop the others: each job's result or error is returned.
 */
export const updateLedgers = async (
  store: LedgerWriter,
  jobs: readonly LedgerJob[],
  rules: RuleBook,
  clock: () => Date = () => new Date(),
): Promise<SettledLedgerJob[]> => {
  const settled = new Array<SettledLedgerJob>(jobs.length);
  let pending: PendingJob[] = jobs.map((job, index) => ({ job, index }));
  let ledgers: Map<string, Ledger> = jobs.length > 0 ? await store.getMany(jobs.map((job) => job.address)) : new Map();
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    const tries = await settleInFlight(pending, ledgerWritesInFlightMax, ({ job }) =>
      attemptJob(store, job, rules, clock, ledgers.get(addressKey(job.address)), attempt),
    );
    pending = settleTries(pending, tries, settled);
    if (pending.length === 0) break;
    if (attempt === ledgerWriteAttemptsMax) {
      failAll(
        pending,
        settled,
        ({ address }) =>
          new LedgerConflictError(
            `ledger ${address.personKey}/${address.year}: still conflicting after ${ledgerWriteAttemptsMax} attempts`,
          ),
      );
      break;
    }
    await sleep(conflictBackoffMsBase * attempt * Math.random());
    try {
      ledgers = await store.getMany(pending.map(({ job }) => job.address));
    } catch (error) {
      // The jobs met a conflict and cannot read again: each fails, so its message is retried.
      failAll(pending, settled, () => error);
      break;
    }
  }
  return settled;
};
