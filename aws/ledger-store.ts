/**
 * Ledgers in DynamoDB: one item per (personKey, year), written with a conditional PutItem on
 * the version (optimistic concurrency; a single-item write is atomic, so no transaction), and
 * validated with the ledger schema after every read.
 *
 * The entries and tombstones travel as one attribute, `body`: their JSON, deflated (a format
 * byte first). A ledger's entries repeat the same field names and mostly the same values, so
 * a 40-entry ledger is a few kilobytes instead of twelve: fewer write units for every change
 * (an item's write units grow with its size), and one attribute instead of hundreds of nested
 * ones for DynamoDB and the SDK to take apart (measured by scripts/bench). The totals
 * (`summary`), the owner and the feed keys stay plain attributes: the change feed's index
 * projects them, and operators can read them. An item written before this encoding (entries
 * and tombstones as maps) still reads.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { feedPartitionOf, feedPositionOf, feedShardOf, ledgerWriteAttemptMs } from '../shared/ledger/feed.js';
import { ledgerSchema, type Ledger } from '../shared/ledger/ledger.js';
import { addressKey, type LedgerAddress } from '../shared/ledger/placement.js';
import type { LedgerWriter } from '../shared/ledger/ports.js';
import { getAll } from './batch-get.js';
import { isConditionFailure } from './condition-failure.js';
import { dynamo, tableNameOf } from './clients.js';
import { retryPolicies } from './retry-policy.js';

export class StoredLedgerError extends Error {
  override readonly name = 'StoredLedgerError';
}

/** The first byte of `body`: deflated JSON of { entries, tombstones }. */
export const ledgerBodyFormat = 1;

export const encodeLedgerBody = (ledger: Pick<Ledger, 'entries' | 'tombstones'>): Uint8Array => {
  const deflated = deflateRawSync(
    Buffer.from(JSON.stringify({ entries: ledger.entries, tombstones: ledger.tombstones }), 'utf8'),
  );
  const body = Buffer.allocUnsafe(deflated.length + 1);
  body[0] = ledgerBodyFormat;
  deflated.copy(body, 1);
  return body;
};

const decodeLedgerBody = (item: Record<string, unknown>): Record<string, unknown> => {
  const { body, ...rest } = item;
  if (body === undefined) return item;
  if (!(body instanceof Uint8Array) || body[0] !== ledgerBodyFormat) {
    throw new StoredLedgerError(
      `stored ledger ${String(item.personKey)}/${String(item.year)} has a body of an unknown format`,
    );
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(inflateRawSync(body.subarray(1)).toString('utf8'));
  } catch (cause) {
    throw new StoredLedgerError(
      `stored ledger ${String(item.personKey)}/${String(item.year)} has a body that does not decode`,
      { cause },
    );
  }
  return { ...rest, ...(decoded as object) };
};

/** The item DynamoDB stores for a ledger: plain attributes, the feed's keys, and the encoded body. */
export const itemOfLedger = (ledger: Ledger): Record<string, unknown> => {
  const { entries: _entries, tombstones: _tombstones, ...plain } = ledger;
  return {
    ...plain,
    body: encodeLedgerBody(ledger),
    feedPartition: feedPartitionOf(ledger.year, feedShardOf(ledger.personKey)),
    feedPosition: feedPositionOf(ledger.updatedAt, ledger.personKey),
  };
};

export const ledgerFromItem = (item: Record<string, unknown>): Ledger => {
  const parsed = ledgerSchema.safeParse(decodeLedgerBody(item));
  if (!parsed.success)
    throw new StoredLedgerError(`stored ledger ${String(item.personKey)}/${String(item.year)} is malformed`, {
      cause: parsed.error,
    });
  return parsed.data;
};

export const createLedgerStore = (): LedgerWriter & {
  get(address: LedgerAddress): Promise<Ledger | undefined>;
  listOfPerson(personKey: string): Promise<Ledger[]>;
} => {
  const table = tableNameOf('ledgers');

  const getMany = async (addresses: readonly LedgerAddress[]): Promise<Map<string, Ledger>> => {
    const unique = [...new Map(addresses.map((a) => [addressKey(a), a])).values()];
    const items = await getAll(
      table,
      unique.map((a) => ({ personKey: a.personKey, year: a.year })),
      {
        consistentRead: true,
        tooMany: (left) =>
          new StoredLedgerError(
            `BatchGetItem left ${left} keys unprocessed after ${retryPolicies.unprocessedItems.retriesMax} retries`,
          ),
      },
    );
    const found = new Map<string, Ledger>();
    for (const item of items) {
      const ledger = ledgerFromItem(item);
      found.set(addressKey(ledger), ledger);
    }
    return found;
  };

  const writeIfVersion = async (ledger: Ledger, expectedVersion: number): Promise<'written' | 'conflict'> => {
    ledgerSchema.parse(ledger);
    const item = itemOfLedger(ledger);
    try {
      await dynamo().send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(personKey)' : '#version = :expected',
          ...(expectedVersion === 0
            ? {}
            : {
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': expectedVersion },
              }),
        }),
        // An attempt that cannot finish soon is abandoned, so a feed position is never committed long after its stamp (feed.ts).
        { abortSignal: AbortSignal.timeout(ledgerWriteAttemptMs) },
      );
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'conflict';
      // An attempt abandoned after ledgerWriteAttemptMs may or may not have landed: answer as a
      // conflict, so the caller reads the ledger again and re-applies (idempotent either way).
      if ((error as Error).name === 'AbortError' || (error as Error).name === 'TimeoutError') return 'conflict';
      throw error;
    }
  };

  const get = async (address: LedgerAddress): Promise<Ledger | undefined> =>
    (await getMany([address])).get(addressKey(address));

  const listOfPerson = async (personKey: string): Promise<Ledger[]> => {
    const answer = await dynamo().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'personKey = :p',
        ExpressionAttributeValues: { ':p': personKey },
        ConsistentRead: true,
      }),
    );
    return (answer.Items ?? []).map(ledgerFromItem);
  };

  return { getMany, writeIfVersion, get, listOfPerson };
};
