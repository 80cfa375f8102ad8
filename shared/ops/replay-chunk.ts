/**
 * One chunk of a bulk replay job, as the replay worker runs it: each failure's stored input
 * through the platform's adapter again (shared/ops/replay.ts, the single replay's own step), the
 * versions that come out applied to the ledgers in one aggregated step (the ledger writer's
 * processVersions), then each failure's replay recorded on it and the chunk's tally added to
 * the job once. Applying here rather than through the completions queue is what lets the job
 * say what it credited: a version the ledger already holds comes back `duplicate`, so a second
 * job over the same failures credits nothing.
 */
import { completionMessageSchema, type CompletionVersion } from '../completion.js';
import type { ReplayInput } from '../failures.js';
import { entryKeyOf } from '../ledger/entry.js';
import type { Ledger } from '../ledger/ledger.js';
import { addressKey, type LedgerAddress } from '../ledger/placement.js';
import type { IncomingVersion, VersionOutcome } from '../ledger/process-versions.js';
import { versionKeyOf } from '../ledger/version-key.js';
import { describeProblems, problemsFromZod } from '../result.js';
import { SealedInputError } from './failure-view.js';
import type { StoredFailure } from './stored-failure.js';
import {
  failureChangeOf,
  NotReplayableError,
  replayInput,
  replaysPerFailureMax,
  type FailureChange,
  type ReplayPorts,
  type ReplayResult,
} from './replay.js';
import type { ChunkTally, ReplayChunkMessage } from './replay-job.js';

export interface ReplayChunkPorts {
  readonly normalisers: ReplayPorts['normalisers'];
  readonly contextFor: (receivedAt: Date, correlationId: string) => ReturnType<ReplayPorts['contextFor']>;
  readonly loadFailures: (ids: readonly string[]) => Promise<StoredFailure[]>;
  readonly openInput: (inputEnc: string) => ReplayInput;
  /** The ledgers as they are now (consistent reads), by addressKey. */
  readonly readLedgers: (addresses: readonly LedgerAddress[]) => Promise<Map<string, Ledger>>;
  /** The ledger writer's step (processVersions with the stores). */
  readonly applyVersions: (incoming: readonly IncomingVersion[]) => Promise<VersionOutcome[]>;
  readonly recordReplay: (failureId: string, change: FailureChange) => Promise<void>;
  /** Adds the tally to the job unless this chunk was counted before; false then. */
  readonly addTally: (tally: ChunkTally) => Promise<boolean>;
  /**
   * The failures an earlier attempt of this chunk credited before it failed: their versions come
   * back `duplicate` now, and still count as this job's credit. Kept only when an attempt fails
   * (so reading it is one small read a chunk that usually finds nothing).
   */
  readonly earlierCredits: () => Promise<ReadonlySet<string>>;
  readonly keepCredits: (failureIds: readonly string[]) => Promise<void>;
  readonly clock: () => Date;
}

/** A version of the chunk could not be written: the whole chunk is retried (nothing of it recorded yet). */
export class ReplayChunkError extends Error {
  override readonly name = 'ReplayChunkError';
}

type Replayed =
  | { readonly failure: StoredFailure; readonly result: Extract<ReplayResult, { outcome: 'rejected' }> }
  | { readonly failure: StoredFailure; readonly versions: readonly CompletionVersion[] };

const rejectedBecause = (message: string): Extract<ReplayResult, { outcome: 'rejected' }> => ({
  outcome: 'rejected',
  message,
  problems: [{ field: '', message }],
});

/** The failure's input through its adapter; the versions it yields are kept, not enqueued. */
const replayOne = async (failure: StoredFailure, ports: ReplayChunkPorts): Promise<Replayed> => {
  if (failure.replays.length >= replaysPerFailureMax)
    return {
      failure,
      result: rejectedBecause(`replayed ${failure.replays.length} times already, the most a failure keeps`),
    };
  const versions: CompletionVersion[] = [];
  try {
    const correlationId = failure.correlationId ?? `replay-${failure.failureId}`;
    const result = await replayInput(ports.openInput(failure.inputEnc), {
      normalisers: ports.normalisers,
      contextFor: (receivedAt) => ports.contextFor(receivedAt, correlationId),
      enqueue: async (normalised) => {
        versions.push(...normalised);
      },
      sendMessage: async (body) => {
        const parsed = completionMessageSchema.safeParse(JSON.parse(body));
        if (!parsed.success) throw new NotReplayableError(describeProblems(problemsFromZod(parsed.error, 'message')));
        versions.push(...parsed.data.versions);
      },
    });
    return result.outcome === 'rejected' ? { failure, result } : { failure, versions };
  } catch (error) {
    if (error instanceof SealedInputError || error instanceof NotReplayableError)
      return { failure, result: rejectedBecause(`not replayable: ${error.message}`) };
    throw error;
  }
};

const creditedMessage = (recordIds: readonly string[], jobId: string, credited: boolean): string =>
  `${recordIds.join(', ') || 'the message'} replayed by job ${jobId}: ${credited ? 'credited to the ledger' : 'the ledger already held it; nothing changed'}`;

/** The ledger already holds this completion version, or a newer one of its record. */
const holds = (ledgers: ReadonlyMap<string, Ledger>, version: CompletionVersion): boolean => {
  if (version.kind !== 'completion') return false;
  const ledger = ledgers.get(addressKey({ personKey: version.person.personKey, year: version.creditYear }));
  const entryKey = entryKeyOf(version.platform, version.recordId);
  const newest = [ledger?.entries[entryKey]?.versionKey, ledger?.tombstones[entryKey]?.versionKey]
    .filter((k): k is string => k !== undefined)
    .sort()
    .at(-1);
  return newest !== undefined && newest >= versionKeyOf(version);
};

/**
 * The failures whose versions this attempt put into a ledger: not held before it, and taken now.
 * A write whose acknowledgement was lost comes back `duplicate` though this attempt made it, so
 * the ledgers before the attempt decide, not the outcome alone.
 */
const creditedBy = async (
  incoming: readonly IncomingVersion[],
  ports: ReplayChunkPorts,
): Promise<{ outcomes: VersionOutcome[]; credited: string[] }> => {
  if (incoming.length === 0) return { outcomes: [], credited: [] };
  const addresses = incoming.flatMap(({ version }) =>
    version.kind === 'completion' ? [{ personKey: version.person.personKey, year: version.creditYear }] : [],
  );
  const before = await ports.readLedgers(addresses);
  const outcomes = await ports.applyVersions(incoming);
  const credited = incoming.filter((v, i) => {
    const status = outcomes[i]?.status;
    return (
      status === 'applied' || (status === 'duplicate' && v.version.kind === 'completion' && !holds(before, v.version))
    );
  });
  return { outcomes, credited: credited.map((v) => v.messageId) };
};

export const runReplayChunk = async (
  message: ReplayChunkMessage,
  firstDelivery: boolean,
  ports: ReplayChunkPorts,
): Promise<{ tally: ChunkTally; counted: boolean }> => {
  const failures = await ports.loadFailures(message.failureIds);
  const replayed: Replayed[] = [];
  for (const failure of failures) replayed.push(await replayOne(failure, ports));
  const incoming: IncomingVersion[] = replayed.flatMap((r) =>
    'versions' in r ? r.versions.map((version) => ({ messageId: r.failure.failureId, version, firstDelivery })) : [],
  );
  const { outcomes, credited: creditedNow } = await creditedBy(incoming, ports);
  const errors = outcomes.filter((o) => o.status === 'error');
  if (errors.length > 0) {
    await ports.keepCredits(creditedNow);
    throw new ReplayChunkError(
      `chunk ${message.chunk} of job ${message.jobId}: ${errors.length} version(s) could not be applied`,
      { cause: (errors[0] as { error: unknown }).error },
    );
  }
  // Read whatever the delivery count says: a local queue (and a redriven message) may call a retry a first delivery.
  const creditedIds = new Set([...creditedNow, ...(await ports.earlierCredits())]);

  const at = ports.clock();
  let credited = 0;
  for (const r of replayed) {
    const isCredited = creditedIds.has(r.failure.failureId);
    if (isCredited) credited += 1;
    const result: ReplayResult =
      'result' in r
        ? r.result
        : {
            outcome: 'enqueued',
            message: creditedMessage([...new Set(r.versions.map((v) => v.recordId))], message.jobId, isCredited),
            versions: r.versions.length,
          };
    await ports.recordReplay(r.failure.failureId, failureChangeOf(r.failure, result, at));
  }
  const missing = message.failureIds.length - failures.length;
  const stillFailing = replayed.filter((r) => 'result' in r).length + missing;
  const tally: ChunkTally = { replayed: message.failureIds.length, credited, stillFailing };
  return { tally, counted: await ports.addTally(tally) };
};
