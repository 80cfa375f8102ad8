/**
 * What each kind of DynamoDB call the hub makes costs DynamoDB Local, in its own CPU (ms per
 * item) and in plain puts' worth: the breakdown behind the bench's "storage work per
 * completion". Tables are the topology's own (local/tables.ts), items shaped like the hub's:
 * a ledger with its feed keys, summary and an 800-byte deflated body; records-index items
 * as BatchWriteItem sends them; ledgers read with a consistent BatchGetItem.
 *
 * The same ledger write is also timed on a table without the change-feed index, so the
 * index's share of a ledger write is measured, not guessed.
 */
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  PutItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { tables, type TableDef } from '../../infra/topology.js';
import { ensureTable } from '../../local/tables.js';
import { ceilingItemOf, startBenchDynamo, type Storage } from './ceiling.js';
import { sampleProcess } from './processes.js';
import { round } from './stats.js';

export const callCostWarmupSecondsDefault = 30;
export const callCostTrialSecondsDefault = 6;
const concurrency = 16;
const ledgerBodyBytes = 800;
const batchGetKeys = 100;
const batchWriteItems = 25;

export interface CallCost {
  readonly call: string;
  readonly itemsPerSecond: number;
  readonly javaMsPerItem: number;
  readonly clientMsPerItem: number;
  /** javaMsPerItem over the plain put's. */
  readonly putsWorth: number;
}

type Item = Record<string, AttributeValue>;

const ledgerItem = (personKey: string, version: number): Item => ({
  personKey: { S: personKey },
  year: { N: '2026' },
  version: { N: String(version) },
  updatedAt: { S: new Date().toISOString() },
  idCardEnc: { S: 'v1.' + 'e'.repeat(60) },
  summary: {
    M: {
      totalHours: { N: '36' },
      publicHours: { N: '12' },
      professionalHours: { N: '24' },
      entries: { N: '6' },
      compliant: { BOOL: false },
    },
  },
  body: { B: Buffer.alloc(ledgerBodyBytes, 7) },
  feedPartition: { S: `2026#${personKey.slice(0, 1)}` },
  feedPosition: { S: `${new Date().toISOString()}#${personKey}` },
});
const recordItem = (key: string): Item => ({
  recordKey: { S: `hnu#${key}` },
  versionKey: { S: `${new Date().toISOString()}#completion` },
  home: { M: { personKey: { S: key.padEnd(64, '0') }, year: { N: '2026' } } },
  owner: { M: { idCardEnc: { S: 'v1.' + 'e'.repeat(60) }, idCardLast4: { S: '002X' } } },
});

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export const measureCallCosts = async (options: {
  storage: Storage;
  scratchDir: string;
  warmupSeconds?: number;
  trialSeconds?: number;
  log?: (line: string) => void;
}): Promise<CallCost[]> => {
  const log = options.log ?? (() => undefined);
  const { dynamo, client, stop } = await startBenchDynamo(options.storage, options.scratchDir, concurrency);
  const quiet = { info: () => undefined, warn: () => undefined } as unknown as Parameters<typeof ensureTable>[3];
  const plainDef: TableDef = {
    ...tables.records,
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: undefined,
    indexes: [],
  } as TableDef;
  try {
    await ensureTable(client, 'cost-plain', plainDef, quiet);
    await ensureTable(client, 'cost-ledgers', tables.ledgers, quiet);
    await ensureTable(client, 'cost-ledgers-no-feed', { ...tables.ledgers, indexes: [] }, quiet);
    await ensureTable(client, 'cost-records', tables.records, quiet);
    let serial = 0;
    const trial = async (
      call: string,
      seconds: number,
      itemsPerCall: number,
      send: (n: number) => Promise<unknown>,
    ) => {
      const javaBefore = sampleProcess(dynamo.pid);
      const clientBefore = process.cpuUsage();
      const started = performance.now();
      let calls = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() - started < seconds * 1000) {
            await send((serial += 1));
            calls += 1;
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const items = calls * itemsPerCall;
      const java = (sampleProcess(dynamo.pid)?.cpuSeconds ?? 0) - (javaBefore?.cpuSeconds ?? 0);
      const used = process.cpuUsage(clientBefore);
      return {
        call,
        itemsPerSecond: round(items / elapsed, 0),
        javaMsPerItem: round((java * 1000) / items, 3),
        clientMsPerItem: round((used.user + used.system) / 1000 / items, 3),
      };
    };
    const plainPut = (n: number) =>
      client.send(new PutItemCommand({ TableName: 'cost-plain', Item: ceilingItemOf(`p${n}`) }));
    log(
      `call costs: DynamoDB Local (${options.storage}), warming up for ${options.warmupSeconds ?? callCostWarmupSecondsDefault} s`,
    );
    await trial('warm-up', options.warmupSeconds ?? callCostWarmupSecondsDefault, 1, plainPut);
    const seconds = options.trialSeconds ?? callCostTrialSecondsDefault;
    const created: string[] = [];
    const ledgerPut = (table: string) => async (n: number) => {
      const personKey = `${n.toString(16)}k`;
      await client.send(
        new PutItemCommand({
          TableName: table,
          Item: ledgerItem(personKey, 1),
          ConditionExpression: 'attribute_not_exists(personKey)',
        }),
      );
      if (table === 'cost-ledgers') created.push(personKey);
    };
    const someLedger = (n: number): string => created[n % created.length] as string;
    // A BatchGetItem's keys must differ: a short trial on a busy machine may create fewer ledgers than a call asks for.
    const topUpLedgers = async (): Promise<void> => {
      while (created.length < batchGetKeys) await ledgerPut('cost-ledgers')((serial += 1));
    };
    // Each update names a newer version than any before it, so the condition holds, as a writer's does.
    const ledgerUpdate = (n: number) =>
      client
        .send(
          new PutItemCommand({
            TableName: 'cost-ledgers',
            Item: ledgerItem(someLedger(n), n),
            ConditionExpression: '#v < :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': { N: String(n) } },
          }),
        )
        .catch((error: unknown) => {
          // Two lanes on one ledger: the older version loses, as a writer's stale attempt would.
          if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        });
    const putsAndUpdates = [
      await trial('PutItem, plain 184-byte item (the ceiling)', seconds, 1, plainPut),
      await trial('PutItem, ledger (conditional), with the change-feed index', seconds, 1, ledgerPut('cost-ledgers')),
      await trial('PutItem, ledger (conditional), no index', seconds, 1, ledgerPut('cost-ledgers-no-feed')),
      await trial('PutItem, ledger update on its version, with the index', seconds, 1, ledgerUpdate),
    ];
    // A BatchGetItem must name distinct keys: on a slow machine a short trial may have created fewer ledgers than one call reads.
    while (created.length < batchGetKeys) await ledgerPut('cost-ledgers')((serial += 1));
    const raw = [
      ...putsAndUpdates,
      await trial(`BatchWriteItem, records-index item (${batchWriteItems} a call)`, seconds, batchWriteItems, (n) =>
        client.send(
          new BatchWriteItemCommand({
            RequestItems: {
              'cost-records': Array.from({ length: batchWriteItems }, (_, i) => ({
                PutRequest: { Item: recordItem(`r${n}-${i}`) },
              })),
            },
          }),
        ),
      ),
    ];
    await topUpLedgers();
    raw.push(
      await trial(`BatchGetItem, ledger, consistent (${batchGetKeys} keys a call)`, seconds, batchGetKeys, (n) =>
        client.send(
          new BatchGetItemCommand({
            RequestItems: {
              'cost-ledgers': {
                ConsistentRead: true,
                Keys: Array.from({ length: batchGetKeys }, (_, i) => ({
                  personKey: { S: someLedger(n * batchGetKeys + i) },
                  year: { N: '2026' },
                })),
              },
            },
          }),
        ),
      ),
    );
    const plain = raw[0]?.javaMsPerItem ?? 1;
    const costs = raw.map((c) => ({ ...c, putsWorth: round(c.javaMsPerItem / plain, 2) }));
    for (const c of costs)
      log(
        `call costs: ${c.call}: ${c.itemsPerSecond} items/s, DynamoDB Local ${c.javaMsPerItem} ms an item (${c.putsWorth} puts' worth), client ${c.clientMsPerItem} ms`,
      );
    return costs;
  } finally {
    await stop();
  }
};
