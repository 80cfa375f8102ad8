/**
 * A redrive while moves are still running, through the local hub: POST /ops/dead-letters/redrive
 * answers 409 when no dead-letter queue's move could start because each queue with dead letters
 * has one running, starts what it can when only some have, and once the moves are done redrives
 * as before. Every answer is checked against the ops OpenAPI document.
 *
 * The local SQS server runs a move task on a one-second interval of its own and ends it within
 * about a second (ten when its messages are out of sight), so no test could hold a move running
 * on its clock: the hub runs here with `moveTasksHeld`, and the moves tick when the test says
 * (local/move-task-clock.ts). Everything else is the hub as it runs: the ops function, the
 * queues' consumers, the ledger writer and the replay worker.
 */
import { describe, expect, it } from 'vitest';
import { queueNames, type QueueName } from '../../infra/topology.js';
import { opsOpenApiDocument } from '../../shared/api/ops-openapi.js';
import type { QueueRedrive } from '../../shared/ops/redrive.js';
import { addedYearLedgerOf } from '../support/added-year-ledger.js';
import { idCardNoOf } from '../support/completions.js';
import { hnu2023BodyOf } from '../support/hnu-bodies.js';
import { postHnu } from '../support/hub-client.js';
import { expectNothingToRedrive, nothingToMove, sendUncreditable, useDeadLetterHub } from '../support/dead-letters.js';
import { answerJudge, type OpenApiDocument } from '../support/openapi-requests.js';
import { eventually, opsGet, opsPost, opsPostJson } from '../support/ops-client.js';
import { addRulesFor } from '../support/rule-book.js';

const local = useDeadLetterHub({ moveTasksHeld: true });

const judgeAnswer = answerJudge(JSON.parse(JSON.stringify(opsOpenApiDocument())) as OpenApiDocument, {});

/** POST /ops/dead-letters/redrive, its body held to the document's schema for the status it has. */
const redrive = async () => {
  const answer = await opsPost(local.hub.baseUrl, '/ops/dead-letters/redrive');
  expect(judgeAnswer({ method: 'POST', path: '/ops/dead-letters/redrive' }, answer.status, answer.body)).toEqual([]);
  return answer;
};

type MoveTask = { status: string; moved: number; toMove: number | null };
type QueueHealth = { queue: QueueName; depth: number; lastRedrive: MoveTask | null };
const deadLetters = async (): Promise<QueueHealth[]> => {
  const answer = await opsGet(local.hub.baseUrl, '/ops/health');
  expect(answer.status).toBe(200);
  return answer.body.deadLetters;
};
/** Waits until every queue's dead-letter queue holds what `depths` says (the consumers put them there). */
const untilDeadLettered = (depths: Readonly<Record<QueueName, number>>): Promise<QueueHealth[]> =>
  eventually(`dead-letter depths ${JSON.stringify(depths)}`, async () => {
    const queues = await deadLetters();
    return queues.every((queue) => queue.depth === depths[queue.queue]) ? queues : undefined;
  });

/** A rejected hnu record, replayed as a job while the worker is down: the job's one chunk ends in the replays dead-letter queue. */
const startDoomedReplay = async (idCardNo: string, recordId: string): Promise<string> => {
  const since = new Date().toISOString();
  const rejected = await postHnu(local.hub.baseUrl, hnu2023BodyOf(idCardNo, recordId), { eventId: `evt_${recordId}` });
  expect(rejected.body).toMatchObject({ status: 'rejected' });
  local.replayWorker.down = true;
  const started = await opsPostJson(local.hub.baseUrl, '/ops/failures/replay', { platform: 'hnu', since });
  expect(started).toMatchObject({ status: 202, body: { matched: 1 } });
  return started.body.jobId;
};

/**
 * Ticks the held moves until none is running. One tick moves a queue's message, unless the
 * health view's peek (VisibilityTimeout 0) had it out of sight for that instant: then the next does.
 */
const finishMoves = (): Promise<QueueHealth[]> =>
  eventually('every move done', async () => {
    await local.hub.tickMoveTasks();
    const queues = await deadLetters();
    return queues.every((queue) => queue.lastRedrive?.status !== 'RUNNING') ? queues : undefined;
  });

const untilJobDone = (jobId: string) =>
  eventually(`job ${jobId} done`, async () => {
    const job = (await opsGet(local.hub.baseUrl, `/ops/jobs/${jobId}`)).body;
    return job.status === 'done' ? job : undefined;
  });
const untilCredited = (idCardNo: string, year: number) =>
  eventually(`${year} credited`, async () => {
    const ledger = await addedYearLedgerOf(idCardNo, year);
    return ledger.entries === 1 ? ledger : undefined;
  });

const started = (queue: QueueName): QueueRedrive => ({
  queue,
  status: 'started',
  messagesToMove: 1,
  taskHandle: expect.any(String),
});
const stillRunning = (queue: QueueName): QueueRedrive => ({
  queue,
  status: 'already-running',
  messagesToMove: 1,
  taskHandle: expect.any(String),
});
const runningAnswer = (queues: readonly QueueName[]) => ({
  error: {
    code: 'redrive-running',
    message: `a redrive of the ${queues.join(', ')} dead-letter queue is already running (${queues.map(() => '1 still to move').join(', ')}); wait for it to finish`,
    details: [],
  },
});
const running = { status: 'RUNNING', moved: 0, toMove: 1 };
const completed = { status: 'COMPLETED', moved: 1, toMove: 1 };

describe('a redrive while every dead-letter queue has its move running', () => {
  const person = idCardNoOf(63, '19770707');
  const year = 2022;

  it('answers 409 naming each queue, leaves the moves to run, and once they are done redrives as before', async () => {
    await sendUncreditable(local, { idCardNo: person, recordId: 'HNU-2022-RUN-1', year, hundredths: 300 });
    const jobId = await startDoomedReplay(idCardNoOf(64, '19780808'), 'HNU-2023-RUN-1');
    await untilDeadLettered({ completions: 1, replays: 1 });
    await local.hub.idle();

    const first = await redrive();
    expect(first).toMatchObject({ status: 202, body: { status: 'started', messagesToMove: 2 } });
    expect(first.body.queues).toEqual(queueNames.map(started));
    const second = await redrive();
    expect(second.status).toBe(409);
    expect(second.body).toEqual(runningAnswer(queueNames));
    // The 409 started nothing and took nothing: each move is still the first one, its message waiting.
    expect(await deadLetters()).toEqual(
      queueNames.map((queue) =>
        expect.objectContaining({ queue, depth: 1, lastRedrive: expect.objectContaining(running) }),
      ),
    );

    const removeRules = addRulesFor(year);
    try {
      local.replayWorker.down = false;
      expect(await finishMoves()).toEqual(
        queueNames.map((queue) => expect.objectContaining({ queue, lastRedrive: expect.objectContaining(completed) })),
      );
      expect(await local.hub.tickMoveTasks()).toBe(0);
      expect(await untilCredited(person, year)).toMatchObject({ totalHours: 3 });
      // 2023 has no rules: the replayed failure fails again, once.
      expect(await untilJobDone(jobId)).toMatchObject({ matched: 1, replayed: 1, stillFailing: 1 });
      await local.hub.idle();
      await untilDeadLettered({ completions: 0, replays: 0 });

      expectNothingToRedrive(await redrive());
    } finally {
      removeRules();
    }
  });
});

describe('a redrive while some dead-letter queues have their move running', () => {
  const person = idCardNoOf(65, '19790909');
  const year = 2021;

  it('answers 409 when the queues still running are the only ones with dead letters, and starts the others when they have some', async () => {
    await sendUncreditable(local, { idCardNo: person, recordId: 'HNU-2021-RUN-1', year, hundredths: 300 });
    await untilDeadLettered({ completions: 1, replays: 0 });
    await local.hub.idle();
    const first = await redrive();
    expect(first.status).toBe(202);
    expect(first.body.queues).toEqual([started('completions'), nothingToMove('replays')]);
    const whileRunning = await redrive();
    expect(whileRunning.status).toBe(409);
    expect(whileRunning.body).toEqual(runningAnswer(['completions']));

    const jobId = await startDoomedReplay(idCardNoOf(66, '19801010'), 'HNU-2023-RUN-2');
    await untilDeadLettered({ completions: 1, replays: 1 });
    await local.hub.idle();
    const partly = await redrive();
    expect(partly.status).toBe(202);
    // Only the started move counts in the total; the running one says what it has still to move.
    expect(partly.body).toEqual({
      status: 'started',
      messagesToMove: 1,
      queues: [stillRunning('completions'), started('replays')],
    });

    const removeRules = addRulesFor(year);
    try {
      local.replayWorker.down = false;
      expect((await finishMoves()).map((queue) => queue.lastRedrive)).toEqual([
        expect.objectContaining(completed),
        expect.objectContaining(completed),
      ]);
      expect(await untilCredited(person, year)).toMatchObject({ totalHours: 3 });
      expect(await untilJobDone(jobId)).toMatchObject({ matched: 1, replayed: 1, stillFailing: 1 });
      await local.hub.idle();
      await untilDeadLettered({ completions: 0, replays: 0 });
    } finally {
      removeRules();
    }
  });
});
