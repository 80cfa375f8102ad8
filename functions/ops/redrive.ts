/**
 * `POST /ops/dead-letters/redrive`: moves the completions dead-letter queue's messages back to
 * the queue (StartMessageMoveTask; aws/dead-letters.ts). The move runs on after the answer:
 * 202 with the task handle and how many messages it moves; GET /ops/health shows its progress.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { RedriveRunningError, startRedrive } from '../../aws/dead-letters.js';
import { HttpProblem, json } from '../lib/http.js';
import { logger } from '../lib/observability.js';

export const redriveRoute = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    const started = await startRedrive('completions');
    if (started.taskHandle === null) return json(200, { ...started, status: 'nothing-to-move' });
    logger.info('dead-letter redrive started', { queue: started.queue, messagesToMove: started.messagesToMove });
    return json(202, { ...started, status: 'started' });
  } catch (error) {
    if (error instanceof RedriveRunningError) {
      throw new HttpProblem(
        409,
        'redrive-running',
        `${error.message} (moved ${error.task.moved} of ${error.task.toMove ?? '?'} since ${error.task.startedAt ?? '?'}); wait for it to finish`,
        [],
        { cause: error },
      );
    }
    throw error;
  }
};
