import { describe, expect, it } from 'vitest';
import { redriveOutcome } from '../../../console/redrive-outcome.js';
import { redriveOf } from '../../../shared/ops/redrive.js';

describe("the console's line after a redrive, which moves every dead-letter queue", () => {
  it('names each queue a move started on and what it takes back, over all', () => {
    const answer = redriveOf([
      { queue: 'completions', status: 'started', messagesToMove: 3, taskHandle: 't-1' },
      { queue: 'replays', status: 'nothing-to-move', messagesToMove: 0, taskHandle: null },
    ]);
    expect(redriveOutcome(answer)).toBe('Redrive started: 3 message(s) moving back to their queues (completions 3).');
  });

  it('says every queue was empty when no move started', () => {
    const answer = redriveOf([
      { queue: 'completions', status: 'nothing-to-move', messagesToMove: 0, taskHandle: null },
      { queue: 'replays', status: 'nothing-to-move', messagesToMove: 0, taskHandle: null },
    ]);
    expect(redriveOutcome(answer)).toBe('Nothing to redrive: every dead-letter queue is empty.');
  });

  it('counts a move still running elsewhere as nothing started here', () => {
    const answer = redriveOf([
      { queue: 'completions', status: 'already-running', messagesToMove: 5, taskHandle: 't-0' },
      { queue: 'replays', status: 'started', messagesToMove: 1, taskHandle: 't-2' },
    ]);
    expect(redriveOutcome(answer)).toBe('Redrive started: 1 message(s) moving back to their queues (replays 1).');
  });
});
