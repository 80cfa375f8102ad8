/**
 * Dead letters through the local runtime: a completion message that keeps failing (its credit
 * year has no rules, so every ledger write of it fails) ends in the dead-letter queue after
 * maxReceiveCount receives, is counted in /ops/health with its age, and once the rules are
 * there, /ops/dead-letters/redrive brings it back and it is credited. The same for a bulk
 * replay's chunk: while the replay worker fails, the chunk ends in the replays dead-letter
 * queue and its job stays running; once the worker is back, redrive returns it and the job
 * finishes.
 */
import { describe, expect, it } from 'vitest';
import { expectNothingToRedrive, nothingToMove, sendUncreditable, useDeadLetterHub } from '../support/dead-letters.js';
import { queueNames, queues, type QueueName } from '../../infra/topology.js';
import { idCardNoOf } from '../support/completions.js';
import { eventually, opsGet, opsPost, opsPostJson } from '../support/ops-client.js';
import { addedYearLedgerOf } from '../support/added-year-ledger.js';
import { addRulesFor } from '../support/rule-book.js';
import { hnu2023BodyOf } from '../support/hnu-bodies.js';
import { postHnu } from '../support/hub-client.js';

const local = useDeadLetterHub();

const health = async () => {
  const answer = await opsGet(local.hub.baseUrl, '/ops/health');
  expect(answer.status).toBe(200);
  return answer.body;
};
type QueueHealth = { queue: string; depth: number; oldestAgeSeconds: number | null };
const deadLettersOf = (view: { deadLetters: QueueHealth[] }, queue: string): QueueHealth | undefined =>
  view.deadLetters.find((deadLetters) => deadLetters.queue === queue);
/** A redrive when one message waits in `moved`'s dead-letter queue and none in the others': a move of it alone starts. */
const expectRedriveOfOne = async (moved: QueueName): Promise<void> => {
  const redrive = await opsPost(local.hub.baseUrl, '/ops/dead-letters/redrive');
  expect(redrive.status).toBe(202);
  expect(redrive.body).toEqual({
    status: 'started',
    messagesToMove: 1,
    queues: queueNames.map((queue) =>
      queue === moved
        ? { queue, status: 'started', messagesToMove: 1, taskHandle: expect.any(String) }
        : nothingToMove(queue),
    ),
  });
};

describe('a message that keeps failing', () => {
  const person = idCardNoOf(61, '19750505');
  const year = 2022;

  it('ends in the dead-letter queue, is counted in health, and redrive brings it back to be credited once the rules are there', async () => {
    await sendUncreditable(local, { idCardNo: person, recordId: 'HNU-2022-OLD-1', year, hundredths: 450 });

    const deadLettered = await eventually('the message in the dead-letter queue', async () => {
      const view = await health();
      return deadLettersOf(view, 'completions')?.depth === 1 ? view : undefined;
    });
    await local.hub.idle();
    expect(deadLettered.deadLetters).toEqual([
      expect.objectContaining({ queue: 'completions', depth: 1, sampled: 1, lastRedrive: null }),
      expect.objectContaining({ queue: 'replays', depth: 0, oldestAgeSeconds: null, lastRedrive: null }),
    ]);
    expect(deadLettered.deadLetters[0].oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(deadLettered.deadLetters[0].oldestAgeSeconds).toBeLessThan(60);
    expect(deadLettered.status).toBe('attention');
    expect(deadLettered.attention).toContain(
      `completions dead-letter queue holds 1 message(s), the oldest ${deadLettered.deadLetters[0].oldestAgeSeconds} s old: fix the cause, then POST /ops/dead-letters/redrive`,
    );
    // Every failed attempt is counted against the platform, and the queue gave up after maxReceiveCount.
    const hnu = (await health()).platforms.find((p: { platform: string }) => p.platform === 'hnu');
    expect(hnu.last24h.failed).toBe(queues.completions.deadLetter.maxReceiveCount);
    // Looking at it (health's peek) does not take it out of the queue.
    expect((await health()).deadLetters[0].depth).toBe(1);

    const removeRules = addRulesFor(year);
    try {
      await expectRedriveOfOne('completions');

      const ledger = await eventually('the redriven message credited', async () => {
        const ledger = await addedYearLedgerOf(person, year);
        return ledger.entries === 1 ? ledger : undefined;
      });
      expect(ledger).toMatchObject({ year, professionalHours: 4.5, totalHours: 4.5, byPlatform: { hnu: 4.5 } });
      await local.hub.idle();
      const after = await health();
      expect(after.deadLetters[0]).toMatchObject({
        depth: 0,
        oldestAgeSeconds: null,
        lastRedrive: { status: 'COMPLETED', moved: 1 },
      });
      expect(after.attention.filter((line: string) => line.startsWith('completions dead-letter queue'))).toEqual([]);

      // Nothing left to move: no task is started.
      expectNothingToRedrive(await opsPost(local.hub.baseUrl, '/ops/dead-letters/redrive'));
    } finally {
      removeRules();
    }
  });
});

describe('a bulk replay chunk that keeps failing', () => {
  const person = idCardNoOf(62, '19760606');
  const recordId = 'HNU-2023-DLQ-1';

  it('ends in the replays dead-letter queue with its job running; redrive brings it back and the job finishes', async () => {
    const rejected = await postHnu(local.hub.baseUrl, hnu2023BodyOf(person, recordId), { eventId: 'evt_dlq_replay_1' });
    expect(rejected.body).toMatchObject({ status: 'rejected' });
    local.replayWorker.down = true;
    const started = await opsPostJson(local.hub.baseUrl, '/ops/failures/replay', {
      platform: 'hnu',
      reasonCode: 'no-rules-for-year',
    });
    expect(started).toMatchObject({ status: 202, body: { matched: 1 } });
    const jobId: string = started.body.jobId;

    const deadLettered = await eventually('the chunk in the replays dead-letter queue', async () => {
      const view = await health();
      return deadLettersOf(view, 'replays')?.depth === 1 ? view : undefined;
    });
    await local.hub.idle();
    expect(deadLettersOf(deadLettered, 'replays')?.oldestAgeSeconds).toBeGreaterThanOrEqual(0);
    expect(deadLettered.attention).toContain(
      `replays dead-letter queue holds 1 message(s), the oldest ${deadLettersOf(deadLettered, 'replays')?.oldestAgeSeconds} s old: fix the cause, then POST /ops/dead-letters/redrive`,
    );
    expect((await opsGet(local.hub.baseUrl, `/ops/jobs/${jobId}`)).body).toMatchObject({
      status: 'running',
      replayed: 0,
    });

    local.replayWorker.down = false;
    await expectRedriveOfOne('replays');
    const done = await eventually(`job ${jobId} to finish`, async () => {
      const job = (await opsGet(local.hub.baseUrl, `/ops/jobs/${jobId}`)).body;
      return job.status === 'done' ? job : undefined;
    });
    // 2023 still has no rules: the failure is replayed and fails again, once.
    expect(done).toMatchObject({ matched: 1, replayed: 1, credited: 0, stillFailing: 1 });
    await local.hub.idle();
    expect(deadLettersOf(await health(), 'replays')).toMatchObject({
      depth: 0,
      lastRedrive: { status: 'COMPLETED', moved: 1 },
    });
  });
});

describe('poll now', () => {
  it("answers in the hub's error format", async () => {
    const answer = await opsPost(local.hub.baseUrl, '/ops/pollers/wangti/run');
    expect([200, 202, 409, 502, 503]).toContain(answer.status);
    if (answer.status >= 400)
      expect(answer.body.error).toEqual({
        code: expect.any(String),
        message: expect.any(String),
        details: expect.any(Array),
      });
  });
});
