/** The console's line after a redrive, kept apart from the DOM so it is tested on its own. */
import type { Redrive } from '../shared/ops/redrive.js';

/** What a redrive started, in one line: the hub moves every dead-letter queue at once. */
export const redriveOutcome = (answer: Redrive): string => {
  if (answer.status !== 'started') return 'Nothing to redrive: every dead-letter queue is empty.';
  const moving = answer.queues
    .filter((queue) => queue.status === 'started')
    .map((queue) => `${queue.queue} ${queue.messagesToMove}`);
  return `Redrive started: ${answer.messagesToMove} message(s) moving back to their queues (${moving.join(', ')}).`;
};
