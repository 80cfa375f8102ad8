/**
 * Fault injection for the soak test (scripts/soak.ts), and nothing else: enabled only by
 * `HUB_FAULTS` together with the local runtime's `HUB_LOCAL=1`. The cloud stack sets neither
 * (test/infra/hardening.test.ts keeps it so), and without `HUB_FAULTS` nothing here touches a
 * client or a handler.
 *
 * `HUB_FAULTS` is a comma-separated list of `name=value`:
 *
 * - `seed=S` — fault positions derive from it: the n-th call of a kind on one table (or the
 *   n-th batch) is faulted when a hash of (S, kind, table, n) falls under the share. The same
 *   seed faults the same positions; which write is n-th still depends on the interleaving.
 * - `dynamo-throttle=P` — that share of DynamoDB writes fails with
 *   ProvisionedThroughputExceededException before it is sent (as when the SDK's own retries
 *   are used up: the caller sees it).
 * - `dynamo-error=P` — the same with InternalServerError.
 * - `dynamo-lost-ack=P` — the write is sent and done, then the caller sees InternalServerError
 *   (an answer lost on the way back).
 * - `sqs-duplicate=P` — a SendMessageBatch is sent twice (SQS delivers at least once).
 * - `writer-crash=P` — that share of ledger-writer invocations dies after writing some of the
 *   batch's ledgers (crashingLedgerWriter): the whole batch comes back from the queue.
 *
 * Every share is a fraction from 0 to 1. The plan is read again whenever the variable's value
 * changes, so a soak can turn faults off (`seed=S` alone) for its recovery phase.
 */
import { InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { ConfigurationError } from '../shared/config.js';
import type { LedgerWriter } from '../shared/ledger/ports.js';

export const faultsVariable = 'HUB_FAULTS';
export const faultKinds = [
  'dynamo-throttle',
  'dynamo-error',
  'dynamo-lost-ack',
  'sqs-duplicate',
  'writer-crash',
] as const;
export type FaultKind = (typeof faultKinds)[number];

/** A crashing ledger writer dies after writing between 1 and this many ledgers. */
export const crashAfterLedgersMax = 4;

export interface FaultPlan {
  readonly seed: string;
  readonly shares: Readonly<Record<FaultKind, number>>;
}

/** The ledger writer "died" mid-batch: nothing after this point was written by it. */
export class InjectedCrashError extends Error {
  override readonly name = 'InjectedCrashError';
}

const isFaultKind = (name: string): name is FaultKind => (faultKinds as readonly string[]).includes(name);

/** Parses a `HUB_FAULTS` value; a bad part stops the run with a message naming it. */
export const parseFaultPlan = (text: string): FaultPlan => {
  const shares = Object.fromEntries(faultKinds.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  let seed: string | undefined;
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const at = part.indexOf('=');
    const name = at > 0 ? part.slice(0, at).trim() : part;
    const value = at > 0 ? part.slice(at + 1).trim() : '';
    if (name === 'seed') {
      if (value === '') throw new ConfigurationError(`${faultsVariable}: seed needs a value`);
      seed = value;
    } else if (isFaultKind(name)) {
      const share = Number(value);
      if (value === '' || !Number.isFinite(share) || share < 0 || share > 1)
        throw new ConfigurationError(`${faultsVariable}: ${name} must be a share from 0 to 1, not "${value}"`);
      shares[name] = share;
    } else {
      throw new ConfigurationError(
        `${faultsVariable}: unknown fault "${name}" (known: seed, ${faultKinds.join(', ')})`,
      );
    }
  }
  if (seed === undefined)
    throw new ConfigurationError(`${faultsVariable}: seed=... is required, so a run can be reproduced`);
  return { seed, shares };
};

/** A number in [0, 1) from the seed and a position: the same inputs give the same number. */
export const positionDraw = (seed: string, kind: string, scope: string, n: number): number =>
  createHash('sha256').update(`${seed}|${kind}|${scope}|${n}`).digest().readUInt32BE(0) / 2 ** 32;

let cached: { text: string; plan: FaultPlan } | undefined;

/** The plan in force now, or undefined when faults are off. Refuses to run outside the local runtime. */
export const currentFaultPlan = (env: NodeJS.ProcessEnv = process.env): FaultPlan | undefined => {
  const text = env[faultsVariable];
  if (text === undefined || text === '') return undefined;
  if (env.HUB_LOCAL !== '1')
    throw new ConfigurationError(
      `${faultsVariable} is set outside the local runtime (HUB_LOCAL=1); refusing to inject faults`,
    );
  if (cached?.text !== text) cached = { text, plan: parseFaultPlan(text) };
  return cached.plan;
};

const counters = new Map<string, number>();
const injected = new Map<FaultKind, number>();

const note = (kind: FaultKind): void => {
  injected.set(kind, (injected.get(kind) ?? 0) + 1);
};

/** Decides whether the next position of (kind, scope) is faulted. */
const draw = (plan: FaultPlan, kind: FaultKind, scope: string): boolean => {
  const share = plan.shares[kind];
  if (share <= 0) return false;
  const key = `${kind}|${scope}`;
  const n = (counters.get(key) ?? 0) + 1;
  counters.set(key, n);
  return positionDraw(plan.seed, kind, scope, n) < share;
};

/** How many faults of each kind this process has injected so far (the soak prints them). */
export const injectedFaultCounts = (): Readonly<Record<FaultKind, number>> =>
  Object.fromEntries(faultKinds.map((kind) => [kind, injected.get(kind) ?? 0])) as Record<FaultKind, number>;

const dynamoWrites = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

const tableOf = (input: unknown): string => {
  const value = input as
    | { TableName?: unknown; RequestItems?: Record<string, unknown>; TransactItems?: unknown[] }
    | undefined;
  if (typeof value?.TableName === 'string') return value.TableName;
  if (value?.RequestItems) return Object.keys(value.RequestItems).sort().join('+');
  return 'transaction';
};

const metadata = { httpStatusCode: 500, attempts: 1, totalRetryDelay: 0 } as const;

type Stack = {
  add(middleware: unknown, options: { step: 'initialize'; name: string; priority?: 'high' | 'low' }): void;
};
type Next = (args: { input: unknown }) => Promise<unknown>;
type Context = { commandName?: string };

/**
 * Adds the DynamoDB write faults to a client (the document client shares its middleware stack
 * with the client it wraps). At the initialize step, so outside the SDK's own retries.
 */
export const withDynamoFaults = <C extends { middlewareStack: unknown }>(client: C): C => {
  if (currentFaultPlan() === undefined) return client;
  (client.middlewareStack as Stack).add(
    (next: Next, context: Context) => async (args: { input: unknown }) => {
      const plan = currentFaultPlan();
      const command = context.commandName ?? '';
      if (!plan || !dynamoWrites.has(command)) return next(args);
      const scope = `${command}|${tableOf(args.input)}`;
      if (draw(plan, 'dynamo-throttle', scope)) {
        note('dynamo-throttle');
        throw new ProvisionedThroughputExceededException({
          message: `injected throttling (${faultsVariable}) on ${scope}`,
          $metadata: { ...metadata, httpStatusCode: 400 },
        });
      }
      if (draw(plan, 'dynamo-error', scope)) {
        note('dynamo-error');
        throw new InternalServerError({
          message: `injected error before sending (${faultsVariable}) on ${scope}`,
          $metadata: metadata,
        });
      }
      const result = await next(args);
      if (draw(plan, 'dynamo-lost-ack', scope)) {
        note('dynamo-lost-ack');
        throw new InternalServerError({
          message: `injected lost answer after the write (${faultsVariable}) on ${scope}`,
          $metadata: metadata,
        });
      }
      return result;
    },
    { step: 'initialize', name: 'hubFaultInjection', priority: 'high' },
  );
  return client;
};

/** Adds the SQS duplicate-send fault to a client. */
export const withSqsFaults = <C extends { middlewareStack: unknown }>(client: C): C => {
  if (currentFaultPlan() === undefined) return client;
  (client.middlewareStack as Stack).add(
    (next: Next, context: Context) => async (args: { input: unknown }) => {
      const plan = currentFaultPlan();
      const result = await next(args);
      if (
        plan &&
        context.commandName === 'SendMessageBatchCommand' &&
        draw(plan, 'sqs-duplicate', String((args.input as { QueueUrl?: unknown }).QueueUrl))
      ) {
        note('sqs-duplicate');
        await next(args);
      }
      return result;
    },
    { step: 'initialize', name: 'hubFaultInjection', priority: 'high' },
  );
  return client;
};

export interface CrashPoint {
  /** The writer to use for this invocation: it dies after some written ledgers. */
  readonly ledgers: LedgerWriter;
  /** Throws InjectedCrashError when the writer died, so the whole batch fails as a crash would. */
  assertSurvived(): void;
}

/**
 * For one ledger-writer invocation: with share `writer-crash`, a writer that dies right after
 * its k-th ledger write (k from 1 to crashAfterLedgersMax, from the seed). A dead writer writes
 * and reads nothing more. Without faults, the writer itself and a no-op check.
 */
export const crashingLedgerWriter = (
  writer: LedgerWriter,
  plan: FaultPlan | undefined = currentFaultPlan(),
): CrashPoint => {
  if (!plan || !draw(plan, 'writer-crash', 'ledger-writer'))
    return { ledgers: writer, assertSurvived: () => undefined };
  const crashAfter =
    1 +
    Math.floor(
      positionDraw(plan.seed, 'crash-after', 'ledger-writer', counters.get('writer-crash|ledger-writer') ?? 0) *
        crashAfterLedgersMax,
    );
  // Writes are issued concurrently, so the crash point is a count of writes started: the
  // k-th goes out and lands, the ones started after it never leave the dead process.
  let started = 0;
  let noted = false;
  const alive = (): void => {
    if (started < crashAfter) return;
    if (!noted) note('writer-crash');
    noted = true;
    throw new InjectedCrashError(
      `ledger writer crashed (${faultsVariable}) right after its ledger write number ${crashAfter}`,
    );
  };
  return {
    ledgers: {
      getMany: async (addresses) => {
        alive();
        return writer.getMany(addresses);
      },
      writeIfVersion: async (ledger, expectedVersion) => {
        alive();
        started += 1;
        const verdict = await writer.writeIfVersion(ledger, expectedVersion);
        alive();
        return verdict;
      },
    },
    assertSurvived: alive,
  };
};
