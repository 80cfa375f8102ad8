/**
 * Failures through the local runtime: a bad record shows up in /ops/failures with its reason
 * and a masked payload; after the rule data is fixed, replay credits it exactly once.
 *
 * The replay scenario: an hnu completion from 2023 arrives while the hub has no 2023 rules
 * (rules.md keeps each year's rules as data), so it is rejected naming the credit year. The
 * operator replays it: still rejected. The 2023 rules are then deployed (here: added to the
 * rule book the in-process handlers read, test/support/rule-book.ts), the replay credits it,
 * and a second replay changes nothing on the ledger.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { hubSqsClient, startTestHub } from '../support/local-hub.js';
import { idCardNoOf } from '../support/completions.js';
import { devKeys, exampleText, postHnu } from '../support/hub-client.js';
import { eventually, expectIdChecked, opsGet, opsPost } from '../support/ops-client.js';
import { addedYearLedgerOf } from '../support/added-year-ledger.js';
import { addRulesFor } from '../support/rule-book.js';
import { hnu2023BodyOf, hnuBodyOf } from '../support/hnu-bodies.js';
import { runOps } from '../../scripts/ops/commands.js';

let hub: RunningHub;
let sqs: SQSClient;

beforeAll(async () => {
  hub = await startTestHub({
    env: { HUB_ACTIVITY_FLUSH_SECONDS: '0' },
  });
  sqs = hubSqsClient(hub);
});
afterAll(async () => {
  sqs?.destroy();
  await hub?.stop();
});

const exampleId = '36042119850315002X';
/** The example's number with a wrong check character (the right one is X). */
const badId = '360421198503150021';

const failuresOf = async (query: string) => {
  const answer = await opsGet(hub.baseUrl, `/ops/failures${query}`);
  expect(answer.status).toBe(200);
  return answer;
};

describe('the operators API', () => {
  it("asks for an ops key: none, a wrong one or a portal key is a 401 in the hub's error format", async () => {
    for (const key of ['', 'wrong-key', devKeys.portal]) {
      const answer = await opsGet(hub.baseUrl, '/ops/health', key);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String), details: [] } });
    }
  });

  it("names a bad query parameter in the hub's error format", async () => {
    const answer = await opsGet(hub.baseUrl, '/ops/failures?limit=500&platform=moodle');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid-request');
    expect(answer.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['limit', 'platform']);
  });
});

describe('a bad hnu record', () => {
  it('shows up in /ops/failures with its reason and a payload whose ID number and name are masked', async () => {
    const answer = await postHnu(
      hub.baseUrl,
      hnuBodyOf({ '36042119850315002x': badId, 'HNU-2024-0000123': 'HNU-BAD-ID-1' }),
      { eventId: 'evt_bad_id' },
    );
    expect(answer.body).toMatchObject({
      status: 'rejected',
      error: 'data.learner.idCardNo: check character does not match',
    });

    const listed = await failuresOf('?platform=hnu');
    const failure = listed.body.failures.find((f: { recordId: string }) => f.recordId === 'HNU-BAD-ID-1');
    expect(failure).toMatchObject({
      id: expect.stringMatching(/^f_/),
      platform: 'hnu',
      stage: 'record',
      reasonCode: 'id-check-character',
      message: 'data.learner.idCardNo: check character does not match',
      status: 'open',
      replays: [],
      input: {
        kind: 'hnu-event',
        payload: {
          data: { recordId: 'HNU-BAD-ID-1', learner: { idCardNo: '****0021', name: '***' }, course: { credits: 6 } },
        },
      },
    });
    expect(Date.parse(failure.failedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Nowhere in the answer: not the number, not its first 14 characters, not the name.
    expect(listed.text).not.toContain(badId);
    expect(listed.text).not.toContain(badId.slice(0, 14));
    expect(listed.text).not.toContain('张三');
  });

  it('a body that is not JSON is kept too, and found by its reason', async () => {
    const answer = await postHnu(hub.baseUrl, `{"data":{"learner":{"idCardNo":"${exampleId}","name":"张三"}`, {
      eventId: 'evt_not_json',
    });
    expect(answer.status).toBe(400);
    const listed = await failuresOf('?reason=invalid-body');
    expect(listed.body.failures).toHaveLength(1);
    expect(listed.body.failures[0]).toMatchObject({
      platform: 'hnu',
      stage: 'webhook',
      reasonCode: 'invalid-body',
      input: { payload: '{"data":{"learner":{"idCardNo":"****002X","name":"***"}' },
    });
    expect(listed.text).not.toContain(exampleId);
    expect((await failuresOf('?reason=invalid-body&platform=jxnu')).body.failures).toEqual([]);
  });

  it('pages newest first with an opaque cursor until there is none', async () => {
    const all = (await failuresOf('?limit=200')).body.failures.map((f: { id: string }) => f.id);
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof failuresOf>> = await failuresOf(
        `?limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      paged.push(...page.body.failures.map((f: { id: string }) => f.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null && paged.length < 50);
    expect(paged).toEqual(all);
    expect([...all].sort().reverse()).toEqual(all);
  });
});

describe('replay after the rule data is fixed', () => {
  const person = idCardNoOf(23, '19900101');
  const body2023 = () => hnu2023BodyOf(person, 'HNU-2023-LATE-1');

  it('rejects a 2023 completion while there are no 2023 rules, then credits it exactly once after they are added', async () => {
    const posted = await postHnu(hub.baseUrl, body2023(), { eventId: 'evt_2023' });
    expect(posted.body).toMatchObject({
      status: 'rejected',
      error: 'data.completedAt: no rules are configured for credit year 2023',
    });
    const failure = (await failuresOf('?platform=hnu')).body.failures.find(
      (f: { recordId: string }) => f.recordId === 'HNU-2023-LATE-1',
    );
    expect(failure.message).toBe('data.completedAt: no rules are configured for credit year 2023');

    // Replayed before the fix: rejected again, still open, the attempt on record.
    const early = await opsPost(hub.baseUrl, `/ops/failures/${failure.id}/replay`);
    expect(early.status).toBe(200);
    expect(early.body.replay).toMatchObject({
      outcome: 'rejected',
      message: 'data.completedAt: no rules are configured for credit year 2023',
    });
    expect(early.body.failure).toMatchObject({ status: 'open', replays: [{ outcome: 'rejected' }] });

    const removeRules = addRulesFor(2023);
    try {
      const replayed = await opsPost(hub.baseUrl, `/ops/failures/${failure.id}/replay`);
      expect(replayed.body.replay).toEqual({
        outcome: 'enqueued',
        message: 'record HNU-2023-LATE-1 enqueued',
        versions: 1,
      });
      expect(replayed.body.failure).toMatchObject({
        status: 'replayed',
        replays: [{ outcome: 'rejected' }, { outcome: 'enqueued' }],
      });
      expect(replayed.text).not.toContain(person);
      await hub.idle();
      const credited = await addedYearLedgerOf(person, 2023);
      expect(credited).toMatchObject({
        year: 2023,
        professionalHours: 6,
        totalHours: 6,
        entries: 1,
        byPlatform: { hnu: 6 },
      });

      // Again: the ledger dedupes the same version, nothing changes.
      const again = await opsPost(hub.baseUrl, `/ops/failures/${failure.id}/replay`);
      expect(again.body.replay.outcome).toBe('enqueued');
      expect(again.body.failure.replays).toHaveLength(3);
      await hub.idle();
      expect(await addedYearLedgerOf(person, 2023)).toEqual(credited);

      // The list shows the history.
      const listed = (await failuresOf('?platform=hnu')).body.failures.find((f: { id: string }) => f.id === failure.id);
      expect(listed).toMatchObject({
        status: 'replayed',
        replays: [{ outcome: 'rejected' }, { outcome: 'enqueued' }, { outcome: 'enqueued' }],
      });
    } finally {
      removeRules();
    }
  });

  it('answers 404 for a failure that does not exist, and 400 for an id that is not one', async () => {
    const replay = (id: string) => opsPost(hub.baseUrl, `/ops/failures/${id}/replay`);
    await expectIdChecked(replay, 'f_0000000000deadbeef', 'failureId');
  });
});

describe('a malformed queue message', () => {
  it('is set aside as a failure of platform unknown, and its replay is rejected again while it stays malformed', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: hub.queueUrl('completions'),
        MessageBody: JSON.stringify({ kind: 'completion-versions', versions: [] }),
      }),
    );
    await hub.idle();
    const failure = await eventually(
      'the malformed message as a failure',
      async () => (await failuresOf('?platform=unknown')).body.failures[0],
    );
    expect(failure).toMatchObject({
      platform: 'unknown',
      stage: 'consumer',
      reasonCode: 'malformed-message',
      input: { kind: 'queue-message', payload: { kind: 'completion-versions', versions: [] } },
    });
    const replayed = await opsPost(hub.baseUrl, `/ops/failures/${failure.id}/replay`);
    expect(replayed.body.replay).toMatchObject({
      outcome: 'rejected',
      message: expect.stringMatching(/^message\.versions: /),
    });
    expect(replayed.body.failure.status).toBe('open');
    // Counted in health under the platform it names: none.
    const unknown = (await opsGet(hub.baseUrl, '/ops/health')).body.platforms.find(
      (p: { platform: string }) => p.platform === 'unknown',
    );
    expect(unknown).toMatchObject({ platform: 'unknown', last24h: { failed: 1 }, status: 'attention' });
  });
});

describe('health', () => {
  it('counts refused deliveries and rejected records per platform, and marks the last delivery', async () => {
    expect(
      (await postHnu(hub.baseUrl, exampleText('hnu-completion-created.json'), { secret: 'not-the-secret' })).status,
    ).toBe(401);
    const health = await opsGet(hub.baseUrl, '/ops/health');
    expect(health.status).toBe(200);
    const hnu = health.body.platforms.find((p: { platform: string }) => p.platform === 'hnu');
    expect(hnu.last24h).toMatchObject({ unauthorized: 1, rejected: 3 });
    expect(hnu.last24h.received).toBeGreaterThanOrEqual(3);
    expect(Date.parse(hnu.lastDeliveryAt)).toBeGreaterThan(Date.now() - 120_000);
    expect(hnu.status).toBe('attention');
    expect(health.body.platforms.map((p: { platform: string }) => p.platform)).toEqual(
      expect.arrayContaining(['hnu', 'jxnu', 'wangti']),
    );
    expect(health.body.deadLetters).toEqual([
      expect.objectContaining({ queue: 'completions', depth: 0, oldestAgeSeconds: null }),
      expect.objectContaining({ queue: 'replays', depth: 0, oldestAgeSeconds: null }),
    ]);
  });
});

describe("the operator's command line", () => {
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runOps(argv, { baseUrl: hub.baseUrl, key: devKeys.ops }, (line) => lines.push(line));
    return { code, text: lines.join('\n') };
  };

  it('prints health as tables, answering 1 while something needs attention', async () => {
    const { code, text } = await run('health');
    expect(code).toBe(1);
    expect(text).toMatch(/^Hub health at .* NEEDS ATTENTION/);
    expect(text).toMatch(/\nhnu\s+attention\s+/);
    expect(text).toMatch(/\ncompletions\s+0\s+0\s+-\s+-/);
  });

  it('lists failures with masked payloads and replays one', async () => {
    const listed = await run('failures', '--platform', 'hnu', '--reason', 'id-check-character', '--payload');
    expect(listed.code).toBe(0);
    expect(listed.text).toContain('HNU-BAD-ID-1');
    expect(listed.text).toContain('"idCardNo": "****0021"');
    expect(listed.text).not.toContain(badId);
    const id = /(f_[0-9a-z]{18})/.exec(
      listed.text.split('\n').find((line) => line.includes('HNU-BAD-ID-1')) ?? '',
    )?.[1];
    const replayed = await run('replay', id as string);
    expect(replayed.code).toBe(1);
    expect(replayed.text).toContain(`replay of ${id}: rejected: data.learner.idCardNo: check character does not match`);
  });

  it('says so, and answers 1, with a wrong key or no hub', async () => {
    const lines: string[] = [];
    expect(await runOps(['health'], { baseUrl: hub.baseUrl, key: 'wrong-key' }, (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toMatch(/^ops: GET \/ops\/health answered 401 unauthorized: /);
    expect(await runOps(['redrive'], { baseUrl: 'http://127.0.0.1:9', key: 'k' }, (line) => lines.push(line))).toBe(1);
    expect(lines[1]).toMatch(/^ops: POST \/ops\/dead-letters\/redrive: could not reach the hub/);
  });
});
