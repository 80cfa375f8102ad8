/**
 * The operators API with the other two platforms, through the local runtime: poll-now reads a
 * wangti export (a stub serving one page), health shows the poller's cursor, success and lag,
 * the bad rows are failures with masked payloads; a wangti row and a jxnu record rejected for
 * a year without rules are credited exactly once by replay after the 2023 rules are added
 * (test/support/rule-book.ts stands in for deploying shared/rules/years/2023.json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { answerOf } from '../support/answer.js';
import { startOnePageExport, type OnePageExport } from '../support/one-page-export.js';
import { signedJxnuHeaders } from '../../shared/platforms/jxnu/signature.js';
import { idCardNoOf } from '../support/completions.js';
import { devKeys, portalLedgerOf } from '../support/hub-client.js';
import { opsGet, opsPost } from '../support/ops-client.js';
import { addedYearLedgerOf } from '../support/added-year-ledger.js';
import { addRulesFor } from '../support/rule-book.js';
import { runOps } from '../../scripts/ops/commands.js';

const wangtiToken = 'ops-test-wangti-token';
const good = idCardNoOf(301, '19820202');
const late = idCardNoOf(302, '19830303');
const badId = `${idCardNoOf(303, '19840404').slice(0, 17)}${idCardNoOf(303, '19840404').endsWith('1') ? '2' : '1'}`;
const jxnuPerson = idCardNoOf(304, '19850505');

const header = '\uFEFF流水号,身份证号,姓名,课程编号,课程名称,科目类别,专题,学时,完成时间,状态,更新时间,培训年度';
const firstPage = [
  header,
  `WT-OPS-1,${good},王五,WT-ZY-0815,"新材料""双碳""路径，案例",专业,新材料,2.5,2024/12/31 23:59:59,有效,2024/12/31 23:59:59,`,
  `WT-OPS-2023,${late},孙七,WT-ZY-0816,新材料导论,专业,新材料,3,2023/05/01 10:00:00,有效,2023/05/01 10:00:00,`,
  `WT-OPS-BAD,${badId},周八,WT-ZY-0817,新材料进阶,专业,新材料,1.5,2024/05/01 10:00:00,有效,2024/05/01 10:00:00,`,
].join('\r\n');

/** The wangti export as platforms.md has it: one page, then drained at the same cursor. */
let wangtiExport: OnePageExport | undefined;

let hub: RunningHub;
let removeRules: (() => void) | undefined;

beforeAll(async () => {
  wangtiExport = await startOnePageExport({ token: wangtiToken, page: firstPage });
  const baseUrl = wangtiExport.baseUrl;
  hub = await startTestHub({
    env: { WANGTI_BASE_URL: baseUrl, WANGTI_TOKEN: wangtiToken, HUB_ACTIVITY_FLUSH_SECONDS: '0' },
  });
});
afterAll(async () => {
  removeRules?.();
  await hub?.stop();
  await wangtiExport?.stop();
});

const ledgerOf = (idCardNo: string, year: number) => portalLedgerOf(hub.baseUrl, idCardNo, year);

const failuresOf = async (platform: string) => {
  const answer = await opsGet(hub.baseUrl, `/ops/failures?platform=${platform}`);
  expect(answer.status).toBe(200);
  return answer;
};

const postJxnu = async (body: unknown) => {
  const rawBody = JSON.stringify(body);
  const headers = signedJxnuHeaders({ appId: 'jxnu-dev', appSecret: 'dev-jxnu-secret', rawBody, now: new Date() });
  const response = await fetch(`${hub.baseUrl}/webhooks/jxnu`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: rawBody,
  });
  return answerOf(response);
};

describe('poll now', () => {
  it('reads the wangti export, takes the good row and keeps the bad ones as failures', async () => {
    const answer = await opsPost(hub.baseUrl, '/ops/pollers/wangti/run');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: true, pagesRead: 1, recordsTaken: 1, rowsRejected: 2, cursor: 'c-1' });
    await hub.idle();
    expect(await ledgerOf(good, 2024)).toMatchObject({
      professionalHours: 2.5,
      entries: 1,
      byPlatform: { wangti: 2.5 },
    });
  });

  it("shows in health: the poller's cursor, last success and lag, and the platform's counts", async () => {
    const health = await opsGet(hub.baseUrl, '/ops/health');
    const wangti = health.body.platforms.find((p: { platform: string }) => p.platform === 'wangti');
    expect(wangti.poller).toMatchObject({ cursor: 'c-1', lastError: null, lagSeconds: expect.any(Number) });
    expect(Date.parse(wangti.poller.lastSuccessAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(wangti.last24h).toMatchObject({ received: 3, accepted: 1, rejected: 2 });
    expect(Date.parse(wangti.lastAcceptedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(wangti.notes).toEqual([expect.stringMatching(/^2 record\(s\) rejected/)]);
  });

  it('lists the bad rows with their reasons, ID numbers masked and no name anywhere', async () => {
    const listed = await failuresOf('wangti');
    const byRecord = new Map(listed.body.failures.map((f: { recordId: string }) => [f.recordId, f]));
    expect(byRecord.get('WT-OPS-BAD')).toMatchObject({
      stage: 'record',
      reasonCode: 'id-check-character',
      message: '身份证号: check character does not match',
      input: { kind: 'wangti-row', payload: { idCardNo: `****${badId.slice(-4)}` } },
    });
    expect(byRecord.get('WT-OPS-2023')).toMatchObject({
      message: '完成时间: no rules are configured for credit year 2023',
    });
    for (const secret of [badId, late, badId.slice(0, 14), '孙七', '周八']) expect(listed.text).not.toContain(secret);
  });

  it('a second poll starts from the stored cursor and finds nothing new', async () => {
    const before = wangtiExport?.requests() ?? 0;
    const answer = await opsPost(hub.baseUrl, '/ops/pollers/wangti/run');
    expect(answer.body).toMatchObject({ ok: true, recordsTaken: 0, rowsRejected: 0, cursor: 'c-1' });
    expect(wangtiExport?.requests()).toBe(before + 1);
  });

  it('is what npm run ops -- poll prints, as a summary', async () => {
    const lines: string[] = [];
    expect(await runOps(['poll'], { baseUrl: hub.baseUrl, key: devKeys.ops }, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^wangti poll: \S+ in \d+\.\d s$/);
    expect(lines[1]).toMatch(
      /^ {2}pages read 1, records taken 0, rows rejected 0, off the topic list 0, cursor c-1, behind by /,
    );
  });
});

describe('replay after the 2023 rules are added', () => {
  it('credits a wangti row and a jxnu record exactly once, however often they are replayed', async () => {
    const jxnu = await postJxnu({
      batch_no: 'OPS-1',
      records: [
        {
          xh: 'JX-OPS-2023',
          sfzh: jxnuPerson,
          xm: '李四',
          kcdm: 'JX-ZY-1',
          kcmc: '装备制造数字化转型',
          kclb: '专业课',
          ztmc: '装备制造',
          xxsc: 135,
          wcsj: '2023-06-01 10:20:30',
          khjg: '合格',
          zt: 1,
        },
      ],
    });
    expect(jxnu.body.results).toEqual([
      { xh: 'JX-OPS-2023', status: 'rejected', error: 'wcsj: no rules are configured for credit year 2023' },
    ]);
    const jxnuFailure = (await failuresOf('jxnu')).body.failures.find(
      (f: { recordId: string }) => f.recordId === 'JX-OPS-2023',
    );
    expect(jxnuFailure.input).toMatchObject({
      kind: 'jxnu-record',
      batchNo: 'OPS-1',
      index: 0,
      payload: { sfzh: `****${jxnuPerson.slice(-4)}`, xm: '***' },
    });
    const wangtiFailure = (await failuresOf('wangti')).body.failures.find(
      (f: { recordId: string }) => f.recordId === 'WT-OPS-2023',
    );

    removeRules = addRulesFor(2023);
    for (const failure of [wangtiFailure, jxnuFailure, wangtiFailure, jxnuFailure]) {
      const replayed = await opsPost(hub.baseUrl, `/ops/failures/${failure.id}/replay`);
      expect(replayed.status).toBe(200);
      expect(replayed.body.replay.outcome).toBe('enqueued');
      expect(replayed.body.failure.status).toBe('replayed');
      await hub.idle();
    }
    expect(await addedYearLedgerOf(late, 2023)).toMatchObject({
      professionalHours: 3,
      entries: 1,
      byPlatform: { wangti: 3 },
    });
    expect(await addedYearLedgerOf(jxnuPerson, 2023)).toMatchObject({
      professionalHours: 3,
      entries: 1,
      byPlatform: { jxnu: 3 },
    });

    // The ID that is wrong stays wrong: its replay is rejected again and it stays open.
    const bad = (await failuresOf('wangti')).body.failures.find(
      (f: { recordId: string }) => f.recordId === 'WT-OPS-BAD',
    );
    const again = await opsPost(hub.baseUrl, `/ops/failures/${bad.id}/replay`);
    expect(again.body).toMatchObject({
      replay: { outcome: 'rejected', message: '身份证号: check character does not match' },
      failure: { status: 'open' },
    });
  });

  it('counts a jxnu delivery with a bad signature as unauthorized in health', async () => {
    const rawBody = JSON.stringify({ batch_no: 'X', records: [] });
    const headers = signedJxnuHeaders({ appId: 'jxnu-dev', appSecret: 'not-the-secret', rawBody, now: new Date() });
    const response = await fetch(`${hub.baseUrl}/webhooks/jxnu`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: rawBody,
    });
    expect(response.status).toBe(401);
    const jxnu = (await opsGet(hub.baseUrl, '/ops/health', devKeys.ops)).body.platforms.find(
      (p: { platform: string }) => p.platform === 'jxnu',
    );
    expect(jxnu.last24h.unauthorized).toBe(1);
  });
});
