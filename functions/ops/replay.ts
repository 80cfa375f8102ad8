/**
 * `POST /ops/failures/{failureId}/replay`: the failure's stored input through the pipeline
 * again (shared/ops/replay.ts), its result recorded on the failure and answered with the
 * failure as it now is. Replays emit no platform metrics: the records were counted when they
 * arrived, and the ledger writer counts what the replay makes of them.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { queueUrlOf } from '../../aws/clients.js';
import { sqs } from '../../aws/sqs-client.js';
import { ReplayLimitError } from '../../aws/failure-admin.js';
import { maskText } from '../../shared/failures.js';
import { failureViewOf, openInput, SealedInputError } from '../../shared/ops/failure-view.js';
import type { StoredFailure } from '../../shared/ops/stored-failure.js';
import { replayPathSchema } from '../../shared/ops/params.js';
import type { ReplayAnswer } from '../../shared/ops/replay-answer-schema.js';
import {
  failureChangeOf,
  NotReplayableError,
  replayInput,
  replaysPerFailureMax,
  type ReplayResult,
} from '../../shared/ops/replay.js';
import { rules } from '../lib/dependencies.js';
import { completionQueue } from '../lib/queue.js';
import { HttpProblem, json, parseWith } from '../lib/http.js';
import { logger } from '../lib/observability.js';
import { personCrypto } from '../lib/person-crypto.js';
import { replayNormalisers } from './normalisers.js';
import { failureAdmin } from './stores.js';

export const replayFailureRoute = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const { failureId } = parseWith(replayPathSchema, event.pathParameters ?? {}, 'path');
  const admin = failureAdmin();
  const stored = await admin.get(failureId);
  if (!stored)
    throw new HttpProblem(404, 'not-found', `failureId: no failure ${failureId}`, [
      { field: 'failureId', message: 'no such failure' },
    ]);
  if (stored.replays.length >= replaysPerFailureMax) {
    throw new HttpProblem(
      409,
      'replay-limit',
      `failure ${failureId} has been replayed ${stored.replays.length} times, the most it keeps; fix the cause and let the platform send it again`,
    );
  }
  const crypto = await personCrypto();
  // The record keeps its correlation id from the delivery to the ledger write, replays included.
  const correlationId = stored.correlationId ?? `replay-${failureId}`;
  logger.appendKeys({ failureId, correlationId });
  let result: ReplayResult;
  try {
    const input = openInput(stored.inputEnc, crypto.decrypt);
    result = await replayInput(input, {
      normalisers: replayNormalisers,
      contextFor: (receivedAt) => ({ receivedAt, now: new Date(), correlationId, crypto, rules: rules() }),
      enqueue: (versions) => completionQueue().enqueue(versions),
      sendMessage: async (body) => {
        await sqs().send(new SendMessageCommand({ QueueUrl: queueUrlOf('completions'), MessageBody: body }));
      },
    });
  } catch (error) {
    if (error instanceof SealedInputError || error instanceof NotReplayableError) {
      throw new HttpProblem(409, 'not-replayable', `failure ${failureId} cannot be replayed: ${error.message}`, [], {
        cause: error,
      });
    }
    throw error;
  }
  const change = failureChangeOf(stored, result, new Date());
  let updated: StoredFailure;
  try {
    updated = await admin.recordReplay(failureId, change, replaysPerFailureMax);
  } catch (error) {
    // The input went through (and may be enqueued) but the record of it did not stick: say so.
    logger.error('replay ran but its result was not recorded on the failure', {
      outcome: result.outcome,
      error: error as Error,
    });
    if (error instanceof ReplayLimitError)
      throw new HttpProblem(
        409,
        'replay-limit',
        `${error.message}; this replay ran (${result.outcome}) but is not recorded`,
        [],
        { cause: error },
      );
    throw error;
  }
  logger.info('failure replayed', {
    platform: stored.platform,
    recordId: stored.recordId,
    outcome: result.outcome,
    reason: maskText(result.message),
  });
  const answer: ReplayAnswer = {
    replay: {
      outcome: result.outcome,
      message: result.message,
      // A copy: the answer's list is its schema's, mutable (`.readonly()` would mark it readOnly in the document).
      ...(result.outcome === 'rejected' ? { details: [...result.problems] } : { versions: result.versions }),
    },
    failure: failureViewOf(updated, crypto.decrypt),
  };
  return json(200, answer);
};
