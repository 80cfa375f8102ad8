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

const runJob = async (
  store: LedgerWriter,
  job: LedgerJob,
  rules: RuleBook,
  clock: () => Date,
  preloaded: Map<string, Ledger>,
): Promise<LedgerJobResult> => {
  const yearRules = rulesFor(rules, job.address.year);
  let current = preloaded.get(addressKey(job.address));
  for (let attempt = 1; attempt <= ledgerWriteAttemptsMax; attempt += 1) {
    const base = current ?? emptyLedger(job.owner, yearRules);
    const applied = applyOperations(base, job.operations, yearRules, clock());
    if (!applied.changed)
      return {
        address: job.address,
        outcomes: applied.outcomes,
        written: false,
        version: base.version,
        attempts: attempt,
      };
    const verdict = await store.writeIfVersion(applied.ledger, base.version);
    if (verdict === 'written')
      return {
        address: job.address,
        outcomes: applied.outcomes,
        written: true,
        version: applied.ledger.version,
        attempts: attempt,
      };
    await sleep(conflictBackoffMsBase * attempt * Math.random());
    current = (await store.getMany([job.address])).get(addressKey(job.address));
  }
  throw new LedgerConflictError(
    `ledger ${job.address.personKey}/${job.address.year}: still conflicting after ${ledgerWriteAttemptsMax} attempts`,
  );
};

export type SettledLedgerJob =
  | { readonly ok: true; readonly result: LedgerJobResult }
  | { readonly ok: false; readonly address: LedgerAddress; readonly error: unknown };

/**
 * Runs every job (one per ledger), loading all ledgers in one consistent batch first, at most
 * ledgerWritesInFlightMax at once. One ledger's failure does not stop the others: each job's
 * result or error is returned.
 */
export const updateLedgers = async (
  store: LedgerWriter,
  jobs: readonly LedgerJob[],
  rules: RuleBook,
  clock: () => Date = () => new Date(),
): Promise<SettledLedgerJob[]> => {
  const preloaded: Map<string, Ledger> =
    jobs.length > 0 ? await store.getMany(jobs.map((job) => job.address)) : new Map();
  const settled = await settleInFlight(jobs, ledgerWritesInFlightMax, (job) =>
    runJob(store, job, rules, clock, preloaded),
  );
  return settled.map((outcome, i) =>
    outcome.status === 'fulfilled'
      ? { ok: true, result: outcome.value }
      : { ok: false, address: (jobs[i] as LedgerJob).address, error: outcome.reason },
  );
};
