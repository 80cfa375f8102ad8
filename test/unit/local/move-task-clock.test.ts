/** The held move-task clock (local/move-task-clock.ts): tasks tick when told, each once, and not after they stop. */
import { describe, expect, it } from 'vitest';
import { heldMoveTasks, type MoveTaskTimer } from '../../../local/move-task-clock.js';

/** A task as local-aws-sqs writes one: an async step per tick, its interval cleared once it is done. */
const taskOf = (clock: ReturnType<typeof heldMoveTasks>, ticksToFinish: number) => {
  const task = { steps: 0 };
  const timer = clock.setInterval(async () => {
    await Promise.resolve();
    task.steps += 1;
    if (task.steps >= ticksToFinish) clock.clearInterval(timer);
  }, 1000);
  timer.unref();
  return task;
};

describe('held move tasks', () => {
  it('tick once each per tick, the step awaited, and no more once their interval is cleared', async () => {
    const clock = heldMoveTasks();
    const quick = taskOf(clock, 1);
    const slow = taskOf(clock, 2);
    expect(await clock.tick()).toBe(2);
    expect([quick.steps, slow.steps]).toEqual([1, 1]);
    expect(await clock.tick()).toBe(1);
    expect([quick.steps, slow.steps]).toEqual([1, 2]);
    expect(await clock.tick()).toBe(0);
  });

  it('answers 0 with no task, and clearing an unknown or missing timer changes nothing', async () => {
    const clock = heldMoveTasks();
    clock.clearInterval(undefined);
    const stranger: MoveTaskTimer = { unref: () => stranger };
    clock.clearInterval(stranger);
    expect(await clock.tick()).toBe(0);
  });
});
