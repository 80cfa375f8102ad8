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
import { batchGetKeysMax } from '../../aws/batch-get.js';
import { batchWriteItemsMax } from '../../aws/batch-write.js';
import { isConditionFailure } from '../../aws/condition-failure.js';
import { ensureTable } from '../../local/tables.js';
import { ceilingItemOf, startBenchDynamo, type Storage } from './ceiling.js';
import { sampleProcess } from './processes.js';
import { round } from './stats.js';

export const callCostWarmupSecondsDefault = 30;
export const callCostTrialSecondsDefault = 6;
const concurrency = 16;
const ledgerBodyBytes = 800;

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
  idCardEnc: { S: `v1.${'e'.repeat(60)}` },
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
  owner: { M: { idCardEnc: { S: `v1.${'e'.repeat(60)}` }, idCardLast4: { S: '002X' } } },
});

type Client = Awaited<ReturnType<typeof startBenchDynamo>>['client'];
type Send = (n: number) => Promise<unknown>;

const plainTable = 'cost-plain';
const ledgersTable = 'cost-ledgers';
const ledgersNoFeedTable = 'cost-ledgers-no-feed';
const recordsTable = 'cost-records';

/** The tables the trials write: a plain one like the ceiling's, the ledgers with and without the feed index, the records index. */
const createCostTables = async (client: Client): Promise<void> => {
  const quiet = { info: () => undefined, warn: () => undefined } as unknown as Parameters<typeof ensureTable>[3];
  const plainDef: TableDef = {
    ...tables.records,
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: undefined,
    indexes: [],
  } as TableDef;
  await ensureTable(client, plainTable, plainDef, quiet);
  await ensureTable(client, ledgersTable, tables.ledgers, quiet);
  await ensureTable(client, ledgersNoFeedTable, { ...tables.ledgers, indexes: [] }, quiet);
  await ensureTable(client, recordsTable, tables.records, quiet);
};

/** A trial: `send` from `concurrency` lanes for `seconds`, DynamoDB Local's and the client's CPU per item. */
const trialsOn = (javaPid: number) => {
  let serial = 0;
  const trial = async (call: string, seconds: number, itemsPerCall: number, send: Send) => {
    const javaBefore = sampleProcess(javaPid);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    let calls = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() - started < seconds * 1000) {
          serial += 1;
          await send(serial);
          calls += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const items = calls * itemsPerCall;
    const java = (sampleProcess(javaPid)?.cpuSeconds ?? 0) - (javaBefore?.cpuSeconds ?? 0);
    const used = process.cpuUsage(clientBefore);
    return {
      call,
      itemsPerSecond: round(items / elapsed, 0),
      javaMsPerItem: round((java * 1000) / items, 3),
      clientMsPerItem: round((used.user + used.system) / 1000 / items, 3),
    };
  };
  return { trial, next: () => (serial += 1) };
};

/** Ledger writes and reads as the hub makes them; reads and updates go to ledgers created by the writes. */
const ledgerCallsOf = (client: Client, next: () => number) => {
  const created: string[] = [];
  const put = (table: string) => async (n: number) => {
    const personKey = `${n.toString(16)}k`;
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: ledgerItem(personKey, 1),
        ConditionExpression: 'attribute_not_exists(personKey)',
      }),
    );
    if (table === ledgersTable) created.push(personKey);
  };
  const someLedger = (n: number): string => created[n % created.length] as string;
  return {
    put,
    // A BatchGetItem must name distinct keys: on a slow machine a short trial may have created fewer ledgers than one call reads.
    topUp: async (): Promise<void> => {
      while (created.length < batchGetKeysMax) await put(ledgersTable)(next());
    },
    // Each update names a newer version than any before it, so the condition holds, as a writer's does.
    update: (n: number) =>
      client
        .send(
          new PutItemCommand({
            TableName: ledgersTable,
            Item: ledgerItem(someLedger(n), n),
            ConditionExpression: '#v < :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': { N: String(n) } },
          }),
        )
        .catch((error: unknown) => {
          // Two lanes on one ledger: the older version loses, as a writer's stale attempt would.
          if (!isConditionFailure(error)) throw error;
        }),
    batchGet: (n: number) =>
      client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [ledgersTable]: {
              ConsistentRead: true,
              Keys: Array.from({ length: batchGetKeysMax }, (_, i) => ({
                personKey: { S: someLedger(n * batchGetKeysMax + i) },
                year: { N: '2026' },
              })),
            },
          },
        }),
      ),
  };
};

/** The ceiling's own call: a plain 184-byte item. */
const plainPut = (client: Client) => (n: number) =>
  client.send(new PutItemCommand({ TableName: plainTable, Item: ceilingItemOf(`p${n}`) }));

const recordsBatchWrite = (client: Client) => (n: number) =>
  client.send(
    new BatchWriteItemCommand({
      RequestItems: {
        [recordsTable]: Array.from({ length: batchWriteItemsMax }, (_, i) => ({
          PutRequest: { Item: recordItem(`r${n}-${i}`) },
        })),
      },
    }),
  );

type Trial = ReturnType<typeof trialsOn>['trial'];

/** Every kind of call in turn, the plain put first (the unit of the others). */
const runTrials = async (client: Client, trial: Trial, next: () => number, seconds: number) => {
  const ledger = ledgerCallsOf(client, next);
  const raw = [
    await trial('PutItem, plain 184-byte item (the ceiling)', seconds, 1, plainPut(client)),
    await trial('PutItem, ledger (conditional), with the change-feed index', seconds, 1, ledger.put(ledgersTable)),
    await trial('PutItem, ledger (conditional), no index', seconds, 1, ledger.put(ledgersNoFeedTable)),
    await trial('PutItem, ledger update on its version, with the index', seconds, 1, ledger.update),
  ];
  await ledger.topUp();
  raw.push(
    await trial(
      `BatchWriteItem, records-index item (${batchWriteItemsMax} a call)`,
      seconds,
      batchWriteItemsMax,
      recordsBatchWrite(client),
    ),
  );
  await ledger.topUp();
  raw.push(
    await trial(
      `BatchGetItem, ledger, consistent (${batchGetKeysMax} keys a call)`,
      seconds,
      batchGetKeysMax,
      ledger.batchGet,
    ),
  );
  return raw;
};

export const measureCallCosts = async (options: {
  storage: Storage;
  scratchDir: string;
  warmupSeconds?: number;
  trialSeconds?: number;
  log?: (line: string) => void;
}): Promise<CallCost[]> => {
  const log = options.log ?? (() => undefined);
  const { dynamo, client, stop } = await startBenchDynamo(options.storage, options.scratchDir, concurrency);
  try {
    await createCostTables(client);
    const { trial, next } = trialsOn(dynamo.pid);
    const warmupSeconds = options.warmupSeconds ?? callCostWarmupSecondsDefault;
    log(`call costs: DynamoDB Local (${options.storage}), warming up for ${warmupSeconds} s`);
    await trial('warm-up', warmupSeconds, 1, plainPut(client));
    const raw = await runTrials(client, trial, next, options.trialSeconds ?? callCostTrialSecondsDefault);
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
