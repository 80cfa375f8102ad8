/**
 * A case plan made into wire deliveries at the moment it is sent: fresh people and record ids
 * per case number, times relative to now, every field spelled as the plan chose.
 */
import type {
  AdjustmentDelivery,
  Delivery,
  HnuDelivery,
  JxnuDelivery,
  RenderedCase,
  WangtiPage,
  WangtiRow,
} from './deliveries.js';
import { beijingIso, beijingWallClock, beijingYearOf } from './spec/beijing-time.js';
import { checkCharacterOf, idCardOf } from './spec/id-card.js';
import { categoryWords, professionalTopics, publicTopics } from './spec/topics.js';
import {
  adjustmentHours,
  hoursChoices,
  manglings,
  type AdjustmentPlan,
  type CasePlan,
  type CompletionAnchor,
  type PlanPlatform,
  type RecordPlan,
  type VersionPlan,
} from './plans.js';

const minuteMs = 60_000;
const dayMs = 86_400_000;
/** Past version times count from here, a minute a rank. */
const pastVersionBaseMs = Date.parse('2025-09-01T08:00:00+08:00');
/** jxnu batch times: this long before sending, then two seconds a rank (the hub allows 300 s; the rest is slack for a loaded machine). */
const jxnuBatchLeadMs = 120_000;
const jxnuBatchStepMs = 2_000;
const birthDaysSpan = 18_000;
const birthEpochMs = Date.UTC(1950, 0, 1);

const anchorMs = (anchor: CompletionAnchor, nowMs: number): number => {
  const fixed: Partial<Record<CompletionAnchor, string>> = {
    '2024-mid': '2024-06-01T10:20:30+08:00',
    '2024-last-second': '2024-12-31T23:59:59+08:00',
    '2025-first-half-hour': '2024-12-31T16:30:00Z',
    '2025-first-second': '2025-01-01T00:00:00+08:00',
    '2025-mid': '2025-07-15T09:00:00+08:00',
    '2025-last-second': '2025-12-31T15:59:59Z',
  };
  const text = fixed[anchor];
  if (text) return Date.parse(text);
  const relative = { recent: -2 * dayMs, soon: 3 * minuteMs, tomorrow: dayMs } as Record<string, number>;
  return Math.floor((nowMs + relative[anchor]!) / 1000) * 1000;
};

/** A person's valid number, unique per case and person; `xCheck` picks an area code whose check is X. */
export const personIdCard = (caseNo: number, person: number, xCheck: boolean): string => {
  const unique = caseNo * 2 + person;
  const birth = new Date(birthEpochMs + (unique % birthDaysSpan) * dayMs)
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const sequence = String(Math.floor(unique / birthDaysSpan) % 1_000).padStart(3, '0');
  let fallback = '';
  for (let area = 1; area < 100; area += 1) {
    const id = idCardOf(`3601${String(area).padStart(2, '0')}`, birth, sequence);
    fallback ||= id;
    if ((id.endsWith('X') && xCheck) || (!id.endsWith('X') && !xCheck)) return id;
  }
  return fallback;
};

const spellId = (id: string, spelling: VersionPlan['id']): string => {
  if (spelling === 'lower-x') return id.toLowerCase();
  if (spelling === 'spaces') return `  ${id} `;
  if (spelling === 'bad-check') return `${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'}`;
  if (spelling === 'bad-date') {
    const first17 = `${id.slice(0, 6)}19900230${id.slice(14, 17)}`;
    return `${first17}${checkCharacterOf(first17)}`;
  }
  return id;
};

const ownWords: Record<PlanPlatform, { public: string; professional: string }> = {
  hnu: { public: '公需科目', professional: '专业科目' },
  jxnu: { public: '公需课', professional: '专业课' },
  wangti: { public: '公需', professional: '专业' },
};

const categoryWord = (platform: PlanPlatform, v: VersionPlan): string => {
  if (v.categoryWord === 'bad') return '选修课';
  if (v.categoryWord === 'own') return ownWords[platform][v.category];
  const others = categoryWords[v.category].filter((word) => word !== ownWords[platform][v.category]);
  return others[v.topicIndex % others.length]!;
};

const topicOf = (v: VersionPlan): string => {
  const list: readonly string[] = v.category === 'public' ? publicTopics : professionalTopics;
  const topic = list[v.topicIndex % list.length]!;
  if (v.topic === 'spaces') return ` ${topic}  `;
  if (v.topic === 'width') return topic.includes('，') ? topic.replace('，', ',') : `\u3000${topic}`;
  if (v.topic === 'other') return '人工智能与大数据';
  return topic;
};

/** A withdrawal in jxnu and wangti carries the record's fields: kept valid, so the withdrawal itself is judged by its status. */
const forWithdrawal = (v: VersionPlan): VersionPlan =>
  v.withdraw
    ? {
        ...v,
        id: 'plain',
        categoryWord: 'own',
        hours: { edge: false, index: 0 },
        completion: v.completion === 'tomorrow' ? '2025-mid' : v.completion,
        training: 'none',
      }
    : v;

export interface RenderContext {
  readonly caseNo: number;
  readonly nowMs: number;
  readonly idCards: readonly string[];
}

interface Rendered {
  readonly recordId: string;
  readonly courseCode: string;
  readonly idCard: string;
  readonly category: string;
  readonly topic: string;
  readonly hours: unknown;
  readonly completedAtMs: number;
  readonly trainingYear: number | undefined;
  readonly passed: boolean;
  readonly versionAtMs: number;
}

const trainingYearOf = (v: VersionPlan, completedAtMs: number): number | undefined => {
  const year = beijingYearOf(completedAtMs);
  // 2023 has no rule file: makeup study into it is not generated (model-findings.md).
  const chosen = {
    none: undefined,
    same: year,
    minus1: year - 1 > 2023 ? year - 1 : undefined,
    plus1: year + 1,
    minus2: year - 2,
  }[v.training];
  return chosen;
};

const versionTimeMs = (v: VersionPlan, rank: number, context: RenderContext): number => {
  if (v.versionTime === 'soon') return Math.floor((context.nowMs + 3 * minuteMs) / 1000) * 1000 + rank * 10_000;
  if (v.versionTime === 'future') return Math.floor((context.nowMs + 20 * minuteMs) / 1000) * 1000 + rank * 10_000;
  return pastVersionBaseMs + rank * minuteMs;
};

/** Each version's fields; ranks order the record's past version times (distinct, except wangti ties on one page). */
const renderVersions = (
  platform: PlanPlatform,
  record: RecordPlan,
  recordNo: number,
  context: RenderContext,
): Rendered[] => {
  const order = record.versions.map((v, i) => ({ key: v.rankKey * 10 + i, i })).sort((a, b) => a.key - b.key);
  const ranks = new Array<number>(record.versions.length);
  for (const [rank, { i }] of order.entries()) ranks[i] = rank;
  // Numbered per platform, so records of different platforms share ids (an entry is platform and record id).
  const recordId = `R-M${context.caseNo}-${recordNo}`;
  return record.versions.map((plan, i) => {
    const v = platform === 'hnu' ? plan : forWithdrawal(plan);
    const previous = record.versions[i - 1];
    const tied =
      platform === 'wangti' &&
      v.tie &&
      previous !== undefined &&
      previous.group === v.group &&
      previous.versionTime === v.versionTime;
    const completedAtMs = anchorMs(v.completion, context.nowMs);
    const choices = hoursChoices[platform][v.hours.edge ? 'edge' : 'typical'];
    return {
      recordId,
      courseCode: `K${context.caseNo}-${v.course}`,
      idCard: spellId(context.idCards[v.otherPerson && i > 0 ? 1 - record.person : record.person]!, v.id),
      category: categoryWord(platform, v),
      topic: topicOf(v),
      hours: choices[v.hours.index % choices.length],
      completedAtMs,
      trainingYear: trainingYearOf(v, completedAtMs),
      passed: v.passed,
      versionAtMs: versionTimeMs(v, tied ? ranks[i - 1]! : ranks[i]!, context),
    };
  });
};

const tokyoOffsetMs = 9 * 3_600_000;

const hnuTime = (ms: number, zone: VersionPlan['hnuZone']): string => {
  if (zone === 'utc') return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  if (zone === 'tokyo') return `${new Date(ms + tokyoOffsetMs).toISOString().slice(0, 19)}+09:00`;
  return zone === 'none' ? beijingIso(ms).slice(0, 19) : beijingIso(ms);
};

const hnuDelivery = (r: Rendered, v: VersionPlan, versionNo: number): HnuDelivery => {
  const eventId = `evt-${r.recordId}-${versionNo}`;
  const occurredAt = hnuTime(r.versionAtMs, v.hnuZone);
  if (v.withdraw)
    return {
      platform: 'hnu',
      eventId,
      body: { event: 'completion.revoked', eventId, occurredAt, data: { recordId: r.recordId, reason: '成绩作废' } },
    };
  const course = {
    code: r.courseCode,
    title: `课程 ${r.courseCode}`,
    subject: r.category,
    topic: r.topic,
    credits: r.hours,
  };
  const data = {
    recordId: r.recordId,
    learner: { idCardNo: r.idCard, name: '张三', employer: '江西省科学院' },
    course,
    completedAt: hnuTime(r.completedAtMs, v.hnuZone),
    examPassed: r.passed,
    ...(r.trainingYear === undefined ? {} : { trainingYear: r.trainingYear }),
    channel: 'mobile',
  };
  return {
    platform: 'hnu',
    eventId,
    body: { event: versionNo === 0 ? 'completion.created' : 'completion.updated', eventId, occurredAt, data },
  };
};

const jxnuRecord = (r: Rendered, v: VersionPlan): Record<string, unknown> => ({
  xh: r.recordId,
  sfzh: r.idCard,
  xm: '李四',
  kcdm: r.courseCode,
  kcmc: `课程 ${r.courseCode}`,
  kclb: r.category,
  ztmc: r.topic,
  xxsc: r.hours,
  wcsj: beijingWallClock(r.completedAtMs, '-'),
  khjg: r.passed ? '合格' : '不合格',
  zt: v.withdraw ? 0 : 1,
  ...(r.trainingYear === undefined ? {} : { pxnd: r.trainingYear }),
});

const wangtiRow = (r: Rendered, v: VersionPlan): WangtiRow => ({
  流水号: r.recordId,
  身份证号: r.idCard,
  姓名: '王五',
  课程编号: r.courseCode,
  课程名称: `"新材料""双碳""路径，案例",\r\n${r.courseCode}`,
  科目类别: r.category,
  专题: r.topic,
  学时: String(r.hours),
  完成时间: beijingWallClock(r.completedAtMs, '/'),
  状态: v.withdraw ? '撤销' : '有效',
  更新时间: beijingWallClock(r.versionAtMs, '/'),
  培训年度: r.trainingYear === undefined ? '' : String(r.trainingYear),
});

const manglingOf = (platform: PlanPlatform, v: VersionPlan): string | undefined =>
  v.mangle === null || v.withdraw ? undefined : manglings[platform][v.mangle % manglings[platform].length];

/** The fields of an hnu body the manglings change. */
type HnuBodyToMangle = {
  event: string;
  data: { examPassed?: unknown; learner: { idCardNo?: unknown }; course: { credits?: unknown }; completedAt?: unknown };
};

const mangledHnu = (delivery: HnuDelivery, v: VersionPlan): HnuDelivery => {
  const mangling = manglingOf('hnu', v);
  if (!mangling) return delivery;
  const body = structuredClone(delivery.body) as HnuBodyToMangle;
  if (mangling === 'examPassed-text') body.data.examPassed = 'true';
  if (mangling === 'event-unknown') body.event = 'completion.deleted';
  if (mangling === 'idCardNo-missing') delete body.data.learner.idCardNo;
  if (mangling === 'credits-null') body.data.course.credits = null;
  if (mangling === 'completedAt-words') body.data.completedAt = 'yesterday evening';
  return { ...delivery, body };
};

const mangledJxnu = (record: Record<string, unknown>, v: VersionPlan): Record<string, unknown> => {
  const mangling = manglingOf('jxnu', v);
  const next = { ...record };
  if (mangling === 'xxsc-fraction') next.xxsc = 90.5;
  if (mangling === 'xxsc-words') next.xxsc = '九十';
  if (mangling === 'zt-unknown') next.zt = 2;
  if (mangling === 'khjg-unknown') next.khjg = '优秀';
  if (mangling === 'wcsj-month-13') next.wcsj = `${String(next.wcsj).slice(0, 4)}-13${String(next.wcsj).slice(7)}`;
  if (mangling === 'sfzh-missing') delete next.sfzh;
  return next;
};

const mangledWangti = (row: WangtiRow, v: VersionPlan): WangtiRow => {
  const mangling = manglingOf('wangti', v);
  if (mangling === '状态-unknown') return { ...row, 状态: '待审核' };
  if (mangling === '完成时间-february-30') {
    const completedAt = row.完成时间 ?? '';
    return { ...row, 完成时间: `${completedAt.slice(0, 4)}/02/30${completedAt.slice(10)}` };
  }
  if (mangling === '学时-comma') return { ...row, 学时: '2,5' };
  if (mangling === '身份证号-empty') return { ...row, 身份证号: '' };
  return row;
};

interface Placed<T> {
  readonly group: number;
  readonly placeKey: number;
  readonly item: T;
}

const byPlace = <T>(a: Placed<T>, b: Placed<T>) => a.placeKey - b.placeKey;

/** The case's deliveries in arrival order (the plan's arrival keys), with duplicates. */
export const renderCase = (plan: CasePlan, caseNo: number, nowMs: number): RenderedCase => {
  const idCards = plan.people.map((p, i) => personIdCard(caseNo, i, p.xCheck));
  const context: RenderContext = { caseNo, nowMs, idCards };
  const hnu: HnuDelivery[] = [];
  const jxnu: Placed<Record<string, unknown>>[] = [];
  const wangti: Placed<WangtiRow>[] = [];
  let jxnuResends = 0;
  let wangtiRepeats = 0;
  const perPlatform = { hnu: 0, jxnu: 0, wangti: 0 };
  plan.records.forEach((record, recordNo) => {
    const rendered = renderVersions(record.platform, record, perPlatform[record.platform]++, context);
    rendered.forEach((r, i) => {
      const v = record.versions[i]!;
      const place = { group: v.group, placeKey: v.placeKey * 100 + recordNo * 10 + i };
      if (record.platform === 'hnu') hnu.push(mangledHnu(hnuDelivery(r, v, i), v));
      else if (record.platform === 'jxnu')
        jxnu.push({ ...place, item: mangledJxnu(jxnuRecord(r, forWithdrawal(v)), v) });
      else wangti.push({ ...place, item: mangledWangti(wangtiRow(r, forWithdrawal(v)), v) });
    });
    if (record.platform === 'hnu')
      hnu.push(
        ...hnu
          .filter((d) => d.body.data && (d.body.data as { recordId: string }).recordId === rendered[0]!.recordId)
          .slice(0, record.duplicates),
      );
    if (record.platform === 'jxnu') jxnuResends += record.duplicates;
    if (record.platform === 'wangti') wangtiRepeats += record.duplicates;
  });
  const batches = groupsOf(jxnu).map((records, b) => ({ records, b }));
  const jxnuDeliveries: JxnuDelivery[] = batches.map(({ records, b }, i) => ({
    platform: 'jxnu',
    timestampMs: nowMs - jxnuBatchLeadMs + batchRank(plan, batches.length, i) * jxnuBatchStepMs,
    body: { batch_no: `M${caseNo}-${b}`, records },
  }));
  // A resent batch: the same records, signed again at a later time (every resend is newer than every batch).
  for (let i = 0; i < Math.min(jxnuResends, jxnuDeliveries.length); i += 1) {
    const original = jxnuDeliveries[i]!;
    jxnuDeliveries.push({ ...original, timestampMs: nowMs - jxnuBatchLeadMs + (batches.length + i) * jxnuBatchStepMs });
  }
  const pages: WangtiPage[] = groupsOf(wangti).map((rows) => ({ platform: 'wangti', rows }));
  for (let i = 0; i < Math.min(wangtiRepeats, pages.length); i += 1) pages.push(pages[i]!);
  const deliveries: Delivery[] = [...hnu, ...jxnuDeliveries, ...pages];
  const adjustments = plan.adjustments.flatMap((a, n) =>
    adjustmentDeliveries(a, `ADJ-M${caseNo}-${n}`, idCards[a.person]!),
  );
  const arrival = deliveries.map((d, i) => ({ d, key: plan.arrivalKeys[i % plan.arrivalKeys.length]! * 100 + i }));
  // wangti pages keep their export order: the export is a log, newest changes last.
  const webhooks = arrival
    .filter((a) => a.d.platform !== 'wangti')
    .sort((a, b) => a.key - b.key)
    .map((a) => a.d);
  return { caseNo, deliveries: [...webhooks, ...adjustments, ...pages], people: idCards, sentAtMs: nowMs };
};

/** A portal adjustment's calls, in the order the portal makes them. */
const adjustmentDeliveries = (a: AdjustmentPlan, adjustmentId: string, idCardNo: string): AdjustmentDelivery[] => {
  const hours = adjustmentHours[a.hoursIndex % adjustmentHours.length]!;
  const body = {
    adjustmentId,
    idCardNo,
    year: a.year,
    category: a.category,
    hours,
    kind: 'xuexiqiangguo',
    approvedAt: `${a.year}-06-01T10:00:00+08:00`,
  };
  const calls: AdjustmentDelivery[] = [{ platform: 'portal', action: 'post', adjustmentId, body }];
  if (a.repost === 'same') calls.push({ platform: 'portal', action: 'post', adjustmentId, body });
  if (a.repost === 'different')
    calls.push({ platform: 'portal', action: 'post', adjustmentId, body: { ...body, hours: hours === 4 ? 5 : 4 } });
  if (a.revoke) calls.push({ platform: 'portal', action: 'revoke', adjustmentId });
  return calls;
};

/** Items grouped by their group number (empty groups dropped), each group in place order. */
const groupsOf = <T>(items: readonly Placed<T>[]): T[][] =>
  [0, 1, 2]
    .map((group) =>
      items
        .filter((item) => item.group === group)
        .sort(byPlace)
        .map((item) => item.item),
    )
    .filter((group) => group.length > 0);

/** A batch's rank among the case's batches by the plan's batch keys: batch times are distinct and not in arrival order. */
const batchRank = (plan: CasePlan, count: number, index: number): number => {
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => plan.batchKeys[a]! * 10 + a - (plan.batchKeys[b]! * 10 + b),
  );
  return order.indexOf(index);
};
