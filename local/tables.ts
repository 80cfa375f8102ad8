/**
 * The topology's tables in DynamoDB Local: on-demand billing, key schema, global secondary
 * indexes with their projections, TTL. Idempotent: a table kept in the data dir from an earlier
 * run is checked against the topology, gets any index it lacks, and a table whose keys no
 * longer match stops the start with a message saying what to do.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type KeySchemaElement,
  type Projection,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { sleep } from '../shared/sleep.js';
import { tableNames, tables, type IndexDef, type KeyDef, type TableDef, type TableName } from '../infra/topology.js';
import type { RuntimeLog } from './log.js';
import { physicalTableName } from './names.js';

export const tableActiveTimeoutMs = 30_000;
const activePollMs = 100;

export class TableMismatchError extends Error {
  override readonly name = 'TableMismatchError';
}

export class TableNotActiveError extends Error {
  override readonly name = 'TableNotActiveError';
}

/** One physical table of DynamoDB Local, with the log its checks report to. */
interface TableAt {
  readonly client: DynamoDBClient;
  readonly name: string;
  readonly log: RuntimeLog;
}

const keySchema = (partitionKey: KeyDef, sortKey?: KeyDef): KeySchemaElement[] => [
  { AttributeName: partitionKey.name, KeyType: 'HASH' },
  ...(sortKey ? [{ AttributeName: sortKey.name, KeyType: 'RANGE' as const }] : []),
];

const projection = (index: IndexDef): Projection =>
  index.projectedAttributes.length > 0
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projectedAttributes] }
    : { ProjectionType: 'KEYS_ONLY' };

const attributeDefinitions = (def: TableDef): AttributeDefinition[] => {
  const keys = [
    def.partitionKey,
    ...(def.sortKey ? [def.sortKey] : []),
    ...def.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const byName = new Map(keys.map((key) => [key.name, { AttributeName: key.name, AttributeType: key.type }]));
  return [...byName.values()];
};

const sameKeys = (actual: readonly KeySchemaElement[] | undefined, expected: readonly KeySchemaElement[]): boolean =>
  JSON.stringify((actual ?? []).map((k) => [k.AttributeName, k.KeyType])) ===
  JSON.stringify(expected.map((k) => [k.AttributeName, k.KeyType]));

const sameProjection = (actual: Projection | undefined, expected: Projection): boolean =>
  actual !== undefined &&
  actual.ProjectionType === expected.ProjectionType &&
  JSON.stringify([...(actual.NonKeyAttributes ?? [])].sort()) ===
    JSON.stringify([...(expected.NonKeyAttributes ?? [])].sort());

const describe = async ({ client, name }: TableAt): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

const waitActive = async (at: TableAt): Promise<TableDescription> => {
  const deadline = Date.now() + tableActiveTimeoutMs;
  for (;;) {
    const table = await describe(at);
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline)
      throw new TableNotActiveError(
        `table ${at.name} is not ACTIVE after ${tableActiveTimeoutMs} ms (status ${String(table?.TableStatus)})`,
      );
    await sleep(activePollMs);
  }
};

const create = async ({ client, name }: TableAt, def: TableDef): Promise<void> => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(def),
        KeySchema: keySchema(def.partitionKey, def.sortKey),
        ...(def.indexes.length > 0
          ? {
              GlobalSecondaryIndexes: def.indexes.map((index) => ({
                IndexName: index.name,
                KeySchema: keySchema(index.partitionKey, index.sortKey),
                Projection: projection(index),
              })),
            }
          : {}),
      }),
    );
  } catch (error) {
    // Created meanwhile by someone else sharing the database: the checks that follow decide.
    if (!(error instanceof ResourceInUseException)) throw error;
  }
};

const reconcileIndexes = async (at: TableAt, def: TableDef, table: TableDescription): Promise<void> => {
  const { client, name, log } = at;
  const existing = new Map((table.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index]));
  for (const index of def.indexes) {
    const found = existing.get(index.name);
    if (found === undefined) {
      log.info(`table ${name}: adding index ${index.name}`);
      await client.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: attributeDefinitions(def),
          GlobalSecondaryIndexUpdates: [
            {
              Create: {
                IndexName: index.name,
                KeySchema: keySchema(index.partitionKey, index.sortKey),
                Projection: projection(index),
              },
            },
          ],
        }),
      );
      await waitActive(at);
    } else if (
      !sameKeys(found.KeySchema, keySchema(index.partitionKey, index.sortKey)) ||
      !sameProjection(found.Projection, projection(index))
    ) {
      throw new TableMismatchError(
        `table ${name}: index ${index.name} differs from infra/topology.ts (keys or projection). ` +
          'Delete the local data directory (HUB_DATA_DIR) to recreate the tables.',
      );
    }
  }
  for (const indexName of existing.keys()) {
    if (!def.indexes.some((index) => index.name === indexName))
      log.warn(`table ${name}: index ${String(indexName)} is not in the topology (left as it is)`);
  }
};

const ensureTimeToLive = async ({ client, name, log }: TableAt, attribute: string): Promise<void> => {
  const current = (await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription;
  if (current?.TimeToLiveStatus === 'ENABLED' || current?.TimeToLiveStatus === 'ENABLING') {
    if (current.AttributeName !== attribute)
      log.warn(`table ${name}: TTL is on ${String(current.AttributeName)}, the topology says ${attribute}`);
    return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attribute },
    }),
  );
};

export const ensureTable = async (
  client: DynamoDBClient,
  name: string,
  def: TableDef,
  log: RuntimeLog,
): Promise<void> => {
  const at: TableAt = { client, name, log };
  const before = await describe(at);
  if (before === undefined) await create(at, def);
  const table = await waitActive(at);
  if (!sameKeys(table.KeySchema, keySchema(def.partitionKey, def.sortKey))) {
    throw new TableMismatchError(
      `table ${name} has keys ${JSON.stringify(table.KeySchema?.map((k) => k.AttributeName))}, infra/topology.ts says ` +
        `${JSON.stringify(keySchema(def.partitionKey, def.sortKey).map((k) => k.AttributeName))}. ` +
        'Delete the local data directory (HUB_DATA_DIR) to recreate the tables.',
    );
  }
  await reconcileIndexes(at, def, table);
  if (def.ttlAttribute !== undefined) await ensureTimeToLive(at, def.ttlAttribute);
};

/** Creates or checks every table of the topology; answers their physical names. */
export const ensureTables = async (
  client: DynamoDBClient,
  prefix: string,
  log: RuntimeLog,
): Promise<Record<TableName, string>> => {
  const names = {} as Record<TableName, string>;
  for (const table of tableNames) {
    names[table] = physicalTableName(prefix, table);
    await ensureTable(client, names[table], tables[table], log);
  }
  return names;
};
