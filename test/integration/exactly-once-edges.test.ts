/**
 * Issue 11's examples through the real webhooks and poller on the local runtime (DynamoDB
 * Local, SQS server), as rules.md now says: one record over the hours limit rejected alone, a
 * record created and withdrawn in one jxnu batch (every time), a version dated in the future
 * quarantined and never pinning its record, a 0-学时 record that claims no course, and the
 * topic-drift metric emitted.
 */
import { randomBytes } from 'node:crypto';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import { wangtiTimeOf } from '../../sim/times.js';
import { idCardNoOf } from '../support/completions.js';
import { portalLedgerOf, postHnu, postJxnu as postSignedJxnu } from '../support/hub-client.js';
import { opsGet, opsPost } from '../support/ops-client.js';
import { jxnuRecordOf } from '../support/platform-payloads.js';

let hub: RunningHub;
let exportServer: WangtiServer;

beforeAll(async () => {
  exportServer = await startWangtiServer({ token: 'dev-wangti-token' });
  hub = await startTestHub({
    env: { WANGTI_BASE_URL: exportServer.url },
  });
});
afterAll(async () => {
  await hub?.stop();
  await exportServer?.stop();
});

let people = 0;
/** A fresh person for each case, so no case sees another's ledger. */
const nextPerson = (): string => {
  people += 1;
  return idCardNoOf(700 + people, '19790412');
};

const postJxnu = async (records: readonly Record<string, unknown>[]) => {
  const body = JSON.stringify({ batch_no: `EDGE-${randomBytes(3).toString('hex')}`, records });
  const answer = await postSignedJxnu(hub.baseUrl, body, {
    appId: hub.env.JXNU_APP_ID as string,
    secret: hub.env.JXNU_APP_SECRET as string,
  });
  return answer as { status: number; body: { results: Array<{ xh: string; status: string; error?: string }> } };
};

/** A valid jxnu record of the person `sfzh`, on a course of its own. */
const jxnuRecord = (sfzh: string, xh: string, overrides: Record<string, unknown> = {}) =>
  jxnuRecordOf({ xh, sfzh, kcdm: `K-${xh}`, ...overrides });

const hnuEvent = (idCardNo: string, recordId: string, occurredAt: string, credits: number | string) => ({
  event: 'completion.updated',
  eventId: `evt_${recordId}_${occurredAt}`,
  occurredAt,
  data: {
    recordId,
    learner: { idCardNo, name: '测试' },
    course: { code: `C-${recordId}`, title: '新能源', subject: '专业科目', topic: '新能源', credits },
    completedAt: '2024-05-01T10:00:00+08:00',
    examPassed: true,
  },
});

const ledgerOf = async (idCardNo: string, year = 2024) => {
  await hub.idle();
  return portalLedgerOf(hub.baseUrl, idCardNo, year);
};

const failuresFor = async (platform: string, recordId: string) =>
  (
    (await opsGet(hub.baseUrl, `/ops/failures?platform=${platform}&limit=200`)).body.failures as Array<{
      recordId: string;
      reasonCode: string;
      message: string;
      id: string;
      status: string;
    }>
  ).filter((f) => f.recordId === recordId);

describe('one record over the hours limit in a jxnu batch', () => {
  it('is rejected alone, named and kept; the batch answers 200 and the other records count', async () => {
    const sfzh = nextPerson();
    const answer = await postJxnu([
      jxnuRecord(sfzh, 'EDGE-L1', { xxsc: 5000 }),
      jxnuRecord(sfzh, 'EDGE-L2', { xxsc: 4500 }),
      jxnuRecord(sfzh, 'EDGE-L3', { xxsc: 4501 }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.results.map((r) => [r.xh, r.status, r.error])).toEqual([
      ['EDGE-L1', 'rejected', 'xxsc: more than 4,500 minutes (100 学时)'],
      ['EDGE-L2', 'accepted', undefined],
      ['EDGE-L3', 'rejected', 'xxsc: more than 4,500 minutes (100 学时)'],
    ]);
    expect(await ledgerOf(sfzh)).toMatchObject({ professionalHours: 100, entries: 1 });
    expect((await failuresFor('jxnu', 'EDGE-L1')).map((f) => f.reasonCode)).toEqual(['hours-out-of-range']);
  });
});

describe('a jxnu record created and withdrawn in one batch', () => {
  it('is withdrawn every time, and a record withdrawn and re-sent valid in one batch counts every time', async () => {
    for (let round = 0; round < 6; round += 1) {
      const sfzh = nextPerson();
      const answer = await postJxnu([
        jxnuRecord(sfzh, `EDGE-W${round}`),
        jxnuRecord(sfzh, `EDGE-W${round}`, { zt: 0 }),
        jxnuRecord(sfzh, `EDGE-V${round}`, { zt: 0 }),
        jxnuRecord(sfzh, `EDGE-V${round}`, { xxsc: 90 }),
      ]);
      expect(answer.body.results.every((r) => r.status === 'accepted')).toBe(true);
      expect(await ledgerOf(sfzh), `round ${round}`).toMatchObject({ professionalHours: 2, entries: 1 });
    }
  });
});

describe('a version dated in the future', () => {
  it('hnu: is quarantined with its reason and never outranks a later real correction', async () => {
    const idCardNo = nextPerson();
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect(
      (await postHnu(hub.baseUrl, JSON.stringify(hnuEvent(idCardNo, 'EDGE-F1', '2024-05-01T11:00:00+08:00', 6)))).body
        .status,
    ).toBe('accepted');
    const future = await postHnu(hub.baseUrl, JSON.stringify(hnuEvent(idCardNo, 'EDGE-F1', tomorrow, 50)));
    expect(future.body).toMatchObject({
      status: 'rejected',
      error: 'occurredAt: is more than 10 minutes in the future',
    });
    expect(
      await postHnu(hub.baseUrl, JSON.stringify(hnuEvent(idCardNo, 'EDGE-F1', new Date().toISOString(), 4.5))),
    ).toMatchObject({ body: { status: 'accepted' } });
    expect(await ledgerOf(idCardNo)).toMatchObject({ professionalHours: 4.5, entries: 1 });
    expect((await failuresFor('hnu', 'EDGE-F1')).map((f) => f.reasonCode)).toEqual(['version-in-future']);
  });

  it('hnu: replayed once its time has come, it is taken', async () => {
    const idCardNo = nextPerson();
    const soon = new Date(Date.now() + 10 * 60_000 + 4_000).toISOString();
    expect((await postHnu(hub.baseUrl, JSON.stringify(hnuEvent(idCardNo, 'EDGE-F2', soon, 3)))).body.status).toBe(
      'rejected',
    );
    const [failure] = await failuresFor('hnu', 'EDGE-F2');
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const replayed = await opsPost(hub.baseUrl, `/ops/failures/${failure?.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(await ledgerOf(idCardNo)).toMatchObject({ professionalHours: 3, entries: 1 });
  });

  it('wangti: a row with 更新时间 tomorrow is kept as a failure, and the page and cursor move on', async () => {
    const idCardNo = nextPerson();
    const row = (更新时间: string, 学时: string, 状态 = '有效') => ({
      流水号: 'EDGE-WT-1',
      身份证号: idCardNo,
      姓名: '测试',
      课程编号: 'WT-E-1',
      课程名称: '新材料',
      科目类别: '专业',
      专题: '新材料',
      学时,
      完成时间: '2024/05/01 10:00:00',
      状态,
      更新时间,
      培训年度: '',
    });
    const tomorrow = wangtiTimeOf(Date.now() + 86_400_000);
    exportServer.append([
      row('2024/05/01 11:00:00', '2'),
      row(tomorrow, '9'),
      row(tomorrow, '2', '撤销'),
      row(wangtiTimeOf(Date.now()), '3'),
    ]);
    const run = await opsPost(hub.baseUrl, '/ops/pollers/wangti/run');
    expect(run.body).toMatchObject({ ok: true, outcome: 'drained', rowsRejected: 2 });
    expect(await ledgerOf(idCardNo)).toMatchObject({ professionalHours: 3, entries: 1 });
    expect((await failuresFor('wangti', 'EDGE-WT-1')).map((f) => f.reasonCode)).toEqual([
      'version-in-future',
      'version-in-future',
    ]);
  });
});

describe('a 0-学时 record', () => {
  it('counts nothing and never makes a real completion of the same course a repeat', async () => {
    const sfzh = nextPerson();
    await postJxnu([
      jxnuRecord(sfzh, 'EDGE-Z1', { kcdm: 'K-SAME', xxsc: 44, wcsj: '2024-03-01 09:00:00' }),
      jxnuRecord(sfzh, 'EDGE-Z2', { kcdm: 'K-SAME', xxsc: 135, wcsj: '2024-04-01 09:00:00' }),
    ]);
    expect(await ledgerOf(sfzh)).toMatchObject({ professionalHours: 3, entries: 1 });
  });
});

describe("topics not on the year's list", () => {
  it('are counted per platform in the TopicNotOnList metric (EMF)', async () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    // In the tests Powertools writes through the global console (vitest.config.ts: POWERTOOLS_DEV), which vitest keeps per test.
    const log = console.log;
    console.log = (...args: unknown[]) => {
      written.push(format(...args));
      log(...args);
    };
    try {
      const sfzh = nextPerson();
      await postJxnu([
        jxnuRecord(sfzh, 'EDGE-T1', { ztmc: '人工智能' }),
        jxnuRecord(sfzh, 'EDGE-T2', { ztmc: '量子计算' }),
      ]);
    } finally {
      process.stdout.write = write;
      console.log = log;
    }
    const documents = written
      .flatMap((line) => line.split('\n'))
      .filter((line) => line.includes('"TopicNotOnList"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(documents.map((d) => [d.platform, d.TopicNotOnList])).toEqual([['jxnu', 2]]);
  });
});
