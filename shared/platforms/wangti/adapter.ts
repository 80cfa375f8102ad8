/**
 * One wangti export row → normalised version, or the problems named by the Chinese column
 * names (`身份证号: check character does not match`).
 *
 * - 学时 decimal (more than 0, at most 100, two places); 完成时间/更新时间 `YYYY/MM/DD HH:mm:ss`
 *   Beijing time; 科目类别 公需/专业; 培训年度 optional (empty: none).
 * - 状态 有效 valid, 撤销 withdrawn: a completion with `withdrawn: true`. A withdrawal whose other
 *   cells are not valid still withdraws its 流水号 (as a withdrawal naming only the record).
 * - The version time is 更新时间: a record re-exported later wins.
 * - wangti sends no exam result: an exported completion is a passed one.
 *
 * Rows come from parseWangtiCsv, or back from a stored failure for a replay, so the row is
 * checked here again (`unknown`), not trusted.
 */
import * as z from 'zod';
import { recordIdLengthMax, textLengthMax, type CompletionVersion } from '../../completion.js';
import { ok, problem, type Result } from '../../result.js';
import { parseBeijingLocal } from '../../rules/beijing-time.js';
import { categoryOf, isInFuture, versionTimeOf } from '../../rules/classify.js';
import { completionVersionOf, withdrawalVersionOf } from '../completion-of.js';
import { decimalHoursOf } from '../decimal-hours.js';
import { fieldChecks, renamedZodProblems } from '../field-checks.js';
import { textField, trimmedCodeField } from '../field-schemas.js';
import type { NormaliseContext } from '../normalise-context.js';
import { idCardFieldOf } from '../person-of.js';
import { trainingYearOf } from '../training-year.js';
import { columnNameOf } from './columns.js';

export interface WangtiRowOutcome {
  /** The row's 流水号 (trimmed), to report and record failures by; undefined when it has none. */
  readonly recordId: string | undefined;
  readonly result: Result<CompletionVersion>;
}

/** The reason a wangti withdrawal carries when it names only the record. */
export const wangtiWithdrawalReason = '撤销';

/** The field a row that is no row at all is named by (only a damaged stored failure can be one). */
export const wangtiRowField = 'row';

const cell = textField(textLengthMax);
const timeCell = textField(40);

export const wangtiRowSchema = z.object(
  {
    recordId: trimmedCodeField(recordIdLengthMax),
    idCardNo: cell,
    courseCode: trimmedCodeField(textLengthMax),
    courseTitle: cell,
    category: cell,
    topic: cell,
    hours: cell,
    completedAt: timeCell,
    status: cell,
    updatedAt: timeCell,
    trainingYear: cell.optional(),
  },
  { error: 'must be an object of the export row’s columns' },
);

const timeOf = (text: string, column: string): Result<Date> => {
  const at = parseBeijingLocal(text);
  return at ? ok(at) : problem(column, 'must be a Beijing time YYYY/MM/DD HH:mm:ss', 'time-invalid');
};

/** 状态: 有效 valid, 撤销 withdrawn; answers `withdrawn`. */
const withdrawnOf = (sent: unknown): Result<boolean> => {
  const text = typeof sent === 'string' ? sent.trim() : '';
  if (text === '有效') return ok(false);
  if (text === '撤销') return ok(true);
  return text === '' ? problem('状态', 'is missing') : problem('状态', 'must be 有效 or 撤销', 'status-invalid');
};

const recordIdOf = (row: unknown): string | undefined => {
  if (row === null || typeof row !== 'object') return undefined;
  const parsed = wangtiRowSchema.shape.recordId.safeParse((row as { recordId?: unknown }).recordId);
  return parsed.success ? parsed.data : undefined;
};

/** A 撤销 row with a usable 流水号 and 更新时间 withdraws that record even when its other cells are not valid. */
const withdrawalDespite = (
  row: unknown,
  position: number,
  context: NormaliseContext,
): Result<CompletionVersion> | undefined => {
  if (row === null || typeof row !== 'object') return undefined;
  const { status, updatedAt } = row as { status?: unknown; updatedAt?: unknown };
  const recordId = recordIdOf(row);
  const withdrawn = withdrawnOf(status);
  const versionAt = typeof updatedAt === 'string' ? parseBeijingLocal(updatedAt) : undefined;
  // A withdrawal dated in the future decides nothing either (rules.md): it stays a failure.
  if (recordId === undefined || !withdrawn.ok || !withdrawn.value || !versionAt || isInFuture(versionAt, context.now))
    return undefined;
  return withdrawalVersionOf('wangti', recordId, { versionAt, position }, wangtiWithdrawalReason, context);
};

/**
 * `position` is the row's place in its page: of rows with one 流水号 and one 更新时间, the later
 * row is the newer (rules.md).
 */
export const normaliseWangtiRow = (row: unknown, position: number, context: NormaliseContext): WangtiRowOutcome => {
  const recordId = recordIdOf(row);
  const parsed = wangtiRowSchema.safeParse(row);
  if (!parsed.success) {
    const problems = renamedZodProblems(parsed.error, (field) => (field === '' ? wangtiRowField : columnNameOf(field)));
    return { recordId, result: withdrawalDespite(row, position, context) ?? { ok: false, problems } };
  }
  const r = parsed.data;
  const checks = fieldChecks();
  const idCardNo = checks.take(idCardFieldOf(r.idCardNo, '身份证号'));
  const category = categoryOf(r.category);
  if (!category && r.category.trim() === '') checks.add('科目类别', 'is missing');
  else if (!category) checks.add('科目类别', 'must be 公需 or 专业', 'category-not-on-list');
  const hundredths = checks.take(decimalHoursOf(r.hours, '学时'));
  const completedAt = checks.take(timeOf(r.completedAt, '完成时间'));
  const withdrawn = checks.take(withdrawnOf(r.status));
  const updatedAt = checks.take(timeOf(r.updatedAt, '更新时间'));
  const versionAt = updatedAt && checks.take(versionTimeOf(updatedAt, '更新时间', context.now));
  const trainingYear = checks.take(trainingYearOf(r.trainingYear, '培训年度'));

  const taken = checks.all({ idCardNo, category, hundredths, completedAt, withdrawn, versionAt });
  const result: Result<CompletionVersion> =
    taken === undefined
      ? { ok: false, problems: checks.problems }
      : completionVersionOf(
          'wangti',
          {
            recordId: r.recordId,
            versionAt: taken.versionAt,
            position,
            idCardNo: taken.idCardNo,
            course: { code: r.courseCode, title: r.courseTitle },
            category: taken.category,
            topic: r.topic,
            hundredths: taken.hundredths,
            completedAt: taken.completedAt,
            trainingYear,
            passed: true,
            withdrawn: taken.withdrawn,
          },
          { completedAt: '完成时间', trainingYear: '培训年度' },
          context,
        );
  return { recordId, result: result.ok ? result : (withdrawalDespite(row, position, context) ?? result) };
};
