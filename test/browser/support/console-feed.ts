/**
 * A few records from each platform for the console's browser test: accepted ones, rejected
 * ones (a bad ID check character, a credit year without rules, a category not on the list)
 * and one whose course title is hostile markup, so the page must show it as text.
 */
import { idCardNoOf } from '../../support/completions.js';
import { exampleText, postHnu, postJxnu } from '../../support/hub-client.js';
import { startOnePageExport, type OnePageExport } from '../../support/one-page-export.js';

export const feedPeople = {
  accepted: idCardNoOf(501, '19810101'),
  /** Two hnu completions of 2023, a year without rules until the test adds them. */
  early: idCardNoOf(502, '19820202'),
  earlyToo: idCardNoOf(503, '19830303'),
  jxnu: idCardNoOf(504, '19840404'),
  wangti: idCardNoOf(505, '19850505'),
} as const;

/** The example's number with a wrong check character (the right one is X). */
export const badCheckId = '360421198503150021';
export const hostileTitle = "<img src=x onerror='document.body.dataset.pwned=1'>新能源";
export const earlyRecordIds = ['HNU-EARLY-1', 'HNU-EARLY-2'] as const;

const hnuBodyOf = (replace: Readonly<Record<string, string>>): string =>
  Object.entries(replace).reduce(
    (text, [from, to]) => text.split(from).join(to),
    exampleText('hnu-completion-created.json'),
  );

const earlyHnu = (recordId: string, idCardNo: string, title: string): Record<string, string> => ({
  'HNU-2024-0000123': recordId,
  '36042119850315002x': idCardNo,
  '2024-12-31T23:40:12+08:00': '2023-06-01T10:00:00+08:00',
  '"trainingYear": 2024': '"trainingYear": 2023',
  新能源材料前沿: title,
});

export const feedHnu = async (baseUrl: string): Promise<void> => {
  await postHnu(baseUrl, hnuBodyOf({ 'HNU-2024-0000123': 'HNU-OK-1', '36042119850315002x': feedPeople.accepted }), {
    eventId: 'evt_console_ok',
  });
  await postHnu(baseUrl, hnuBodyOf({ 'HNU-2024-0000123': 'HNU-BAD-ID-1', '36042119850315002x': badCheckId }), {
    eventId: 'evt_console_bad',
  });
  await postHnu(baseUrl, hnuBodyOf(earlyHnu(earlyRecordIds[0], feedPeople.early, hostileTitle)), {
    eventId: 'evt_console_early_1',
  });
  await postHnu(baseUrl, hnuBodyOf(earlyHnu(earlyRecordIds[1], feedPeople.earlyToo, '新能源材料前沿')), {
    eventId: 'evt_console_early_2',
  });
};

const jxnuRecord = (xh: string, sfzh: string, kclb: string) => ({
  xh,
  sfzh,
  xm: '李四',
  kcdm: 'JX-ZY-1',
  kcmc: '装备制造数字化转型',
  kclb,
  ztmc: '装备制造',
  xxsc: 135,
  wcsj: '2024-06-01 10:20:30',
  khjg: '合格',
  zt: 1,
});

export const feedJxnu = async (baseUrl: string): Promise<void> => {
  const rawBody = JSON.stringify({
    batch_no: 'CONSOLE-1',
    records: [
      jxnuRecord('JX-CONSOLE-OK', feedPeople.jxnu, '专业课'),
      jxnuRecord('JX-CONSOLE-BAD', feedPeople.jxnu, '选修课'),
    ],
  });
  const answer = await postJxnu(baseUrl, rawBody, { appId: 'jxnu-dev', secret: 'dev-jxnu-secret' });
  if (answer.status !== 200) throw new Error(`the jxnu batch was answered ${answer.status}: ${answer.text}`);
};

const wangtiHeader = '\uFEFF流水号,身份证号,姓名,课程编号,课程名称,科目类别,专题,学时,完成时间,状态,更新时间,培训年度';
const wangtiPage = [
  wangtiHeader,
  `WT-CONSOLE-1,${feedPeople.wangti},王五,WT-ZY-0815,新材料导论,专业,新材料,2.5,2024/06/01 10:00:00,有效,2024/06/01 10:00:00,`,
  `WT-CONSOLE-BAD,${feedPeople.wangti},王五,WT-ZY-0816,新材料进阶,专业,新材料,150,2024/06/01 10:00:00,有效,2024/06/01 10:00:00,`,
].join('\r\n');

export type WangtiExport = OnePageExport;

/** The wangti export with one page of two rows (platforms.md), then nothing new at its cursor. */
export const startWangtiExport = (): Promise<WangtiExport> =>
  startOnePageExport({ token: 'console-test-wangti-token', page: wangtiPage });
