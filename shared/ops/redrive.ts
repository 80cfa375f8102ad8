/**
 * The answer of `POST /ops/dead-letters/redrive`, which moves every dead-letter queue's messages
 * back to its own queue (one move task per queue): what happened to each queue, and, as before
 * there was more than one, `status` and `messagesToMove` over them all (the console reads those).
 * One zod schema for the handler's type and the OpenAPI document.
 */
import * as z from 'zod';

export const queueRedriveStatuses = ['started', 'nothing-to-move', 'already-running'] as const;
export type QueueRedriveStatus = (typeof queueRedriveStatuses)[number];

const count = z.number().int().nonnegative();

export const queueRedriveSchema = z.object({
  queue: z.string(),
  status: z.enum(queueRedriveStatuses),
  messagesToMove: count.meta({
    description: 'Started: messages the move takes back; already running: what it has still to move',
  }),
  taskHandle: z.string().nullable().meta({ description: 'The move task; null when nothing was started' }),
});
export type QueueRedrive = z.infer<typeof queueRedriveSchema>;

export const redriveSchema = z
  .object({
    status: z.enum(['started', 'nothing-to-move']).meta({ description: '`started` when a move of any queue began' }),
    messagesToMove: count.meta({ description: 'Messages the moves started now take back, over every queue' }),
    queues: z.array(queueRedriveSchema).readonly().meta({ description: 'Each dead-letter queue, by its queue' }),
  })
  .meta({ id: 'Redrive' });
export type Redrive = z.infer<typeof redriveSchema>;

/** The answer over every queue's outcome. */
export const redriveOf = (queues: readonly QueueRedrive[]): Redrive => {
  const started = queues.filter((queue) => queue.status === 'started');
  return {
    status: started.length > 0 ? 'started' : 'nothing-to-move',
    messagesToMove: started.reduce((sum, queue) => sum + queue.messagesToMove, 0),
    queues,
  };
};
