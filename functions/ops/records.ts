/**
 * `GET /ops/records/{platform}/{recordId}`: one platform record's story, found by the platform's
 * own id: every version received and what it did, the ledger entry it is (or the ledgers that
 * remember it), and its failures.
 */
import { failureIdsOfRecord } from '../../aws/failure-index.js';
import { recordKeyOf } from '../../shared/completion.js';
import { entryKeyOf } from '../../shared/ledger/entry.js';
import { recordPathSchema, type RecordLookup } from '../../shared/ops/lookups.js';
import { recordVersionsOf } from '../../shared/ops/record-story.js';
import type { OpsRoute } from './ops-handler.js';
import { json, parseWith } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { failureViewsOf, readRecords } from './record-reads.js';

export const recordLookupRoute: OpsRoute = async (event, operator) => {
  const { platform, recordId } = parseWith(recordPathSchema, event.pathParameters ?? {}, 'path');
  const [reads, failures] = await Promise.all([
    readRecords([], [recordKeyOf({ platform, recordId })]),
    failureIdsOfRecord(platform, recordId).then(failureViewsOf),
  ]);
  const entryKey = entryKeyOf(platform, recordId);
  const holding = [...reads.ledgers.values()].map((ledger) => reads.explain(ledger));
  const body: RecordLookup = {
    platform,
    recordId,
    entries: holding.flatMap((explained) =>
      explained.entries.filter((entry) => entryKeyOf(entry.platform, entry.recordId) === entryKey),
    ),
    removed: holding.flatMap((explained) =>
      explained.removed.filter((removed) => entryKeyOf(removed.platform, removed.recordId) === entryKey),
    ),
    versions: recordVersionsOf(platform, recordId, reads.versionsOf(platform, recordId), reads.ledgers),
    failures,
  };
  logger.info('record lookup', {
    operator: operator.name,
    platform,
    recordId,
    versions: body.versions.length,
    failures: failures.length,
  });
  return json(200, body);
};
