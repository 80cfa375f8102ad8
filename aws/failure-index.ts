/**
 * Whole reads of the failures table's indexes for the operators: every failure of a platform in
 * a time window (the summary, and what a bulk replay matches), and the failures that name one
 * person (`byPerson`, sparse: only failures whose record had a valid ID card number) or one
 * platform record (`byRecord`, sparse: only failures that know their record id).
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { FailureRow } from '../shared/ops/failure-summary.js';
import { byPlatformIndexName } from './failure-admin.js';
import { dynamo, tableNameOf } from './clients.js';

/** As declared in infra/topology.ts. */
export const byPersonIndexName = 'byPerson';
export const byRecordIndexName = 'byRecord';
/**
 * The most failures one window read may cover: a summary or a bulk replay past it is refused
 * with a request to narrow the window, so one request never reads without bound.
 */
export const windowFailuresMax = 100_000;
/** The failures a person or record lookup shows at most, newest first. */
export const lookupFailuresMax = 100;

export class FailureWindowTooLargeError extends Error {
  override readonly name = 'FailureWindowTooLargeError';
}

export interface FailureWindow {
  readonly platform: string;
  readonly since: Date;
  readonly until: Date;
  /** Only this reason code (an opaque string). */
  readonly reasonCode?: string;
}

/** The times a sort key can start with: toISOString writes other years with a sign, which sorts before every digit. */
const positionTimeFirstMs = Date.parse('0000-01-01T00:00:00.000Z');
const positionTimeLastMs = Date.parse('9999-12-31T23:59:59.999Z');
const positionTimeOf = (at: Date): string =>
  new Date(Math.min(Math.max(at.getTime(), positionTimeFirstMs), positionTimeLastMs)).toISOString();

/**
 * failedAtId = `${failedAt}#${failureId}`: a window of times is a range of sort keys. A window's
 * end past the years 0000-9999 (an offset can carry a time there) is held at their edge.
 */
const positionRange = (since: Date, until: Date): [string, string] => [positionTimeOf(since), positionTimeOf(until)];

const queryAll = async (
  input: QueryCommandInput,
  max: number,
  onItem: (item: Record<string, unknown>) => void,
): Promise<number> => {
  let start: Record<string, unknown> | undefined;
  let count = 0;
  do {
    const answer = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    for (const item of answer.Items ?? []) {
      count += 1;
      if (count > max) return count;
      onItem(item);
    }
    start = answer.LastEvaluatedKey;
  } while (start !== undefined);
  return count;
};

/** Every failure of the window, newest first; a FailureWindowTooLargeError past windowFailuresMax. */
export const failuresInWindow = async (window: FailureWindow): Promise<FailureRow[]> => {
  const [from, to] = positionRange(window.since, window.until);
  // A window that ends before it starts (a bulk replay's `until` before its default start, 1970) holds nothing; DynamoDB refuses the range.
  if (from > to) return [];
  const rows: FailureRow[] = [];
  const read = await queryAll(
    {
      TableName: tableNameOf('failures'),
      IndexName: byPlatformIndexName,
      // `to` sorts below every position of its own millisecond ('#' follows 'Z'), so `until` is exclusive.
      KeyConditionExpression: '#platform = :platform AND #position BETWEEN :from AND :to',
      ...(window.reasonCode === undefined ? {} : { FilterExpression: '#reason = :reason' }),
      ExpressionAttributeNames: {
        '#platform': 'platform',
        '#position': 'failedAtId',
        '#reason': 'reasonCode',
        '#status': 'status',
        '#replays': 'replays',
        '#at': 'at',
        '#id': 'failureId',
        '#failedAt': 'failedAt',
      },
      ExpressionAttributeValues: {
        ':platform': window.platform,
        ':from': from,
        ':to': to,
        ...(window.reasonCode === undefined ? {} : { ':reason': window.reasonCode }),
      },
      ProjectionExpression: '#id, #platform, #failedAt, #reason, #status, #replays[0].#at',
      ScanIndexForward: false,
    },
    windowFailuresMax,
    (item) => {
      const replays = item.replays as unknown[] | undefined;
      rows.push({
        failureId: String(item.failureId),
        platform: String(item.platform),
        reasonCode: String(item.reasonCode),
        failedAt: String(item.failedAt),
        status: String(item.status),
        replayedOnce: Array.isArray(replays) && replays.length > 0,
      });
    },
  );
  if (read > windowFailuresMax)
    throw new FailureWindowTooLargeError(
      `more than ${windowFailuresMax} ${window.platform} failures between ${from} and ${to}`,
    );
  return rows;
};

const newestIdsOf = async (
  indexName: string,
  keyName: string,
  keyValue: string,
  platform?: string,
): Promise<string[]> => {
  const ids: string[] = [];
  await queryAll(
    {
      TableName: tableNameOf('failures'),
      IndexName: indexName,
      KeyConditionExpression: '#key = :key',
      ...(platform === undefined ? {} : { FilterExpression: '#platform = :platform' }),
      ExpressionAttributeNames: { '#key': keyName, ...(platform === undefined ? {} : { '#platform': 'platform' }) },
      ExpressionAttributeValues: { ':key': keyValue, ...(platform === undefined ? {} : { ':platform': platform }) },
      ScanIndexForward: false,
    },
    lookupFailuresMax,
    (item) => ids.push(String(item.failureId)),
  );
  return ids;
};

/** The newest failures that name this person (their keyed hash), at most lookupFailuresMax. */
export const failureIdsOfPerson = (personKey: string): Promise<string[]> =>
  newestIdsOf(byPersonIndexName, 'personKey', personKey);

/** The newest failures of one platform record, at most lookupFailuresMax. */
export const failureIdsOfRecord = (platform: string, recordId: string): Promise<string[]> =>
  newestIdsOf(byRecordIndexName, 'recordId', recordId, platform);
