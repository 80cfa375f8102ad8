/**
 * A bulk replay through the local runtime: a 2023 incident (hnu completions of credit year 2023
 * while the hub has no 2023 rules) shows as one line of the failures summary; after the rules
 * are added, one job replays it through the replays queue and credits each record once, its
 * progress readable while it runs; a second job over the same failures credits nothing.
 *
 * The replay worker is the real handler behind a gate the test opens, so "while it runs" is a
 * state the test holds, not a race it hopes to win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context, SQSEvent } from 'aws-lambda';
import type { Handler } from '../../local/invoker.js';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { idCardNoOf } from '../support/completions.js';
import { hnu2023BodyOf } from '../support/hnu-bodies.js';
import { postHnu } from '../support/hub-client.js';
import { eventually, expectIdChecked, opsGet, opsPostJson } from '../support/ops-client.js';
import { addedYearLedgerOf } from '../support/added-year-ledger.js';
import { addRulesFor } from '../support/rule-book.js';
import { runOps } from '../../scripts/ops/commands.js';
import { devKeys } from '../support/hub-client.js';

const incidentSize = 30;
const people = Array.from({ length: incidentSize }, (_, i) => idCardNoOf(400 + i, '19870202'));
const recordIdOf = (i: number) => `HNU-2023-INC-${String(i).padStart(3, '0')}`;

let hub: RunningHub;
let gate: { open: Promise<void>; release: () => void } | undefined;

const gatedWorker: Handler = async (event: SQSEvent, context: Context) => {
  await gate?.open;
  const { handler } = await import('../../functions/replay-worker.js');
  return handler(event, context);
};

beforeAll(async () => {
  hub = await startTestHub({
    env: { HUB_ACTIVITY_FLUSH_SECONDS: '0' },
    handlerOverrides: { replayWorker: gatedWorker },
  });
  for (let i = 0; i < incidentSize; i += 1) {
    const answer = await postHnu(hub.baseUrl, hnu2023BodyOf(people[i] as string, recordIdOf(i)), {
      eventId: `evt_inc_${i}`,
    });
    expect(answer.body).toMatchObject({ status: 'rejected' });
  }
});
afterAll(async () => {
  gate?.release();
  await hub?.stop();
});

const summary = async (query = '') => {
  const answer = await opsGet(hub.baseUrl, `/ops/failures/summary${query}`);
  expect(answer.status).toBe(200);
  return answer.body;
};
const jobOf = async (jobId: string) => {
  const answer = await opsGet(hub.baseUrl, `/ops/jobs/${jobId}`);
  expect(answer.status).toBe(200);
  return answer.body;
};
/** The job once it is done (the hub idle first: its chunks are off the queue). */
const jobWhenDone = async (jobId: string) => {
  await hub.idle();
  return eventually(`job ${jobId} to finish`, async () => {
    const job = await jobOf(jobId);
    return job.status === 'done' ? job : undefined;
  });
};
const hoursOf = async (idCardNo: string) => (await addedYearLedgerOf(idCardNo, 2023)).totalHours;

describe('the failures summary', () => {
  it('shows the incident as one line of open failures', async () => {
    const body = await summary();
    expect(body.total).toBe(incidentSize);
    expect(body.groups).toEqual([
      {
        platform: 'hnu',
        reasonCode: expect.any(String),
        open: incidentSize,
        replayed: 0,
        stillFailing: 0,
        total: incidentSize,
        firstFailedAt: expect.any(String),
        lastFailedAt: expect.any(String),
      },
    ]);
  });

  it('counts only the window asked for, and names a bad or upside-down window', async () => {
    expect((await summary(`?until=${encodeURIComponent('2020-01-01T00:00:00+08:00')}`)).groups).toEqual([]);
    const bad = await opsGet(hub.baseUrl, '/ops/failures/summary?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('since');
    const upsideDown = await opsGet(
      hub.baseUrl,
      `/ops/failures/summary?since=${encodeURIComponent('2026-01-02T00:00:00Z')}&until=${encodeURIComponent('2026-01-01T00:00:00Z')}`,
    );
    expect(upsideDown.status).toBe(400);
    expect(upsideDown.body.error.details).toEqual([{ field: 'since', message: 'must be before until' }]);
  });
});

describe('a bulk replay', () => {
  it('refuses unknown fields and bad filters, naming each', async () => {
    const answer = await opsPostJson(hub.baseUrl, '/ops/failures/replay', {
      platform: 'moodle',
      reasonCode: 'Not A Code',
      dryRun: 'yes',
      everything: true,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(
      ['dryRun', 'everything', 'platform', 'reasonCode'].sort(),
    );
  });

  it('previews, then replays the incident as one job that credits each record once; a second job credits nothing', async () => {
    const { reasonCode } = (await summary()).groups[0];
    const filter = { platform: 'hnu', reasonCode };
    const preview = await opsPostJson(hub.baseUrl, '/ops/failures/replay', { ...filter, dryRun: true });
    expect(preview).toMatchObject({ status: 200, body: { matched: incidentSize } });
    expect((await opsPostJson(hub.baseUrl, '/ops/failures/replay', { platform: 'jxnu', dryRun: true })).body).toEqual({
      matched: 0,
    });

    const removeRules = addRulesFor(2023);
    try {
      let release = () => {};
      gate = { open: new Promise<void>((done) => (release = done)), release: () => release() };
      const started = await opsPostJson(hub.baseUrl, '/ops/failures/replay', filter);
      expect(started.status).toBe(202);
      expect(started.body).toEqual({ jobId: expect.stringMatching(/^j_/), matched: incidentSize });
      const running = await jobOf(started.body.jobId);
      expect(running).toMatchObject({
        status: 'running',
        matched: incidentSize,
        replayed: 0,
        credited: 0,
        stillFailing: 0,
        operator: 'ops',
        filter: { platform: 'hnu', reasonCode, since: null },
      });
      gate.release();
      const done = await jobWhenDone(started.body.jobId);
      expect(done).toMatchObject({
        status: 'done',
        matched: incidentSize,
        replayed: incidentSize,
        credited: incidentSize,
        stillFailing: 0,
      });
      for (const person of [people[0], people[incidentSize - 1]]) expect(await hoursOf(person as string)).toBe(6);
      expect(await summary()).toMatchObject({ groups: [{ open: 0, replayed: incidentSize, stillFailing: 0 }] });

      const again = await opsPostJson(hub.baseUrl, '/ops/failures/replay', filter);
      expect(again.body.matched).toBe(incidentSize);
      const second = await jobWhenDone(again.body.jobId);
      expect(second).toMatchObject({ replayed: incidentSize, credited: 0, stillFailing: 0 });
      expect(await hoursOf(people[0] as string)).toBe(6);
    } finally {
      gate?.release();
      removeRules();
    }
  });

  it('counts what is rejected again as still failing', async () => {
    // The 2023 rules are gone again: the same records are rejected once more.
    const started = await opsPostJson(hub.baseUrl, '/ops/failures/replay', {
      platform: 'hnu',
      since: '2020-01-01T00:00:00Z',
    });
    expect(started.status).toBe(202);
    const done = await jobWhenDone(started.body.jobId);
    expect(done).toMatchObject({
      matched: incidentSize,
      replayed: incidentSize,
      credited: 0,
      stillFailing: incidentSize,
    });
    expect((await summary()).groups[0]).toMatchObject({ stillFailing: incidentSize, replayed: 0 });
  });

  it('answers 404 for a job that does not exist and 400 for an id that is not one', async () => {
    await expectIdChecked((id) => opsGet(hub.baseUrl, `/ops/jobs/${id}`), 'j_0000000000deadbeef', 'jobId');
  });
});

describe("the operator's command line", () => {
  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runOps(argv, { baseUrl: hub.baseUrl, key: devKeys.ops }, (line) => lines.push(line), {
      jobPollMs: 50,
    });
    return { code, text: lines.join('\n') };
  };

  it('summary prints the incident as one line and answers 1 while failures are open or still failing', async () => {
    const { code, text } = await run('summary');
    expect(code).toBe(1);
    expect(text).toMatch(new RegExp(`^Failures from .* \\(Beijing\\): ${incidentSize}\n`));
    expect(text).toMatch(new RegExp(`\nhnu\\s+\\S+\\s+0\\s+0\\s+${incidentSize}\\s+${incidentSize}\\s+\\d{4}-`));
  });

  it('replay-all previews, then follows the job to its end', async () => {
    const preview = await run('replay-all', '--platform', 'jxnu', '--dry-run');
    expect(preview).toEqual({ code: 0, text: '0 failure(s) match (platform jxnu)' });
    const removeRules = addRulesFor(2023);
    try {
      const { code, text } = await run('replay-all', '--platform', 'hnu');
      expect(code).toBe(0);
      expect(text).toMatch(
        new RegExp(
          `^${incidentSize} failure\\(s\\) match \\(platform hnu\\)\nreplaying ${incidentSize} as job (j_\\w+)`,
        ),
      );
      expect(text).toMatch(
        new RegExp(`job j_\\w+: done, replayed ${incidentSize} of ${incidentSize}, credited 0, still failing 0$`),
      );
    } finally {
      removeRules();
    }
  });
});
