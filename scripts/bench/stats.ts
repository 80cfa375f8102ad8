/**
 * The benchmark's figure computations, pure so a unit test can check them: percentiles,
 * rates, the hub/ceiling ratio, and calls and capacity units per completion.
 */

/** Nearest-rank percentile (p in 0..100) of the values; NaN for none. */
export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  if (p < 0 || p > 100) throw new RangeError(`percentile ${p} is not between 0 and 100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
};

/** The middle value (mean of the two middle ones for an even count); NaN for none. */
export const median = (values: readonly number[]): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export const latencySummary = (values: readonly number[]): LatencySummary => ({
  count: values.length,
  p50: percentile(values, 50),
  p99: percentile(values, 99),
  max: values.length === 0 ? Number.NaN : values.reduce((a, b) => Math.max(a, b), -Infinity),
});

/** Events per second over a span in milliseconds. */
export const ratePerSecond = (count: number, milliseconds: number): number => {
  if (!(milliseconds > 0)) throw new RangeError(`a rate needs a positive span, not ${milliseconds} ms`);
  return (count * 1000) / milliseconds;
};

/** hub/ceiling, rounded down to two decimals (the printed figure never flatters the hub). */
export const ratio = (hub: number, ceiling: number): number => {
  if (!(ceiling > 0)) throw new RangeError(`the ceiling must be positive, not ${ceiling}`);
  return Math.floor((hub / ceiling) * 100) / 100;
};

export const formatRatio = (value: number): string => value.toFixed(2);

/** One tally of AWS calls, as the counting middleware (aws/call-counter.ts) keeps them. */
export interface CallTally {
  readonly scope: string;
  readonly service: string;
  readonly command: string;
  readonly table: string;
  readonly calls: number;
  readonly errors: number;
  /** Capacity units DynamoDB reported (ReturnConsumedCapacity=INDEXES): the table's share and the indexes'. */
  readonly tableUnits: number;
  readonly indexUnits: number;
}

export const dynamoWriteCommands: ReadonlySet<string> = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);
/** ExecuteStatement: the hub's PartiQL is reads only (the records index's SELECT ... IN). */
export const dynamoReadCommands: ReadonlySet<string> = new Set([
  'ExecuteStatementCommand',
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);

export interface PerCompletion {
  readonly completions: number;
  readonly dynamoCalls: number;
  readonly dynamoWriteCalls: number;
  readonly dynamoReadCalls: number;
  readonly writeUnits: number;
  /** Of writeUnits, the part spent on global secondary indexes. */
  readonly indexWriteUnits: number;
  readonly readUnits: number;
  readonly sqsCalls: number;
  /** Per command (`DynamoDB PutItem ledgers`), calls per completion. */
  readonly byCommand: Readonly<Record<string, number>>;
  /** Per command, calls that failed (a conditional write's conflict among them) per completion. */
  readonly errorsByCommand: Readonly<Record<string, number>>;
}

/** The tallies' difference `after - before` (same keys; a key only in `after` counts whole). */
export const tallyDelta = (before: readonly CallTally[], after: readonly CallTally[]): CallTally[] => {
  const keyOf = (t: CallTally) => `${t.scope}|${t.service}|${t.command}|${t.table}`;
  const earlier = new Map(before.map((t) => [keyOf(t), t]));
  return after
    .map((t) => {
      const b = earlier.get(keyOf(t));
      return b
        ? {
            ...t,
            calls: t.calls - b.calls,
            errors: t.errors - b.errors,
            tableUnits: t.tableUnits - b.tableUnits,
            indexUnits: t.indexUnits - b.indexUnits,
          }
        : t;
    })
    .filter((t) => t.calls > 0);
};

/**
 * Calls and capacity units per completion from the tallies of a run, counting only the
 * scopes given (the functions on the completion path; the bench's own portal reads are not
 * the hub's cost of a completion).
 */
export const perCompletion = (
  tallies: readonly CallTally[],
  completions: number,
  scopes: ReadonlySet<string>,
): PerCompletion => {
  if (!(completions > 0)) throw new RangeError(`per completion needs a positive count, not ${completions}`);
  const sums = {
    dynamoCalls: 0,
    dynamoWriteCalls: 0,
    dynamoReadCalls: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    readUnits: 0,
    sqsCalls: 0,
  };
  const byCommand: Record<string, number> = {};
  const errorsByCommand: Record<string, number> = {};
  for (const t of tallies) {
    if (!scopes.has(t.scope)) continue;
    const label = `${t.service === 'dynamodb' ? 'DynamoDB' : 'SQS'} ${t.command.replace(/Command$/, '')}${t.table ? ` ${t.table}` : ''}`;
    byCommand[label] = (byCommand[label] ?? 0) + t.calls / completions;
    if (t.errors > 0) errorsByCommand[label] = (errorsByCommand[label] ?? 0) + t.errors / completions;
    if (t.service === 'sqs') {
      sums.sqsCalls += t.calls;
      continue;
    }
    sums.dynamoCalls += t.calls;
    if (dynamoWriteCommands.has(t.command)) {
      sums.dynamoWriteCalls += t.calls;
      sums.writeUnits += t.tableUnits + t.indexUnits;
      sums.indexWriteUnits += t.indexUnits;
    } else if (dynamoReadCommands.has(t.command)) {
      sums.dynamoReadCalls += t.calls;
      sums.readUnits += t.tableUnits + t.indexUnits;
    }
  }
  const each = Object.fromEntries(Object.entries(sums).map(([name, sum]) => [name, sum / completions])) as typeof sums;
  return { completions, ...each, byCommand, errorsByCommand };
};

/** Round to `digits` decimals for printing and JSON. */
export const round = (value: number, digits = 2): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};
