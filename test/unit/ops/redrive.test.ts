/** The redrive answer over every queue's outcome (shared/ops/redrive.ts). */
import { describe, expect, it } from 'vitest';
import { redriveOf, redriveSchema, type QueueRedrive } from '../../../shared/ops/redrive.js';

const queueRedriveOf = (overrides: Partial<QueueRedrive> = {}): QueueRedrive => ({
  queue: 'completions',
  status: 'nothing-to-move',
  messagesToMove: 0,
  taskHandle: null,
  ...overrides,
});
const started = (queue: string, messagesToMove: number) =>
  queueRedriveOf({ queue, status: 'started', messagesToMove, taskHandle: `task-${queue}` });

describe('the redrive answer', () => {
  it('is started when any queue started, with the messages of the started moves only', () => {
    const queues = [
      started('completions', 3),
      queueRedriveOf({ queue: 'replays', status: 'already-running', messagesToMove: 5, taskHandle: 'task-r' }),
    ];
    expect(redriveOf(queues)).toEqual({ status: 'started', messagesToMove: 3, queues });
  });

  it('adds up every started queue', () => {
    expect(redriveOf([started('completions', 2), started('replays', 7)]).messagesToMove).toBe(9);
  });

  it('is nothing-to-move when no queue started, also when one is still moving', () => {
    const running = queueRedriveOf({ queue: 'replays', status: 'already-running', messagesToMove: 4 });
    expect(redriveOf([queueRedriveOf(), running])).toMatchObject({ status: 'nothing-to-move', messagesToMove: 0 });
    expect(redriveOf([])).toEqual({ status: 'nothing-to-move', messagesToMove: 0, queues: [] });
  });

  it('is described by its schema, which refuses a status it does not know or a negative count', () => {
    expect(redriveSchema.safeParse(redriveOf([started('replays', 1)])).success).toBe(true);
    const unknown = { status: 'started', messagesToMove: 1, queues: [{ ...started('replays', 1), status: 'moving' }] };
    expect(redriveSchema.safeParse(unknown).success).toBe(false);
    expect(redriveSchema.safeParse({ status: 'started', messagesToMove: -1, queues: [] }).success).toBe(false);
  });
});
