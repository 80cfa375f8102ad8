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
import { entryFactsOf, type Ledger, type LedgerOperation, type LedgerOwner, type OperationOutcome } from './ledger.js';
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

interface Pending {
  readonly incoming: IncomingVersion;
  readonly versionKey: VersionKey;
  readonly recordKey: string;
}

const addressOf = (version: CompletionRecord): LedgerAddress => ({
  personKey: version.person.personKey,
  year: version.creditYear,
});

const indexItemOf = (pending: Pending): IndexedVersionItem => {
  const { version } = pending.incoming;
  if (version.kind === 'withdrawal')
    return {
      recordKey: pending.recordKey,
      versionKey: pending.versionKey,
      withdrawalReason: version.reason,
      receivedAt: version.receivedAt,
    };
  return {
    recordKey: pending.recordKey,
    versionKey: pending.versionKey,
    receivedAt: version.receivedAt,
    home: addressOf(version),
    owner: { idCardEnc: version.person.idCardEnc, idCardLast4: version.person.idCardLast4 },
  };
};

/** A version the target ledger already holds (or has superseded) needs nothing more. */
const alreadyHeld = (pending: Pending, ledgers: Map<string, Ledger>): OperationOutcome | undefined => {
  const { version } = pending.incoming;
  if (version.kind !== 'completion' || !pending.incoming.firstDelivery) return undefined;
  const ledger = ledgers.get(addressKey(addressOf(version)));
  const entryKey = entryKeyOf(version.platform, version.recordId);
  const held = [ledger?.entries[entryKey]?.versionKey, ledger?.tombstones[entryKey]?.versionKey].filter(
    (k): k is string => k !== undefined,
  );
  const newest = held.sort().at(-1);
  if (newest === undefined || newest < pending.versionKey) return undefined;
  return newest === pending.versionKey ? 'duplicate' : 'stale';
};

interface PlannedJob {
  readonly address: LedgerAddress;
  owner?: LedgerOwner;
  readonly operations: LedgerOperation[];
  /** For each operation, the batch position whose outcome it decides (undefined: a placement fix-up). */
  readonly decides: Array<number | undefined>;
  /** Every batch position that caused an operation here: all fail together if the write fails. */
  readonly causes: Set<number>;
}

const planJob = (jobs: Map<string, PlannedJob>, address: LedgerAddress, owner: LedgerOwner | undefined): PlannedJob => {
  const key = addressKey(address);
  const job = jobs.get(key) ?? { address, operations: [], decides: [], causes: new Set<number>() };
  job.owner ??= owner;
  jobs.set(key, job);
  return job;
};

const ownerLookup =
  (indexed: readonly IndexedVersionItem[]) =>
  (address: LedgerAddress): LedgerOwner | undefined => {
    const item = indexed.find(
      (candidate) => candidate.home && candidate.owner && addressKey(candidate.home) === addressKey(address),
    );
    return item?.owner ? { ...address, ...item.owner } : undefined;
  };

/** Plans the ledger operations for one open version from every indexed version of its record. */
const planVersion = (
  jobs: Map<string, PlannedJob>,
  p: Pending,
  at: number,
  indexed: readonly IndexedVersionItem[],
): VersionOutcome | undefined => {
  const placement = placementOf(indexed);
  // A withdrawal of a record no completion has named yet: the index keeps it for when one does.
  if (!placement.home) return { status: 'awaiting-record' };
  const ownerOf = ownerLookup(indexed);
  const { version } = p.incoming;
  for (const { address, operation } of placementOperations(version.platform, version.recordId, placement)) {
    const job = planJob(jobs, address, ownerOf(address));
    job.operations.push(operation);
    job.decides.push(undefined);
    job.causes.add(at);
  }
  const entryKey = entryKeyOf(version.platform, version.recordId);
  let operation: LedgerOperation | undefined;
  if (version.kind === 'withdrawal') {
    operation = { kind: 'withdraw', entryKey, versionKey: p.versionKey, reason: version.reason };
  } else if (addressKey(addressOf(version)) === addressKey(placement.home.address)) {
    operation = {
      kind: 'put',
      entry: entryFactsOf(version, p.versionKey),
      ...(placement.withdrawal ? { withdrawnBy: placement.withdrawal } : {}),
    };
  }
  // A completion of a place that is no longer the record's home is stale; the fix-ups above keep it from counting there.
  if (!operation) return { status: 'stale', ledger: placement.home.address };
  const job = planJob(jobs, placement.home.address, ownerOf(placement.home.address));
  job.operations.push(operation);
  job.decides.push(at);
  job.causes.add(at);
  return undefined;
};

export const processVersions = async (
  batch: readonly IncomingVersion[],
  ports: ProcessPorts,
): Promise<VersionOutcome[]> => {
  const outcomes: VersionOutcome[] = batch.map(() => ({ status: 'stale' }));
  const pending: Pending[] = batch.map((incoming) => ({
    incoming,
    versionKey: versionKeyOf(incoming.version),
    recordKey: recordKeyOf(incoming.version),
  }));
  const completionAddresses = pending.flatMap((p) =>
    p.incoming.version.kind === 'completion' ? [addressOf(p.incoming.version)] : [],
  );
  const known = await ports.ledgers.getMany(completionAddresses);

  const open: Array<{ pending: Pending; at: number }> = [];
  pending.forEach((p, at) => {
    const held = alreadyHeld(p, known);
    if (held) outcomes[at] = { status: held };
    else open.push({ pending: p, at });
  });
  if (open.length === 0) return outcomes;

  await ports.index.putVersions(open.map(({ pending: p }) => indexItemOf(p)));
  const versionsByRecord = await ports.index.versionsOf([...new Set(open.map(({ pending: p }) => p.recordKey))]);

  const jobs = new Map<string, PlannedJob>();
  for (const { pending: p, at } of open) {
    const decided = planVersion(jobs, p, at, versionsByRecord.get(p.recordKey) ?? []);
    if (decided) outcomes[at] = decided;
  }

  // Fix-ups first: a record's new home is written only after every ledger it left has its
  // tombstone, so a home ledger that holds a version proves the move finished, and the
  // first-delivery shortcut (alreadyHeld) can never skip an unfinished move — also after a
  // dead-lettered message is redriven and counts as a first delivery again.
  const isFixUp = (job: PlannedJob): boolean => job.operations.some((op) => op.kind === 'move-out');
  const failed = new Set<number>();
  for (const phase of [[...jobs.values()].filter(isFixUp), [...jobs.values()].filter((job) => !isFixUp(job))]) {
    const runnable: LedgerJob[] = [];
    for (const job of phase) {
      const keep = job.operations.map((_, i) => job.decides[i] === undefined || !failed.has(job.decides[i] as number));
      const operations = job.operations.filter((_, i) => keep[i]);
      job.operations.splice(0, job.operations.length, ...operations);
      job.decides.splice(0, job.decides.length, ...job.decides.filter((_, i) => keep[i]));
      if (operations.length === 0) continue;
      if (job.owner) runnable.push({ address: job.address, owner: job.owner, operations });
      else
        for (const at of job.causes) {
          failed.add(at);
          outcomes[at] = {
            status: 'error',
            error: new LedgerPlanError(`no owner known for ledger ${addressKey(job.address)}`),
          };
        }
    }
    for (const settled of await updateLedgers(ports.ledgers, runnable, ports.rules, ports.clock)) {
      const address = settled.ok ? settled.result.address : settled.address;
      const job = jobs.get(addressKey(address)) as PlannedJob;
      if (!settled.ok) {
        for (const at of job.causes) {
          failed.add(at);
          outcomes[at] = { status: 'error', error: settled.error };
        }
        continue;
      }
      job.decides.forEach((at, i) => {
        if (at === undefined || outcomes[at]?.status === 'error') return;
        outcomes[at] = { status: settled.result.outcomes[i] ?? 'stale', ledger: address };
      });
    }
  }
  return outcomes;
};

export class LedgerPlanError extends Error {
  override readonly name = 'LedgerPlanError';
}
