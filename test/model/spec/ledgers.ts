/**
 * The ledgers rules.md implies for a set of deliveries: per record the newest accepted version
 * (version time, then place in its batch or page), entry states (withdrawn, not passed, 0 学时
 * never counts, the earliest completion of a course on one platform counts and the rest are
 * repeats), and per person and year the sums.
 */
import type { Delivery } from '../deliveries.js';
import { modelAdjustments, type AdjustmentAnswer } from './adjustments.js';
import {
  judgeHnu,
  judgeJxnuRecord,
  judgeWangtiRow,
  type AcceptedVersion,
  type Completion,
  type Judgement,
  type Platform,
} from './judge.js';

export type ModelState = 'counted' | 'repeat' | 'revoked' | 'not-passed' | 'zero-hours';

export interface ModelEntry {
  readonly platform: Platform | 'portal';
  readonly recordId: string;
  readonly state: ModelState;
  /** What the newest version says; absent for an hnu record withdrawn before any completion arrived. */
  readonly completion?: Completion;
}

export interface ModelLedger {
  readonly idCardNo: string;
  readonly year: number;
  readonly publicHundredths: number;
  readonly professionalHundredths: number;
  /** Converted hours (折算学时), also inside the public and professional figures. */
  readonly convertedHundredths: number;
  readonly counted: number;
  readonly byPlatform: Readonly<Record<string, number>>;
  readonly byTopic: Readonly<Record<string, number>>;
  readonly entries: readonly ModelEntry[];
}

export interface ModelOutcome {
  readonly judgements: readonly Judgement[];
  /** Per delivery, per record in it: the judgement (for jxnu answers). */
  readonly perDelivery: readonly (readonly Judgement[])[];
  readonly records: ReadonlyMap<string, ModelEntry>;
  /** Per delivery: what a portal call must answer (undefined for the platforms' deliveries). */
  readonly portalAnswers: readonly (AdjustmentAnswer | undefined)[];
  ledgerOf(idCardNo: string, year: number): ModelLedger;
}

export const judgeDelivery = (delivery: Delivery, receivedAtMs: number): Judgement[] => {
  if (delivery.platform === 'hnu') return [judgeHnu(delivery, receivedAtMs)];
  if (delivery.platform === 'jxnu')
    return delivery.body.records.map((_, index) => judgeJxnuRecord(delivery, index, receivedAtMs));
  if (delivery.platform === 'portal') return [];
  return delivery.rows.map((row, index) => judgeWangtiRow(row, index, receivedAtMs));
};

const isNewer = (a: AcceptedVersion, b: AcceptedVersion): boolean =>
  a.versionAtMs !== b.versionAtMs ? a.versionAtMs > b.versionAtMs : a.position > b.position;

/** Per record: the newest accepted version, and the newest completion it carries data of. */
const newestPerRecord = (
  judgements: readonly Judgement[],
): Map<string, { newest: AcceptedVersion; data?: Completion }> => {
  const records = new Map<string, { newest: AcceptedVersion; data?: Completion; dataFrom?: AcceptedVersion }>();
  for (const judgement of judgements) {
    if (!judgement.ok) continue;
    const version = judgement.version;
    const key = `${version.platform}#${version.recordId}`;
    const known = records.get(key);
    const next = known ?? { newest: version };
    if (known && isNewer(version, known.newest)) next.newest = version;
    if (version.completion && (!next.dataFrom || isNewer(version, next.dataFrom))) {
      next.data = version.completion;
      next.dataFrom = version;
    }
    records.set(key, next);
  }
  return records;
};

const stateAlone = (newest: AcceptedVersion, data: Completion | undefined): ModelState | undefined => {
  if (newest.withdrawn || !data) return 'revoked';
  if (!data.passed) return 'not-passed';
  if (data.hundredths === 0) return 'zero-hours';
  return undefined;
};

const countsBefore = (a: ModelEntry, b: ModelEntry): boolean =>
  a.completion!.completedAtMs !== b.completion!.completedAtMs
    ? a.completion!.completedAtMs < b.completion!.completedAtMs
    : a.recordId < b.recordId;

const withStates = (records: Map<string, { newest: AcceptedVersion; data?: Completion }>): Map<string, ModelEntry> => {
  const entries = new Map<string, ModelEntry>();
  const firstOfCourse = new Map<string, ModelEntry>();
  for (const [key, { newest, data }] of records) {
    const alone = stateAlone(newest, newest.withdrawn ? data : newest.completion);
    const entry: ModelEntry = {
      platform: newest.platform,
      recordId: newest.recordId,
      state: alone ?? 'counted',
      ...(data ? { completion: newest.completion ?? data } : {}),
    };
    entries.set(key, entry);
    if (alone) continue;
    const c = entry.completion!;
    const course = `${c.idCardNo}#${c.creditYear}#${entry.platform}#${c.courseCode}`;
    const first = firstOfCourse.get(course);
    if (!first || countsBefore(entry, first)) firstOfCourse.set(course, entry);
  }
  for (const [key, entry] of entries) {
    if (entry.state !== 'counted') continue;
    const c = entry.completion!;
    const first = firstOfCourse.get(`${c.idCardNo}#${c.creditYear}#${entry.platform}#${c.courseCode}`)!;
    if (first.recordId !== entry.recordId) entries.set(key, { ...entry, state: 'repeat' });
  }
  return entries;
};

const add = (sums: Record<string, number>, key: string, hundredths: number) => {
  sums[key] = (sums[key] ?? 0) + hundredths;
};

const ledgerFrom = (idCardNo: string, year: number, all: Iterable<ModelEntry>): ModelLedger => {
  const entries = [...all].filter((e) => e.completion?.idCardNo === idCardNo && e.completion.creditYear === year);
  const sums = { public: 0, professional: 0, converted: 0 };
  const byPlatform: Record<string, number> = {};
  const byTopic: Record<string, number> = {};
  let counted = 0;
  for (const entry of entries) {
    if (entry.state !== 'counted') continue;
    const c = entry.completion!;
    counted += 1;
    sums[c.category] += c.hundredths;
    add(byPlatform, entry.platform, c.hundredths);
    if (entry.platform === 'portal') sums.converted += c.hundredths;
    else add(byTopic, c.topicKey, c.hundredths);
  }
  return {
    idCardNo,
    year,
    publicHundredths: sums.public,
    professionalHundredths: sums.professional,
    convertedHundredths: sums.converted,
    counted,
    byPlatform,
    byTopic,
    entries,
  };
};

/** The model's outcome of deliveries, each received at the given time. */
export const modelOf = (deliveries: readonly { delivery: Delivery; receivedAtMs: number }[]): ModelOutcome => {
  const perDelivery = deliveries.map(({ delivery, receivedAtMs }) => judgeDelivery(delivery, receivedAtMs));
  const judgements = perDelivery.flat();
  const records = withStates(newestPerRecord(judgements));
  const portal = modelAdjustments(deliveries.map((d) => d.delivery));
  for (const a of portal.adjustments) {
    const completion: Completion = {
      idCardNo: a.idCardNo,
      courseCode: '',
      category: a.category,
      topicKey: '',
      hundredths: a.hundredths,
      completedAtMs: a.approvedAtMs,
      creditYear: a.year,
      makeup: false,
      passed: true,
    };
    records.set(`portal#${a.adjustmentId}`, {
      platform: 'portal',
      recordId: a.adjustmentId,
      state: a.revoked ? 'revoked' : 'counted',
      completion,
    });
  }
  return {
    judgements,
    perDelivery,
    records,
    portalAnswers: portal.answers,
    ledgerOf: (idCardNo, year) => ledgerFrom(idCardNo, year, records.values()),
  };
};
