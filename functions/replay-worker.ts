/**
 * The replays queue consumer: one chunk of a bulk replay job (shared/ops/replay-chunk.ts) per
 * message, with the ledger writer's own stores and rules. A chunk whose versions could not all
 * be written is reported failed and comes back (Powertools' BatchProcessor); a message that is
 * not a chunk is kept as a failure for operators, never retried forever.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { createReplayJobStore } from '../aws/replay-jobs.js';
import { processVersions } from '../shared/ledger/process-versions.js';
import { openInput } from '../shared/ops/failure-view.js';
import { replaysPerFailureMax } from '../shared/ops/replay.js';
import { runReplayChunk } from '../shared/ops/replay-chunk.js';
import { replayChunkMessageSchema, type ReplayChunkMessage } from '../shared/ops/replay-job.js';
import { describeProblems, problemsFromZod } from '../shared/result.js';
import { failureStore, ledgerStore, recordIndex, rules } from './lib/dependencies.js';
import { once } from './lib/once.js';
import { hubHandler } from './lib/hub-middleware.js';
import { logger } from './lib/observability.js';
import { personCrypto } from './lib/person-crypto.js';
import { replayNormalisers } from './ops/normalisers.js';
import { failureAdmin } from './ops/stores.js';

const processor = new BatchProcessor(EventType.SQS);
const jobs = once(createReplayJobStore);

const chunkOf = (record: SQSRecord): ReplayChunkMessage | string => {
  try {
    const parsed = replayChunkMessageSchema.safeParse(JSON.parse(record.body));
    return parsed.success ? parsed.data : describeProblems(problemsFromZod(parsed.error, 'message'));
  } catch {
    return 'message body is not JSON';
  }
};

const setAside = async (record: SQSRecord, problem: string): Promise<void> => {
  await (await failureStore()).record([
    {
      platform: 'unknown',
      stage: 'consumer',
      reasonCode: 'malformed-message',
      message: `replays queue: ${problem}`,
      input: { kind: 'none', payload: record.body },
    },
  ]);
  logger.error('a replays queue message that is not a chunk was set aside as a failure', {
    messageId: record.messageId,
    problem,
  });
};

const runRecord = async (record: SQSRecord): Promise<void> => {
  const chunk = chunkOf(record);
  if (typeof chunk === 'string') return setAside(record, chunk);
  const crypto = await personCrypto();
  const admin = failureAdmin();
  const run = runReplayChunk(chunk, record.attributes.ApproximateReceiveCount === '1', {
    normalisers: replayNormalisers,
    contextFor: (receivedAt, correlationId) => ({ receivedAt, now: new Date(), correlationId, crypto, rules: rules() }),
    loadFailures: (ids) => admin.getMany(ids),
    openInput: (inputEnc) => openInput(inputEnc, crypto.decrypt),
    readLedgers: (addresses) => ledgerStore().getMany(addresses),
    applyVersions: (incoming) =>
      processVersions(incoming, { ledgers: ledgerStore(), index: recordIndex(), rules: rules() }),
    recordReplay: async (failureId, change) => {
      await admin.recordReplay(failureId, change, replaysPerFailureMax).catch((error: unknown) => {
        // The replay ran and the ledger has it; only its note on the failure is missing.
        logger.warn('a replay of a bulk job was not recorded on its failure', { failureId, error: error as Error });
      });
    },
    addTally: (counts) => jobs().addChunk(chunk.jobId, chunk.chunk, counts, new Date()),
    earlierCredits: () => jobs().creditsOfChunk(chunk.jobId, chunk.chunk),
    keepCredits: (failureIds) => jobs().keepChunkCredits(chunk.jobId, chunk.chunk, failureIds, new Date()),
    clock: () => new Date(),
  });
  const { tally, counted } = await run.catch((error: unknown) => {
    logger.warn('a replay chunk failed; it comes back from the queue', {
      jobId: chunk.jobId,
      chunk: chunk.chunk,
      receiveCount: record.attributes.ApproximateReceiveCount,
      error: error as Error,
    });
    throw error;
  });
  logger.info('replay chunk done', { jobId: chunk.jobId, chunk: chunk.chunk, ...tally, counted });
};

export const handler = hubHandler(async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, runRecord, processor, { context, throwOnFullBatchFailure: false }),
);
