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
import type { RenderedCase } from './deliveries.js';
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

type FreshCase = ReturnType<typeof freshCase>;

/** A case that only needs the ledgers its people end with (2025), once the pipeline agrees with the model. */
interface LedgerCase {
  readonly title: string;
  readonly people?: number;
  /** Made when the case runs: times relative to now are read then. */
  readonly deliveries: (c: FreshCase) => RenderedCase['deliveries'];
  /** Per person of the case, in order. */
  readonly ledgers: readonly { readonly professionalHours: number; readonly entries: number }[];
}

const ledgerCases: readonly LedgerCase[] = [
  {
    title:
      'F2: an hnu withdrawal dated 20 minutes ahead is quarantined naming occurredAt and leaves the completion counted',
    deliveries: (c) => [
      hnuCompletion({ recordId: c.recordId(0), idCardNo: c.people[0]!, occurredAtMs: at('2025-06-01T10:00:00+08:00') }),
      hnuRevocation(c.recordId(0), minutesFromNow(20)),
    ],
    ledgers: [{ professionalHours: 6, entries: 1 }],
  },
  {
    title:
      'F2: a wangti row whose 更新时间 is 20 minutes ahead is quarantined; the earlier version stands and the page goes on',
    deliveries: (c) => {
      const row = (n: number, updatedAtMs: number, withdrawn = false) =>
        wangtiRow({ id: c.recordId(n), idCardNo: c.people[0]!, updatedAtMs, withdrawn, courseCode: `K-${n}` });
      return [
        wangtiPage([
          row(0, at('2025-06-01T10:00:00+08:00')),
          row(0, minutesFromNow(20), true),
          row(1, at('2025-06-02T10:00:00+08:00')),
        ]),
      ];
    },
    ledgers: [{ professionalHours: 5, entries: 2 }],
  },
  {
    title:
      'F3: in one jxnu batch the later record of an xh wins: created then withdrawn is withdrawn, withdrawn then created counts',
    people: 2,
    deliveries: (c) => {
      const valid = (n: number, person: number, zt: 0 | 1) =>
        jxnuRecord({ xh: c.recordId(n), sfzh: c.people[person]!, zt });
      return [jxnuBatch(`M${c.caseNo}`, [valid(0, 0, 1), valid(0, 0, 0), valid(1, 1, 0), valid(1, 1, 1)])];
    },
    ledgers: [
      { professionalHours: 0, entries: 0 },
      { professionalHours: 3, entries: 1 },
    ],
  },
  {
    title: 'F3: two wangti rows of one 流水号 with one 更新时间 on a page: the later row wins',
    deliveries: (c) => {
      const updatedAtMs = at('2025-06-03T10:00:00+08:00');
      return [
        wangtiPage([
          wangtiRow({ id: c.recordId(0), idCardNo: c.people[0]!, updatedAtMs, hours: '2.5' }),
          wangtiRow({ id: c.recordId(0), idCardNo: c.people[0]!, updatedAtMs, hours: '4' }),
        ]),
      ];
    },
    ledgers: [{ professionalHours: 4, entries: 1 }],
  },
  {
    title: 'F4: a 0-学时 entry is not a counted entry and does not make a later completion of its course a repeat',
    deliveries: (c) => [
      jxnuBatch(`M${c.caseNo}`, [
        jxnuRecord({ xh: c.recordId(0), sfzh: c.people[0]!, xxsc: 44, wcsjMs: at('2025-03-01T09:00:00+08:00') }),
        jxnuRecord({ xh: c.recordId(1), sfzh: c.people[0]!, xxsc: 90 }),
      ]),
    ],
    ledgers: [{ professionalHours: 2, entries: 1 }],
  },
];

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

  // A loop, not it.each: it.each would quote the titles and cut them at 40 characters.
  for (const { title, people, deliveries, ledgers } of ledgerCases)
    it(title, async () => {
      const c = freshCase(people);
      await runAgreeing(caseOf(c, deliveries(c)));
      for (const [person, ledger] of ledgers.entries()) expect(await ledgerOf(c.people[person]!)).toMatchObject(ledger);
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
});
