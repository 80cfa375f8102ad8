/**
 * Opt-in counting of AWS calls for the benchmark (scripts/bench.ts): with `HUB_COUNT_CALLS=1`
 * a middleware on the hub's DynamoDB and SQS clients counts every call (once per logical
 * call, outside the SDK's own retries), per scope (the function whose handler made it, set by
 * the caller with `inCallScope`), command and table, and asks DynamoDB for the capacity units
 * each call consumed (ReturnConsumedCapacity=INDEXES), split into the table's and the indexes'.
 *
 * Without the variable nothing is added to any client. The cloud stack never sets it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const countCallsVariable = 'HUB_COUNT_CALLS';

export interface CallTally {
  readonly scope: string;
  readonly service: 'dynamodb' | 'sqs';
  readonly command: string;
  /** Physical table name (DynamoDB), '' otherwise. */
  readonly table: string;
  calls: number;
  errors: number;
  tableUnits: number;
  indexUnits: number;
}

const scopes = new AsyncLocalStorage<string>();
const tallies = new Map<string, CallTally>();

/** Runs `work` with its AWS calls counted under `scope` (a function name). */
export const inCallScope = <T>(scope: string, work: () => T): T => scopes.run(scope, work);

/** A copy of every tally so far. */
export const callTallies = (): CallTally[] => [...tallies.values()].map((t) => ({ ...t }));

export const countingEnabled = (env: NodeJS.ProcessEnv = process.env): boolean => env[countCallsVariable] === '1';

const withCapacity = new Set([
  'ExecuteStatementCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);

interface Consumed {
  readonly TableName?: string;
  readonly CapacityUnits?: number;
  readonly Table?: { readonly CapacityUnits?: number };
  readonly GlobalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
  readonly LocalSecondaryIndexes?: Record<string, { readonly CapacityUnits?: number }>;
}

const tableOf = (input: unknown): string => {
  const value = input as
    | { TableName?: unknown; RequestItems?: Record<string, unknown>; TransactItems?: unknown[]; Statement?: unknown }
    | undefined;
  if (typeof value?.TableName === 'string') return value.TableName;
  // PartiQL: the table the statement names.
  if (typeof value?.Statement === 'string')
    return /(?:FROM|INTO|UPDATE|DELETE FROM)\s+"([^"]+)"/i.exec(value.Statement)?.[1] ?? '';
  if (value?.RequestItems) return Object.keys(value.RequestItems).sort().join('+');
  if (value?.TransactItems) return 'transaction';
  return '';
};

const tallyOf = (scope: string, service: CallTally['service'], command: string, table: string): CallTally => {
  const key = `${scope}|${service}|${command}|${table}`;
  let tally = tallies.get(key);
  if (!tally) {
    tally = { scope, service, command, table, calls: 0, errors: 0, tableUnits: 0, indexUnits: 0 };
    tallies.set(key, tally);
  }
  return tally;
};

const addConsumed = (tally: CallTally, consumed: Consumed | Consumed[] | undefined): void => {
  for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    const indexes = [
      ...Object.values(c.GlobalSecondaryIndexes ?? {}),
      ...Object.values(c.LocalSecondaryIndexes ?? {}),
    ].reduce((sum, i) => sum + (i.CapacityUnits ?? 0), 0);
    // INDEXES gives the table's share; TOTAL alone (some calls) only the sum.
    const table = c.Table?.CapacityUnits ?? (c.CapacityUnits ?? 0) - indexes;
    tally.tableUnits += table;
    tally.indexUnits += indexes;
  }
};

type Stack = {
  add(middleware: unknown, options: { step: 'initialize'; name: string; priority?: 'high' | 'low' }): void;
};
type Next = (args: { input: unknown }) => Promise<{ output?: { ConsumedCapacity?: Consumed | Consumed[] } }>;
type Context = { commandName?: string };

/** Adds the counting middleware to a client when HUB_COUNT_CALLS=1; otherwise returns it untouched. */
export const withCallCounting = <C extends { middlewareStack: unknown }>(
  client: C,
  service: CallTally['service'],
): C => {
  if (!countingEnabled()) return client;
  (client.middlewareStack as Stack).add(
    (next: Next, context: Context) => async (args: { input: unknown }) => {
      const command = context.commandName ?? 'unknown';
      const tally = tallyOf(
        scopes.getStore() ?? 'unscoped',
        service,
        command,
        service === 'dynamodb' ? tableOf(args.input) : '',
      );
      tally.calls += 1;
      const asked =
        service === 'dynamodb' && withCapacity.has(command)
          ? { ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'INDEXES' } }
          : args;
      try {
        const result = await next(asked);
        if (service === 'dynamodb') {
          const consumed = result.output?.ConsumedCapacity;
          // DynamoDB Local reports no capacity for PartiQL; a consistent SELECT ... IN reads each key like a Query of one small item: 1 read unit a key.
          if (consumed === undefined && command === 'ExecuteStatementCommand')
            tally.tableUnits += ((args.input as { Parameters?: unknown[] }).Parameters ?? []).length;
          else addConsumed(tally, consumed);
        }
        return result;
      } catch (error) {
        tally.errors += 1;
        throw error;
      }
    },
    { step: 'initialize', name: 'hubCallCounter', priority: 'high' },
  );
  return client;
};
