/**
 * Operators' reads and replay records on the failures table: the `byPlatform` index newest
 * first (one platform's scan below a position, with the reason as a filter), the items
 * themselves by id, and a replay's result appended to its failure.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FailureKey, PlatformScan } from '../shared/ops/failure-page.js';
import type { FailureChange } from '../shared/ops/replay.js';
import { storedFailureSchema, type StoredFailure } from '../shared/ops/stored-failure.js';
import { getAll } from './batch-get.js';
import { dynamo, tableNameOf } from './clients.js';
import { isConditionFailure } from './condition-failure.js';
import { parseStoredItem } from './stored-item.js';

/** As declared in infra/topology.ts. */
export const byPlatformIndexName = 'byPlatform';
/** With a reason filter, index pages read per platform and request at most (then the page ends at a frontier). */
export const filteredPagesPerScanMax = 10;
/** Index items read per query page when filtering (the filter applies after the read). */
export const filteredPageItemsMax = 500;

/** A failure item could not be read: malformed, or still unprocessed after the retries. */
export class FailureReadError extends Error {
  override readonly name = 'FailureReadError';
}

/** The failure has as many replays as it may keep (see replaysPerFailureMax). */
export class ReplayLimitError extends Error {
  override readonly name = 'ReplayLimitError';
}

const storedOf = (raw: Record<string, unknown>): StoredFailure =>
  parseStoredItem(
    storedFailureSchema,
    raw,
    (issues) => new FailureReadError(`failure item ${String(raw.failureId)} is malformed: ${issues}`),
  );

export interface ScanRequest {
  readonly platform: string;
  /** Only failures strictly below this position (the index's sort key); absent: from the newest. */
  readonly before?: string;
  readonly reason?: string;
  readonly limit: number;
}

export interface FailureAdmin {
  scan(request: ScanRequest): Promise<PlatformScan>;
  /** The items of these ids, in the order asked (ids not found are left out). */
  getMany(ids: readonly string[]): Promise<StoredFailure[]>;
  get(id: string): Promise<StoredFailure | undefined>;
  /** Appends the replay and sets status and message; refuses past `replaysMax` replays. */
  recordReplay(id: string, change: FailureChange, replaysMax: number): Promise<StoredFailure>;
}

/** One page of the `byPlatform` index, newest first, below `before` and with the reason filter when given. */
const byPlatformPage = (table: string, request: ScanRequest, start: Record<string, unknown> | undefined) => {
  const { platform, before, reason, limit } = request;
  return new QueryCommand({
    TableName: table,
    IndexName: byPlatformIndexName,
    KeyConditionExpression:
      before === undefined ? '#platform = :platform' : '#platform = :platform AND #position < :before',
    ...(reason === undefined ? {} : { FilterExpression: '#reason = :reason' }),
    ExpressionAttributeNames: {
      '#platform': 'platform',
      '#id': 'failureId',
      '#position': 'failedAtId',
      ...(reason === undefined ? {} : { '#reason': 'reasonCode' }),
    },
    ExpressionAttributeValues: {
      ':platform': platform,
      ...(before === undefined ? {} : { ':before': before }),
      ...(reason === undefined ? {} : { ':reason': reason }),
    },
    ProjectionExpression: '#id, #platform, #position',
    ScanIndexForward: false,
    Limit: reason === undefined ? limit : filteredPageItemsMax,
    ExclusiveStartKey: start,
  });
};

/** One page unfiltered; with a reason, pages until `limit` items or filteredPagesPerScanMax pages. */
const scanPlatform = async (table: string, request: ScanRequest): Promise<PlatformScan> => {
  const pagesMax = request.reason === undefined ? 1 : filteredPagesPerScanMax;
  const items: FailureKey[] = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; ; page += 1) {
    const answer = await dynamo().send(byPlatformPage(table, request, start));
    for (const item of answer.Items ?? [])
      items.push({
        failureId: String(item.failureId),
        platform: String(item.platform),
        failedAtId: String(item.failedAtId),
      });
    start = answer.LastEvaluatedKey;
    if (start === undefined) return { items, scannedTo: null };
    if (items.length >= request.limit || page + 1 >= pagesMax) return { items, scannedTo: String(start.failedAtId) };
  }
};

const getFailures = async (table: string, ids: readonly string[]): Promise<StoredFailure[]> => {
  const keys = [...new Set(ids)].map((failureId) => ({ failureId }));
  const items = await getAll(table, keys, {
    tooMany: (left) => new FailureReadError(`${left} failures could not be read`),
  });
  const found = new Map(items.map((item) => [String(item.failureId), storedOf(item)]));
  return ids.flatMap((id) => found.get(id) ?? []);
};

const getFailure = async (table: string, id: string): Promise<StoredFailure | undefined> => {
  const answer = await dynamo().send(
    new GetCommand({ TableName: table, Key: { failureId: id }, ConsistentRead: true }),
  );
  return answer.Item ? storedOf(answer.Item) : undefined;
};

const replayRecorded = (table: string, id: string, change: FailureChange, replaysMax: number) =>
  new UpdateCommand({
    TableName: table,
    Key: { failureId: id },
    UpdateExpression:
      'SET #replays = list_append(if_not_exists(#replays, :none), :replay), #status = :status, #message = :message, #reason = :reason',
    ConditionExpression: 'attribute_exists(failureId) AND (attribute_not_exists(#replays) OR size(#replays) < :max)',
    ExpressionAttributeNames: {
      '#replays': 'replays',
      '#status': 'status',
      '#message': 'message',
      '#reason': 'reasonCode',
    },
    ExpressionAttributeValues: {
      ':none': [],
      ':replay': [change.replay],
      ':status': change.status,
      ':message': change.message,
      ':reason': change.reasonCode,
      ':max': replaysMax,
    },
    ReturnValues: 'ALL_NEW',
  });

export const createFailureAdmin = (): FailureAdmin => {
  const table = tableNameOf('failures');
  const recordReplay = async (id: string, change: FailureChange, replaysMax: number): Promise<StoredFailure> => {
    try {
      const answer = await dynamo().send(replayRecorded(table, id, change, replaysMax));
      return storedOf(answer.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ReplayLimitError(`failure ${id} is gone or already has ${replaysMax} replays`, { cause: error });
      }
      throw error;
    }
  };
  return {
    scan: (request) => scanPlatform(table, request),
    getMany: (ids) => getFailures(table, ids),
    get: (id) => getFailure(table, id),
    recordReplay,
  };
};
