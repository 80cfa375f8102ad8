/**
 * The consumer's domain step: a batch of normalised versions in, ledgers updated, an
 * outcome per version out. Aggregates the batch: one consistent read of all ledgers, one
 * index append, one conditional write per ledger however many of its versions the batch
 * holds. See placement.ts for why the index makes concurrent corrections and personless
 * withdrawals safe without transactions.
 */
import { recordKeyOf, type CompletionRecord, type CompletionVersion } from '../completion.js';
import type { RuleBook } from '../rules/year-rules.js';
import { entryKeyOf } from './entry.js';
import {
  entryFactsOf,
  outcomeIfSeen,
  type Ledger,
  type LedgerOperation,
  type LedgerOwner,
  type OperationOutcome,
} from './ledger.js';
import { addressKey, placementOf, placementOperations, type LedgerAddress } from './placement.js';
import type { IndexedVersionItem, LedgerWriter, RecordIndex } from './ports.js';
import { updateLedgers, type LedgerJob } from './update-ledgers.js';
import { versionKeyOf, type VersionKey } from './version-key.js';

export interface IncomingVersion {
  /** The queue message it came in (several versions may share one). */
  readonly messageId: string;
  readonly version: CompletionVersion;
  /** First delivery of the message: only then may a version the ledger already holds be skipped outright. */
  readonly firstDelivery: boolean;
}

export type VersionOutcome =
  | { readonly status: 'applied' | 'duplicate' | 'stale' | 'awaiting-record'; readonly ledger?: LedgerAddress }
  | { readonly status: 'error'; readonly error: unknown };

export interface ProcessPorts {
  readonly ledgers: LedgerWriter;
  readonly index: RecordIndex;
  readonly rules: RuleBook;
  readonly clock?: () => Date;
}

/** One version of the batch on its way through: what came in, its keys, and its outcome so far. */
interface VersionJob {
  readonly incoming: IncomingVersion;
  readonly versionKey: VersionKey;
  readonly recordKey: string;
  outcome: VersionOutcome;
}

/** An operation planned for a ledger, and the version whose outcome it decides (none: a placement fix-up). */
interface PlannedOperation {
  readonly operation: LedgerOperation;
  readonly decides?: VersionJob;
}

/** Everything the batch does to one ledger. */
interface LedgerPlan {
  readonly address: LedgerAddress;
  owner?: LedgerOwner;
  readonly planned: PlannedOperation[];
  /** Every version that caused an operation here: all fail together if the write fails. */
  readonly causes: Set<VersionJob>;
}

const versionJobOf = (incoming: IncomingVersion): VersionJob => ({
  incoming,
  versionKey: versionKeyOf(incoming.version),
  recordKey: recordKeyOf(incoming.version),
  outcome: { status: 'stale' },
});

const fail = (job: VersionJob, error: unknown): void => {
  job.outcome = { status: 'error', error };
};

const addressOf = (version: CompletionRecord): LedgerAddress => ({
  personKey: version.person.personKey,
  year: version.creditYear,
});

const indexItemOf = (job: VersionJob): IndexedVersionItem => {
  const { version } = job.incoming;
  if (version.kind === 'withdrawal')
    return {
      recordKey: job.recordKey,
      versionKey: job.versionKey,
      withdrawalReason: version.reason,
      receivedAt: version.receivedAt,
    };
  return {
    recordKey: job.recordKey,
    versionKey: job.versionKey,
    receivedAt: version.receivedAt,
    home: addressOf(version),
    owner: { idCardEnc: version.person.idCardEnc, idCardLast4: version.person.idCardLast4 },
  };
};

/** A version the target ledger already holds (or has superseded) needs nothing more. */
const alreadyHeld = (job: VersionJob, ledgers: Map<string, Ledger>): OperationOutcome | undefined => {
  const { version } = job.incoming;
  if (version.kind !== 'completion' || !job.incoming.firstDelivery) return undefined;
  const ledger = ledgers.get(addressKey(addressOf(version)));
  return outcomeIfSeen(ledger, entryKeyOf(version.platform, version.recordId), job.versionKey);
};

/** Settles the versions their ledgers already hold; returns the rest, still open. */
const settleHeld = async (jobs: readonly VersionJob[], ledgers: LedgerWriter): Promise<VersionJob[]> => {
  const completionAddresses = jobs.flatMap((job) =>
    job.incoming.version.kind === 'completion' ? [addressOf(job.incoming.version)] : [],
  );
  const known = await ledgers.getMany(completionAddresses);
  return jobs.filter((job) => {
    const held = alreadyHeld(job, known);
    if (held) job.outcome = { status: held };
    return !held;
  });
};

const planFor = (
  plans: Map<string, LedgerPlan>,
  address: LedgerAddress,
  owner: LedgerOwner | undefined,
): LedgerPlan => {
  const key = addressKey(address);
  const plan = plans.get(key) ?? { address, planned: [], causes: new Set<VersionJob>() };
  plan.owner ??= owner;
  plans.set(key, plan);
  return plan;
};

const ownerLookup =
  (indexed: readonly IndexedVersionItem[]) =>
  (address: LedgerAddress): LedgerOwner | undefined => {
    const item = indexed.find(
      (candidate) => candidate.home && candidate.owner && addressKey(candidate.home) === addressKey(address),
    );
    return item?.owner ? { ...address, ...item.owner } : undefined;
  };

/**
 * Plans the ledger operations for one open version from every indexed version of its record,
 * or settles its outcome when it needs none.
 */
const planVersion = (plans: Map<string, LedgerPlan>, job: VersionJob, indexed: readonly IndexedVersionItem[]): void => {
  const placement = placementOf(indexed);
  // A withdrawal of a record no completion has named yet: the index keeps it for when one does.
  if (!placement.home) {
    job.outcome = { status: 'awaiting-record' };
    return;
  }
  const ownerOf = ownerLookup(indexed);
  const { version } = job.incoming;
  for (const { address, operation } of placementOperations(version.platform, version.recordId, placement)) {
    const plan = planFor(plans, address, ownerOf(address));
    plan.planned.push({ operation });
    plan.causes.add(job);
  }
  const entryKey = entryKeyOf(version.platform, version.recordId);
  let operation: LedgerOperation | undefined;
  if (version.kind === 'withdrawal') {
    operation = { kind: 'withdraw', entryKey, versionKey: job.versionKey, reason: version.reason };
  } else if (addressKey(addressOf(version)) === addressKey(placement.home.address)) {
    operation = {
      kind: 'put',
      entry: entryFactsOf(version, job.versionKey),
      ...(placement.withdrawal ? { withdrawnBy: placement.withdrawal } : {}),
    };
  }
  // A completion of a place that is no longer the record's home is stale; the fix-ups above keep it from counting there.
  if (!operation) {
    job.outcome = { status: 'stale', ledger: placement.home.address };
    return;
  }
  const plan = planFor(plans, placement.home.address, ownerOf(placement.home.address));
  plan.planned.push({ operation, decides: job });
  plan.causes.add(job);
};

/** Indexes the open versions, reads every version of their records, and plans each ledger's operations. */
const planLedgers = async (open: readonly VersionJob[], index: RecordIndex): Promise<LedgerPlan[]> => {
  await index.putVersions(open.map(indexItemOf));
  const versionsByRecord = await index.versionsOf([...new Set(open.map((job) => job.recordKey))]);
  const plans = new Map<string, LedgerPlan>();
  for (const job of open) planVersion(plans, job, versionsByRecord.get(job.recordKey) ?? []);
  return [...plans.values()];
};

interface RunnablePlan {
  readonly plan: LedgerPlan;
  /** What is written: the plan less the operations of versions that have already failed. */
  readonly planned: readonly PlannedOperation[];
  readonly job: LedgerJob;
}

/** The plans of a phase that can be written; those of a ledger whose owner no version names fail their causes. */
const runnablePlans = (phase: readonly LedgerPlan[]): Map<string, RunnablePlan> => {
  const runnable = new Map<string, RunnablePlan>();
  for (const plan of phase) {
    const planned = plan.planned.filter(({ decides }) => decides?.outcome.status !== 'error');
    if (planned.length === 0) continue;
    if (!plan.owner) {
      for (const job of plan.causes)
        fail(job, new LedgerPlanError(`no owner known for ledger ${addressKey(plan.address)}`));
      continue;
    }
    const operations = planned.map(({ operation }) => operation);
    runnable.set(addressKey(plan.address), {
      plan,
      planned,
      job: { address: plan.address, owner: plan.owner, operations },
    });
  }
  return runnable;
};

/** Writes one phase's ledgers and settles the outcome of every version they decide. */
const writePhase = async (phase: readonly LedgerPlan[], ports: ProcessPorts): Promise<void> => {
  const runnable = runnablePlans(phase);
  const jobs = [...runnable.values()].map(({ job }) => job);
  for (const settled of await updateLedgers(ports.ledgers, jobs, ports.rules, ports.clock)) {
    const address = settled.ok ? settled.result.address : settled.address;
    const { plan, planned } = runnable.get(addressKey(address)) as RunnablePlan;
    if (!settled.ok) {
      for (const job of plan.causes) fail(job, settled.error);
      continue;
    }
    // updateLedgers answers one outcome per operation written, in order.
    planned.forEach(({ decides }, i) => {
      if (decides === undefined || decides.outcome.status === 'error') return;
      decides.outcome = { status: settled.result.outcomes[i] ?? 'stale', ledger: address };
    });
  }
};

const isFixUp = (plan: LedgerPlan): boolean => plan.planned.some(({ operation }) => operation.kind === 'move-out');

export const processVersions = async (
  batch: readonly IncomingVersion[],
  ports: ProcessPorts,
): Promise<VersionOutcome[]> => {
  const jobs = batch.map(versionJobOf);
  const open = await settleHeld(jobs, ports.ledgers);
  if (open.length > 0) {
    const plans = await planLedgers(open, ports.index);
    // Fix-ups first: a record's new home is written only after every ledger it left has its
    // tombstone, so a home ledger that holds a version proves the move finished, and the
    // first-delivery shortcut (alreadyHeld) can never skip an unfinished move — also after a
    // dead-lettered message is redriven and counts as a first delivery again.
    await writePhase(plans.filter(isFixUp), ports);
    await writePhase(
      plans.filter((plan) => !isFixUp(plan)),
      ports,
    );
  }
  return jobs.map((job) => job.outcome);
};

export class LedgerPlanError extends Error {
  override readonly name = 'LedgerPlanError';
}
