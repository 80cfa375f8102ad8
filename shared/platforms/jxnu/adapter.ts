/**
 * One jxnu record → normalised version, or the problems named as jxnu names its fields, so the
 * per-record answer reads like the spec: `sfzh: check character does not match`.
 *
 * - `xxsc` whole minutes (1 to 6,000), converted by the rules' half-学时 rounding (44 min → 0,
 *   recorded with 0 hours).
 * - `wcsj` Beijing local time; `khjg` 合格/不合格; `pxnd` optional training year.
 * - `zt` 1 valid, 0 withdrawn: a completion with `withdrawn: true` (jxnu withdrawals carry the
 *   person and course). A withdrawal whose other fields are not valid still withdraws its `xh`
 *   (as a withdrawal naming only the record): refusing it would leave a voided record counted.
 * - The version time is the request's `X-Jxnu-Timestamp`, the same for every record of a batch.
 */
import type { CompletionVersion } from '../../completion.js';
import { hoursMax, hundredthsFromMinutes } from '../../hours.js';
import { ok, problem, type Result } from '../../result.js';
import { parseBeijingLocal } from '../../rules/beijing-time.js';
import { categoryOf, versionTimeOf } from '../../rules/classify.js';
import { completionVersionOf, withdrawalVersionOf, type VersionTime } from '../completion-of.js';
import { fieldChecks, renamedZodProblems } from '../field-checks.js';
import type { NormaliseContext } from '../normalise-context.js';
import { idCardFieldOf } from '../person-of.js';
import { trainingYearOf } from '../training-year.js';
import { jxnuRecordSchema, minutesMax } from './record.js';

export interface JxnuRecordOutcome {
  /** The record's serial as sent, to answer with (undefined when the record has none). */
  readonly xh: string | undefined;
  readonly result: Result<CompletionVersion>;
}

/** The reason a jxnu withdrawal carries when it names only the record. */
export const jxnuWithdrawalReason = '作废 (zt = 0)';

/** The name problems about the request's timestamp use. */
export const jxnuTimestampField = 'X-Jxnu-Timestamp';

const xhOf = (record: unknown): string | undefined => {
  const xh = record !== null && typeof record === 'object' ? (record as { xh?: unknown }).xh : undefined;
  return typeof xh === 'string' ? xh : typeof xh === 'number' && Number.isFinite(xh) ? String(xh) : undefined;
};

const wholeNumberOf = (sent: unknown): number | undefined => {
  if (typeof sent === 'number') return Number.isInteger(sent) ? sent : undefined;
  if (typeof sent === 'string' && /^\s*-?\d{1,9}\s*$/.test(sent)) return Number(sent);
  return undefined;
};

const minutesOf = (sent: unknown): Result<number> => {
  if (sent === undefined || sent === null || sent === '') return problem('xxsc', 'is missing');
  const minutes = wholeNumberOf(sent);
  if (minutes === undefined) return problem('xxsc', 'must be a whole number of minutes', 'hours-invalid');
  if (minutes <= 0) return problem('xxsc', 'must be more than 0 minutes', 'hours-out-of-range');
  if (minutes > minutesMax)
    return problem(
      'xxsc',
      `more than ${minutesMax.toLocaleString('en-US')} minutes (${hoursMax} 学时)`,
      'hours-out-of-range',
    );
  return ok(minutes);
};

/** zt: 1 valid, 0 withdrawn; answers `withdrawn`. */
const withdrawnOf = (sent: unknown): Result<boolean> => {
  if (sent === undefined || sent === null || sent === '') return problem('zt', 'is missing');
  const zt = wholeNumberOf(sent);
  if (zt === 1) return ok(false);
  if (zt === 0) return ok(true);
  return problem('zt', 'must be 1 (valid) or 0 (withdrawn)', 'status-invalid');
};

const passedOf = (sent: string): Result<boolean> => {
  const text = sent.trim();
  if (text === '合格') return ok(true);
  if (text === '不合格') return ok(false);
  return problem('khjg', 'must be 合格 or 不合格', 'status-invalid');
};

/**
 * A record with zt = 0 and a usable xh withdraws that record even when its other fields are
 * not valid; undefined when it is no such withdrawal.
 */
const withdrawalDespite = (
  record: unknown,
  time: VersionTime,
  context: NormaliseContext,
): Result<CompletionVersion> | undefined => {
  if (record === null || typeof record !== 'object') return undefined;
  const { xh, zt } = record as { xh?: unknown; zt?: unknown };
  const recordId = jxnuRecordSchema.shape.xh.safeParse(xh);
  const withdrawn = withdrawnOf(zt);
  if (!recordId.success || !withdrawn.ok || !withdrawn.value) return undefined;
  return withdrawalVersionOf('jxnu', recordId.data, time, jxnuWithdrawalReason, context);
};

/**
 * `index` is the record's place in its batch: every record of a batch shares the request's
 * timestamp, so of two records with one `xh` the later is the newer (rules.md).
 */
export const normaliseJxnuRecord = (
  record: unknown,
  index: number,
  versionAt: Date,
  context: NormaliseContext,
): JxnuRecordOutcome => {
  const xh = xhOf(record);
  const time: VersionTime = { versionAt, position: index };
  if (Number.isNaN(versionAt.getTime()))
    return { xh, result: problem(jxnuTimestampField, 'is not a time', 'time-invalid') };
  // The signature allows only 300 s of skew; a replayed record keeps its request's time, so check it all the same.
  const versionTime = versionTimeOf(versionAt, jxnuTimestampField, context.now);
  if (!versionTime.ok) return { xh, result: versionTime };

  const parsed = jxnuRecordSchema.safeParse(record);
  if (!parsed.success) {
    const problems = renamedZodProblems(parsed.error, (field) => field || `records[${index}]`);
    return { xh, result: withdrawalDespite(record, time, context) ?? { ok: false, problems } };
  }
  const r = parsed.data;
  const checks = fieldChecks();
  const idCardNo = checks.take(idCardFieldOf(r.sfzh, 'sfzh'));
  const category = categoryOf(r.kclb);
  if (!category) checks.add('kclb', 'must be 公需课 or 专业课', 'category-not-on-list');
  const minutes = checks.take(minutesOf(r.xxsc));
  const completedAt = parseBeijingLocal(r.wcsj);
  if (!completedAt) checks.add('wcsj', 'must be a Beijing time YYYY-MM-DD HH:mm:ss', 'time-invalid');
  const passed = checks.take(passedOf(r.khjg));
  const withdrawn = checks.take(withdrawnOf(r.zt));
  const trainingYear = checks.take(trainingYearOf(r.pxnd, 'pxnd'));

  const taken = checks.all({ idCardNo, category, minutes, completedAt, passed, withdrawn });
  const result: Result<CompletionVersion> =
    taken === undefined
      ? { ok: false, problems: checks.problems }
      : completionVersionOf(
          'jxnu',
          {
            recordId: r.xh,
            versionAt,
            position: index,
            idCardNo: taken.idCardNo,
            course: { code: r.kcdm, title: r.kcmc },
            category: taken.category,
            topic: r.ztmc,
            hundredths: hundredthsFromMinutes(taken.minutes),
            completedAt: taken.completedAt,
            trainingYear,
            passed: taken.passed,
            withdrawn: taken.withdrawn,
          },
          { completedAt: 'wcsj', trainingYear: 'pxnd' },
          context,
        );
  return { xh, result: result.ok ? result : (withdrawalDespite(record, time, context) ?? result) };
};
