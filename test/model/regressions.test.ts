/**
 * The model test's findings (/work/notes/model-findings.md) and issue 11's examples as named
 * cases: each goes through the real webhooks and poller and must agree with the model, and
 * states the behaviour it is about in figures of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLedgers, type CaseRun } from './compare.js';
import {
  at,
  caseOf,
  freshCase,
  hnuCompletion,
  hnuRevocation,
  jxnuBatch,
  jxnuRecord,
  minutesFromNow,
  wangtiPage,
  wangtiRow,
} from './factories.js';
import { startModelHarness, type ModelHarness } from './harness.js';
import { modelOf } from './spec/ledgers.js';
import { failuresSince, opsPost, portalPost } from './wire/hub-client.js';

let harness: ModelHarness;

beforeAll(async () => {
  harness = await startModelHarness();
});
afterAll(async () => {
  await harness?.stop();
});

const ledgerOf = async (idCardNo: string, year = 2025) =>
  (await portalPost(harness.access, '/v1/ledgers/query', { year, idCardNos: [idCardNo] })).body.ledgers[0];

const runAgreeing = async (...cases: Parameters<ModelHarness['runCases']>[0]) => {
  const report = await harness.runCases(cases);
  expect(report.discrepancies).toEqual([]);
  return report;
};

describe('model findings and issue 11 examples, through the real pipeline', () => {
  it('F1: a jxnu record of 4,501 minutes is rejected alone naming xxsc; the rest of its batch is credited', async () => {
    const c = freshCase();
    const report = await runAgreeing(
      caseOf(c, [
        jxnuBatch(`M${c.caseNo}`, [
          jxnuRecord({ xh: c.recordId(0), sfzh: c.people[0]!, xxsc: 4_501 }),
          jxnuRecord({ xh: c.recordId(1), sfzh: c.people[0]!, xxsc: 4_500, kcdm: 'K-2' }),
        ]),
      ]),
    );
    expect(report.runs[0]!.answers[0]!.body.results).toEqual([
      { xh: c.recordId(0), status: 'rejected', error: expect.stringContaining('xxsc') },
      { xh: c.recordId(1), status: 'accepted' },
    ]);
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 100, entries: 1 });
  });

  it('F2: an hnu withdrawal dated 20 minutes ahead is quarantined naming occurredAt and leaves the completion counted', async () => {
    const c = freshCase();
    await runAgreeing(
      caseOf(c, [
        hnuCompletion({
          recordId: c.recordId(0),
          idCardNo: c.people[0]!,
          occurredAtMs: at('2025-06-01T10:00:00+08:00'),
        }),
        hnuRevocation(c.recordId(0), minutesFromNow(20)),
      ]),
    );
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 6, entries: 1 });
  });

  it('F2: a wangti row whose 更新时间 is 20 minutes ahead is quarantined; the earlier version stands and the page goes on', async () => {
    const c = freshCase();
    const row = (n: number, updatedAtMs: number, withdrawn = false) =>
      wangtiRow({ id: c.recordId(n), idCardNo: c.people[0]!, updatedAtMs, withdrawn, courseCode: `K-${n}` });
    await runAgreeing(
      caseOf(c, [
        wangtiPage([
          row(0, at('2025-06-01T10:00:00+08:00')),
          row(0, minutesFromNow(20), true),
          row(1, at('2025-06-02T10:00:00+08:00')),
        ]),
      ]),
    );
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 5, entries: 2 });
  });

  it('F2: a version quarantined for being ahead is credited when replayed once its time has come', async () => {
    const c = freshCase();
    // 10 minutes and 8 seconds ahead when sent: quarantined; 10 s later it is within the tolerance.
    const ahead = hnuCompletion({
      recordId: c.recordId(0),
      idCardNo: c.people[0]!,
      occurredAtMs: Math.floor((Date.now() + 608_000) / 1000) * 1000,
    });
    const sinceIso = new Date(Date.now() - 1_000).toISOString();
    await runAgreeing(caseOf(c, [ahead]));
    expect((await ledgerOf(c.people[0]!)).entries).toBe(0);
    const [failure] = (await failuresSince(harness.access, 'hnu', sinceIso)).filter(
      (f) => f.recordId === c.recordId(0),
    );
    expect(failure?.message).toContain('occurredAt');
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    const replay = await opsPost(harness.access, `/ops/failures/${failure!.id}/replay`);
    expect(replay.status).toBe(200);
    await harness.idle();
    const replayed: CaseRun = {
      rendered: caseOf(c, [ahead]),
      model: modelOf([{ delivery: ahead, receivedAtMs: Date.now() }]),
      answers: [],
    };
    expect(await compareLedgers(harness.access, [replayed])).toEqual([]);
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 6, entries: 1 });
  }, 60_000);

  it('F3: in one jxnu batch the later record of an xh wins: created then withdrawn is withdrawn, withdrawn then created counts', async () => {
    const c = freshCase(2);
    const valid = (n: number, person: number, zt: 0 | 1) =>
      jxnuRecord({ xh: c.recordId(n), sfzh: c.people[person]!, zt });
    await runAgreeing(
      caseOf(c, [jxnuBatch(`M${c.caseNo}`, [valid(0, 0, 1), valid(0, 0, 0), valid(1, 1, 0), valid(1, 1, 1)])]),
    );
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 0, entries: 0 });
    expect(await ledgerOf(c.people[1]!)).toMatchObject({ professionalHours: 3, entries: 1 });
  });

  it('F3: two wangti rows of one 流水号 with one 更新时间 on a page: the later row wins', async () => {
    const c = freshCase();
    const updatedAtMs = at('2025-06-03T10:00:00+08:00');
    await runAgreeing(
      caseOf(c, [
        wangtiPage([
          wangtiRow({ id: c.recordId(0), idCardNo: c.people[0]!, updatedAtMs, hours: '2.5' }),
          wangtiRow({ id: c.recordId(0), idCardNo: c.people[0]!, updatedAtMs, hours: '4' }),
        ]),
      ]),
    );
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 4, entries: 1 });
  });

  it('F4: a 0-学时 entry is not a counted entry and does not make a later completion of its course a repeat', async () => {
    const c = freshCase();
    const early = at('2025-03-01T09:00:00+08:00');
    await runAgreeing(
      caseOf(c, [
        jxnuBatch(`M${c.caseNo}`, [
          jxnuRecord({ xh: c.recordId(0), sfzh: c.people[0]!, xxsc: 44, wcsjMs: early }),
          jxnuRecord({ xh: c.recordId(1), sfzh: c.people[0]!, xxsc: 90 }),
        ]),
      ]),
    );
    expect(await ledgerOf(c.people[0]!)).toMatchObject({ professionalHours: 2, entries: 1 });
  });
});
