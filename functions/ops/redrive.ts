/**
 * `POST /ops/dead-letters/redrive`: moves every dead-letter queue's messages back to its own
 * queue (StartMessageMoveTask, one task per queue; aws/dead-letters.ts). The moves run on after
 * the answer: 202 when any started, with each queue's outcome; 200 when there was nothing to
 * move; 409 when nothing could start because a move is still running. GET /ops/health shows
 * their progress.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { startRedrive } from '../../aws/dead-letters.js';
import { functions } from '../../infra/topology.js';
import { redriveOf } from '../../shared/ops/redrive.js';
import { HttpProblem, json } from '../lib/http.js';
import { logger } from '../lib/observability.js';

export const redriveRoute = async (): Promise<APIGatewayProxyStructuredResultV2> => {
  const queues = await Promise.all((functions.opsApi.redrives ?? []).map(startRedrive));
  const answer = redriveOf(queues);
  const running = queues.filter((queue) => queue.status === 'already-running');
  if (answer.status === 'nothing-to-move' && running.length > 0)
    throw new HttpProblem(
      409,
      'redrive-running',
      `a redrive of the ${running.map((queue) => queue.queue).join(', ')} dead-letter queue is already running (${running.map((queue) => `${queue.messagesToMove} still to move`).join(', ')}); wait for it to finish`,
    );
  for (const queue of queues)
    if (queue.status === 'started')
      logger.info('dead-letter redrive started', { queue: queue.queue, messagesToMove: queue.messagesToMove });
  return json(answer.status === 'started' ? 202 : 200, answer);
};
