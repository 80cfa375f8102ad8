/**
 * A wangti delivery: one page of the export (platforms.md) as the poller read it, with the
 * stores passed in as ports (the shape of jxnu-delivery.ts and hnu-delivery.ts). Every good row
 * is enqueued and every bad one kept as a failure naming its fields; a page that is not readable
 * as a whole (a missing column, no CSV) is kept as one poller failure with the page, for an
 * operator, and answered `unreadable-page` so the run keeps its cursor. Both stores have the
 * page's rows before the answer: a failure to store throws, and the poll loop keeps its cursor.
 */
import type { CompletionVersion } from '../completion.js';
import type { NewFailure } from '../failures.js';
import type { NormaliseContext } from '../platforms/normalise-context.js';
import { readWangtiPage } from '../platforms/wangti/export-page.js';
import { describeProblems } from '../result.js';
import type { DeliveryCounts } from './delivery-counts.js';
import { otherTopicsIn, recordFailureOf, sentField } from './record-failure.js';

export interface WangtiDeliveryPorts {
  readonly recordFailures: (failures: readonly NewFailure[]) => Promise<void>;
  /** Resolves only once the versions are durably on the completions queue. */
  readonly enqueue: (versions: readonly CompletionVersion[]) => Promise<void>;
  readonly contextFor: (receivedAt: Date, correlationId: string) => NormaliseContext;
}

export interface WangtiDeliveryRequest {
  /** The page's body, as the export sent it. */
  readonly csv: string;
  /** The cursor the page was asked for after (undefined: the export's beginning). */
  readonly cursor: string | undefined;
  readonly receivedAt: Date;
  readonly correlationId: string;
}

export type WangtiDeliveryOutcome =
  | { readonly kind: 'unreadable-page'; readonly message: string }
  | {
      readonly kind: 'taken';
      readonly counts: DeliveryCounts;
      /** The newest 更新时间 among the versions taken (undefined: none). */
      readonly newestVersionAt: Date | undefined;
    };

const newestOf = (versions: readonly CompletionVersion[]): Date | undefined => {
  let at: Date | undefined;
  for (const version of versions) {
    const t = new Date(version.versionAt);
    if (at === undefined || t > at) at = t;
  }
  return at;
};

export const receiveWangtiDelivery = async (
  request: WangtiDeliveryRequest,
  ports: WangtiDeliveryPorts,
): Promise<WangtiDeliveryOutcome> => {
  const { csv, cursor } = request;
  const context = ports.contextFor(request.receivedAt, request.correlationId);
  const page = readWangtiPage(csv, context);
  const versions: CompletionVersion[] = [];
  const failures: NewFailure[] = [];
  const receivedAt = context.receivedAt.toISOString();
  for (const row of page.rows) {
    if (row.result.ok) {
      versions.push(row.result.value);
      continue;
    }
    failures.push(
      recordFailureOf(
        {
          platform: 'wangti',
          problems: row.result.problems,
          correlationId: context.correlationId,
          recordId: row.recordId,
          idCardSent: sentField(row.row, 'idCardNo'),
          input: { kind: 'wangti-row', row: { ...row.row }, position: row.position, receivedAt },
        },
        context.crypto,
      ),
    );
  }
  const rowsRejected = failures.length;
  const pageFailure: NewFailure | undefined =
    page.pageProblems.length === 0
      ? undefined
      : {
          platform: 'wangti',
          stage: 'poller',
          reasonCode: 'poller-error',
          message: `export page after cursor ${cursor ?? '(start)'} is not readable: ${describeProblems(page.pageProblems)}`,
          correlationId: context.correlationId,
          input: { kind: 'none', payload: { cursor: cursor ?? null, csv } },
        };
  if (pageFailure) failures.push(pageFailure);
  await Promise.all([
    versions.length > 0 ? ports.enqueue(versions) : undefined,
    failures.length > 0 ? ports.recordFailures(failures) : undefined,
  ]);
  if (pageFailure) return { kind: 'unreadable-page', message: pageFailure.message };
  return {
    kind: 'taken',
    counts: {
      received: versions.length + rowsRejected,
      accepted: versions.length,
      rejected: rowsRejected,
      otherTopic: otherTopicsIn(versions),
    },
    newestVersionAt: newestOf(versions),
  };
};
