/**
 * Hand-made deliveries for the regressions, in the platforms' wire shapes, with defaults that
 * are valid: each factory takes only what a test is about.
 */
import type { HnuDelivery, JxnuDelivery, RenderedCase, WangtiPage, WangtiRow } from './deliveries.js';
import { beijingIso, beijingWallClock } from './spec/beijing-time.js';
import { personIdCard } from './render.js';

let nextCaseNo = 900_000;

/** A case number and its people, unique in the process (regressions share one hub). */
export const freshCase = (people = 1) => {
  const caseNo = nextCaseNo++;
  return {
    caseNo,
    people: Array.from({ length: people }, (_, i) => personIdCard(caseNo, i, false)),
    recordId: (n: number) => `R-M${caseNo}-${n}`,
  };
};

export const caseOf = (fresh: ReturnType<typeof freshCase>, deliveries: RenderedCase['deliveries']): RenderedCase => ({
  caseNo: fresh.caseNo,
  people: fresh.people,
  deliveries,
  sentAtMs: Date.now(),
});

export const minutesFromNow = (minutes: number): number => Math.floor((Date.now() + minutes * 60_000) / 1000) * 1000;
export const at = (iso: string): number => Date.parse(iso);

export interface HnuFields {
  readonly recordId: string;
  readonly idCardNo: string;
  readonly occurredAtMs: number;
  readonly completedAtMs?: number;
  readonly credits?: unknown;
  readonly courseCode?: string;
  readonly subject?: string;
  readonly topic?: string;
}

export const hnuCompletion = (f: HnuFields): HnuDelivery => {
  const eventId = `evt-${f.recordId}-${f.occurredAtMs}`;
  const data = {
    recordId: f.recordId,
    learner: { idCardNo: f.idCardNo, name: '张三' },
    course: {
      code: f.courseCode ?? 'K-HNU',
      title: '新能源材料前沿',
      subject: f.subject ?? '专业科目',
      topic: f.topic ?? '新能源',
      credits: f.credits ?? 6,
    },
    completedAt: beijingIso(f.completedAtMs ?? at('2025-06-01T10:00:00+08:00')),
    examPassed: true,
  };
  return {
    platform: 'hnu',
    eventId,
    body: { event: 'completion.created', eventId, occurredAt: beijingIso(f.occurredAtMs), data },
  };
};

export const hnuRevocation = (recordId: string, occurredAtMs: number): HnuDelivery => {
  const eventId = `evt-${recordId}-revoked-${occurredAtMs}`;
  return {
    platform: 'hnu',
    eventId,
    body: {
      event: 'completion.revoked',
      eventId,
      occurredAt: beijingIso(occurredAtMs),
      data: { recordId, reason: '考试作弊，成绩作废' },
    },
  };
};

export interface JxnuFields {
  readonly xh: string;
  readonly sfzh: string;
  readonly xxsc?: number;
  readonly zt?: 0 | 1;
  readonly kcdm?: string;
  readonly wcsjMs?: number;
}

export const jxnuRecord = (f: JxnuFields): Record<string, unknown> => ({
  xh: f.xh,
  sfzh: f.sfzh,
  xm: '李四',
  kcdm: f.kcdm ?? 'K-JXNU',
  kcmc: '装备制造数字化转型',
  kclb: '专业课',
  ztmc: '装备制造',
  xxsc: f.xxsc ?? 135,
  wcsj: beijingWallClock(f.wcsjMs ?? at('2025-06-01T10:00:00+08:00'), '-'),
  khjg: '合格',
  zt: f.zt ?? 1,
});

/** A batch signed now (its records' version time). */
export const jxnuBatch = (
  batchNo: string,
  records: readonly Record<string, unknown>[],
  timestampMs = Date.now(),
): JxnuDelivery => ({ platform: 'jxnu', timestampMs, body: { batch_no: batchNo, records } });

export interface WangtiFields {
  readonly id: string;
  readonly idCardNo: string;
  readonly updatedAtMs: number;
  readonly hours?: string;
  readonly withdrawn?: boolean;
  readonly courseCode?: string;
}

export const wangtiRow = (f: WangtiFields): WangtiRow => ({
  流水号: f.id,
  身份证号: f.idCardNo,
  姓名: '王五',
  课程编号: f.courseCode ?? 'K-WT',
  课程名称: '新材料"双碳"路径，案例',
  科目类别: '专业',
  专题: '新材料',
  学时: f.hours ?? '2.5',
  完成时间: beijingWallClock(at('2025-06-01T10:00:00+08:00'), '/'),
  状态: f.withdrawn ? '撤销' : '有效',
  更新时间: beijingWallClock(f.updatedAtMs, '/'),
  培训年度: '',
});

export const wangtiPage = (rows: readonly WangtiRow[]): WangtiPage => ({ platform: 'wangti', rows });
