/**
 * Each platform's record judged by the spec alone: accepted as a normalised version (record id,
 * version time and place, what it says) or rejected naming the field as the platform names it.
 */
import type { HnuDelivery, JxnuDelivery, WangtiRow } from '../deliveries.js';
import { beijingYearOf, isTooFarAhead, parseIso, parseJxnuTime, parseWangtiTime } from './beijing-time.js';
import { hundredthsOfDecimal, hundredthsOfMinutes } from './hours.js';
import { judgeIdCard } from './id-card.js';
import { categoryOfWord, topicKeyOf, type Category } from './topics.js';

export type Platform = 'hnu' | 'jxnu' | 'wangti';

const hnuEvents: readonly string[] = ['completion.created', 'completion.updated', 'completion.revoked'];

export interface Completion {
  readonly idCardNo: string;
  readonly courseCode: string;
  readonly category: Category;
  readonly topicKey: string;
  readonly hundredths: number;
  readonly completedAtMs: number;
  readonly creditYear: number;
  readonly makeup: boolean;
  readonly passed: boolean;
}

export interface AcceptedVersion {
  readonly platform: Platform;
  readonly recordId: string;
  readonly versionAtMs: number;
  /** Place in its batch or page: orders versions with equal version times. */
  readonly position: number;
  readonly withdrawn: boolean;
  /** What the version says of the completion (absent for an hnu revocation). */
  readonly completion?: Completion;
}

export type Judgement =
  | { ok: true; version: AcceptedVersion }
  | { ok: false; platform: Platform; recordId: string; fields: readonly string[] };

/** A record with any bad field is refused naming them all; else it is the version it makes. */
const judgementOf = (
  found: { platform: Platform; recordId: string; bad: readonly string[]; completion?: Completion },
  place: { versionAtMs: number; position: number; withdrawn: boolean },
): Judgement => {
  const { platform, recordId, bad, completion } = found;
  if (bad.length > 0 || !completion) return { ok: false, platform, recordId, fields: bad };
  return { ok: true, version: { platform, recordId, ...place, completion } };
};

interface CompletionFields {
  readonly idCard: [string, unknown];
  readonly category: [string, unknown];
  readonly hundredths: [string, number | undefined];
  readonly completedAt: [string, number | undefined];
  readonly trainingYear: [string, unknown];
  readonly courseCode: unknown;
  readonly topic: unknown;
  readonly passed: boolean;
}

/** Judges the fields every platform shares; answers the completion or the bad fields. */
const judgeCompletion = (
  fields: CompletionFields,
  receivedAtMs: number,
): { completion?: Completion; bad: string[] } => {
  const bad: string[] = [];
  const id = judgeIdCard(fields.idCard[1]);
  if (!id.ok) bad.push(fields.idCard[0]);
  const category = categoryOfWord(fields.category[1]);
  if (!category) bad.push(fields.category[0]);
  if (fields.hundredths[1] === undefined) bad.push(fields.hundredths[0]);
  const completedAtMs = fields.completedAt[1];
  if (completedAtMs === undefined || isTooFarAhead(completedAtMs, receivedAtMs)) bad.push(fields.completedAt[0]);
  let creditYear = completedAtMs === undefined ? 0 : beijingYearOf(completedAtMs);
  const completionYear = creditYear;
  const training = fields.trainingYear[1];
  if (training !== undefined && training !== null && training !== '') {
    const year = typeof training === 'number' ? training : /^\d{4}$/.test(String(training)) ? Number(training) : NaN;
    if (year !== completionYear && year !== completionYear - 1) bad.push(fields.trainingYear[0]);
    else creditYear = year;
  }
  if (bad.length > 0 || !id.ok || !category || completedAtMs === undefined) return { bad };
  return {
    bad,
    completion: {
      idCardNo: id.idCardNo,
      courseCode: String(fields.courseCode),
      category,
      topicKey: topicKeyOf(String(fields.topic)),
      hundredths: fields.hundredths[1]!,
      completedAtMs,
      creditYear,
      makeup: creditYear === completionYear - 1,
      passed: fields.passed,
    },
  };
};

/** An hnu body as the spec reads it: any field of `data` may be missing or of any type. */
type HnuBodyAsSent = {
  readonly event: string;
  readonly occurredAt: unknown;
  readonly data: {
    readonly recordId?: unknown;
    readonly learner?: { readonly idCardNo?: unknown };
    readonly course?: {
      readonly subject?: unknown;
      readonly credits?: unknown;
      readonly code?: unknown;
      readonly topic?: unknown;
    };
    readonly completedAt?: unknown;
    readonly trainingYear?: unknown;
    readonly examPassed?: unknown;
  };
};

export const judgeHnu = (delivery: HnuDelivery, receivedAtMs: number): Judgement => {
  const body = delivery.body as HnuBodyAsSent;
  const recordId = String(body.data.recordId);
  if (!hnuEvents.includes(body.event)) return { ok: false, platform: 'hnu', recordId, fields: ['event'] };
  const versionAtMs = parseIso(body.occurredAt);
  const versionBad = versionAtMs === undefined || isTooFarAhead(versionAtMs, receivedAtMs);
  if (body.event === 'completion.revoked') {
    return versionBad
      ? { ok: false, platform: 'hnu', recordId, fields: ['occurredAt'] }
      : { ok: true, version: { platform: 'hnu', recordId, versionAtMs: versionAtMs!, position: 0, withdrawn: true } };
  }
  const { data } = body;
  const judged = judgeCompletion(
    {
      idCard: ['idCardNo', data.learner?.idCardNo],
      category: ['subject', data.course?.subject],
      hundredths: ['credits', hundredthsOfDecimal(data.course?.credits)],
      completedAt: ['completedAt', parseIso(data.completedAt)],
      trainingYear: ['trainingYear', data.trainingYear],
      courseCode: data.course?.code,
      topic: data.course?.topic,
      passed: data.examPassed === true,
    },
    receivedAtMs,
  );
  const bad = [
    ...(versionBad ? ['occurredAt'] : []),
    ...judged.bad,
    ...(typeof data.examPassed === 'boolean' ? [] : ['examPassed']),
  ];
  return judgementOf(
    { platform: 'hnu', recordId, bad, completion: judged.completion },
    { versionAtMs: versionAtMs!, position: 0, withdrawn: false },
  );
};

export const judgeJxnuRecord = (delivery: JxnuDelivery, index: number, receivedAtMs: number): Judgement => {
  const record = delivery.body.records[index] as Record<string, unknown>;
  const recordId = String(record.xh);
  const judged = judgeCompletion(
    {
      idCard: ['sfzh', record.sfzh],
      category: ['kclb', record.kclb],
      hundredths: ['xxsc', hundredthsOfMinutes(record.xxsc)],
      completedAt: ['wcsj', parseJxnuTime(record.wcsj)],
      trainingYear: ['pxnd', record.pxnd],
      courseCode: record.kcdm,
      topic: record.ztmc,
      passed: record.khjg === '合格',
    },
    receivedAtMs,
  );
  const bad = [
    ...judged.bad,
    ...(record.khjg === '合格' || record.khjg === '不合格' ? [] : ['khjg']),
    ...(record.zt === 0 || record.zt === 1 ? [] : ['zt']),
  ];
  return judgementOf(
    { platform: 'jxnu', recordId, bad, completion: judged.completion },
    { versionAtMs: delivery.timestampMs, position: index, withdrawn: record.zt === 0 },
  );
};

export const judgeWangtiRow = (row: WangtiRow, index: number, receivedAtMs: number): Judgement => {
  const recordId = row.流水号 ?? '';
  const status = row.状态 ?? '';
  const versionAtMs = parseWangtiTime(row.更新时间);
  const judged = judgeCompletion(
    {
      idCard: ['身份证号', row.身份证号],
      category: ['科目类别', row.科目类别],
      hundredths: ['学时', hundredthsOfDecimal(row.学时)],
      completedAt: ['完成时间', parseWangtiTime(row.完成时间)],
      trainingYear: ['培训年度', row.培训年度],
      courseCode: row.课程编号,
      topic: row.专题,
      passed: true,
    },
    receivedAtMs,
  );
  const versionBad = versionAtMs === undefined || isTooFarAhead(versionAtMs, receivedAtMs);
  const bad = [
    ...(versionBad ? ['更新时间'] : []),
    ...judged.bad,
    ...(['有效', '撤销'].includes(status) ? [] : ['状态']),
  ];
  return judgementOf(
    { platform: 'wangti', recordId, bad, completion: judged.completion },
    { versionAtMs: versionAtMs!, position: index, withdrawn: status === '撤销' },
  );
};
