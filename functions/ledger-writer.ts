/**
 * The completions queue consumer: parse each message, apply the whole batch's versions to
 * the ledgers in one aggregated step (shared/ledger/process-versions.ts), and report the
 * messages whose versions failed so only they are retried (ReportBatchItemFailures, via
 * Powertools' BatchProcessor). A message that is not a completion message is set aside as
 * a failure for operators, never retried forever.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { crashingLedgerWriter } from '../aws/fault-injection.js';
import { completionMessageSchema, type CompletionVersion } from '../shared/completion.js';
import { processVersions, type IncomingVersion, type VersionOutcome } from '../shared/ledger/process-versions.js';
import { describeProblems, problemsFromZod } from '../shared/result.js';
import { failureStore, ledgerStore, recordIndex, rules } from './lib/dependencies.js';
import { hubHandler } from './lib/hub-middleware.js';
import { tally } from './lib/tally.js';
import { countFor, latencyFor, logger, metricNames } from './lib/observability.js';

const processor = new BatchProcessor(EventType.SQS);

export class VersionProcessingError extends Error {
  override readonly name = 'VersionProcessingError';
}

type Parsed =
  | { readonly record: SQSRecord; readonly versions: CompletionVersion[] }
  | { readonly record: SQSRecord; readonly problem: string };

const parseRecord = (record: SQSRecord): Parsed => {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { record, problem: 'message body is not JSON' };
  }
  const parsed = completionMessageSchema.safeParse(body);
  return parsed.success
    ? { record, versions: parsed.data.versions }
    : { record, problem: describeProblems(problemsFromZod(parsed.error, 'message')) };
};

const setAsideMalformed = async (malformed: Array<Extract<Parsed, { problem: string }>>): Promise<void> => {
  if (malformed.length === 0) return;
  await (await failureStore()).record(
    malformed.map(({ record, problem }) => ({
      platform: 'unknown' as const,
      stage: 'consumer' as const,
      reasonCode: 'malformed-message' as const,
      message: problem,
      input: { kind: 'queue-message' as const, body: record.body },
    })),
  );
  // Counted like every other failure, under the platform they name: none.
  tally('unknown', { failed: malformed.length });
  logger.error('malformed queue messages set aside as failures', {
    count: malformed.length,
    messageIds: malformed.map((m) => m.record.messageId),
  });
};

const observe = (incoming: readonly IncomingVersion[], outcomes: readonly VersionOutcome[], now: Date): void => {
  const byPlatform = new Map<string, { accepted: number; duplicate: number; failed: number }>();
  incoming.forEach(({ version }, i) => {
    const outcome = outcomes[i];
    const counts = byPlatform.get(version.platform) ?? { accepted: 0, duplicate: 0, failed: 0 };
    if (outcome?.status === 'error') {
      counts.failed += 1;
      logger.warn('version not applied; its message will be retried', {
        correlationId: version.correlationId,
        platform: version.platform,
        recordId: version.recordId,
        error: outcome.error as Error,
      });
    } else if (outcome?.status === 'applied' || outcome?.status === 'awaiting-record') {
      counts.accepted += 1;
      latencyFor(version.platform, now.getTime() - Date.parse(version.receivedAt));
      logger.debug('version applied', {
        correlationId: version.correlationId,
        platform: version.platform,
        recordId: version.recordId,
        outcome: outcome.status,
      });
    } else counts.duplicate += 1;
    byPlatform.set(version.platform, counts);
  });
  for (const [platform, counts] of byPlatform) {
    countFor(platform, { [metricNames.ledgerUpdates]: counts.accepted });
    tally(
      platform,
      { duplicate: counts.duplicate, failed: counts.failed },
      counts.accepted > 0 ? { lastAcceptedAt: now.toISOString() } : undefined,
    );
  }
};

export const handler = hubHandler(async (event: SQSEvent, context: Context) => {
  const parsed = event.Records.map(parseRecord);
  await setAsideMalformed(parsed.filter((p): p is Extract<Parsed, { problem: string }> => 'problem' in p));
  const incoming: IncomingVersion[] = parsed.flatMap((p) =>
    'versions' in p
      ? p.versions.map((version) => ({
          messageId: p.record.messageId,
          version,
          firstDelivery: p.record.attributes.ApproximateReceiveCount === '1',
        }))
      : [],
  );
  // The soak's injected crash mid-batch (HUB_FAULTS, local only); otherwise the store itself.
  const crash = crashingLedgerWriter(ledgerStore());
  const outcomes = await processVersions(incoming, { ledgers: crash.ledgers, index: recordIndex(), rules: rules() });
  crash.assertSurvived();
  observe(incoming, outcomes, new Date());
  const failedMessages = new Set(incoming.filter((_, i) => outcomes[i]?.status === 'error').map((v) => v.messageId));
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      if (failedMessages.has(record.messageId))
        throw new VersionProcessingError(`message ${record.messageId}: a version could not be applied`);
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
});
