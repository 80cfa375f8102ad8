/**
 * hnu event → normalised version, or the problems naming the fields as hnu names them
 * (`data.course.credits`, `data.learner.idCardNo`, ...). The version time is `occurredAt`;
 * `completion.revoked` is a withdrawal that names only the record.
 */
import type { CompletionVersion } from '../../completion.js';
import { problemsFromZod, type Result } from '../../result.js';
import { parsePlatformInstant } from '../../rules/beijing-time.js';
import { categoryOf, versionTimeOf } from '../../rules/classify.js';
import { completionVersionOf, withdrawalVersionOf } from '../completion-of.js';
import { decimalHoursOf } from '../decimal-hours.js';
import { fieldChecks } from '../field-checks.js';
import type { NormaliseContext } from '../normalise-context.js';
import { idCardFieldOf } from '../person-of.js';
import { trainingYearOf } from '../training-year.js';
import { hnuEventSchema } from './event.js';

/** The fields hnu sends that the adapter reads, as problems name them. */
export const hnuFields = {
  event: 'event',
  eventId: 'eventId',
  occurredAt: 'occurredAt',
  recordId: 'data.recordId',
  reason: 'data.reason',
  idCardNo: 'data.learner.idCardNo',
  courseCode: 'data.course.code',
  courseTitle: 'data.course.title',
  subject: 'data.course.subject',
  topic: 'data.course.topic',
  credits: 'data.course.credits',
  completedAt: 'data.completedAt',
  examPassed: 'data.examPassed',
  trainingYear: 'data.trainingYear',
} as const;

/** One event a delivery: its position is always the first. */
const hnuPosition = 0;

export const normaliseHnuEvent = (body: unknown, context: NormaliseContext): Result<CompletionVersion> => {
  const parsed = hnuEventSchema.safeParse(body);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error);
    // A body that is no object at all has no field to name: name the body.
    return { ok: false, problems: problems.map((p) => (p.field === '' ? { ...p, field: 'body' } : p)) };
  }
  const event = parsed.data;
  const checks = fieldChecks();
  const occurredAt = parsePlatformInstant(event.occurredAt);
  if (!occurredAt) checks.add(hnuFields.occurredAt, 'is not an ISO 8601 time', 'time-invalid');
  const versionAt = occurredAt && checks.take(versionTimeOf(occurredAt, hnuFields.occurredAt, context.now));

  if (event.event === 'completion.revoked') {
    if (!versionAt) return { ok: false, problems: checks.problems };
    return withdrawalVersionOf(
      'hnu',
      event.data.recordId,
      { versionAt, position: hnuPosition },
      event.data.reason,
      context,
    );
  }

  const { data } = event;
  const idCardNo = checks.take(idCardFieldOf(data.learner.idCardNo, hnuFields.idCardNo));
  const category = categoryOf(data.course.subject);
  if (!category) checks.add(hnuFields.subject, 'must be 公需科目 or 专业科目', 'category-not-on-list');
  const hundredths = checks.take(decimalHoursOf(data.course.credits, hnuFields.credits));
  const completedAt = parsePlatformInstant(data.completedAt);
  if (!completedAt) checks.add(hnuFields.completedAt, 'is not an ISO 8601 time', 'time-invalid');
  const trainingYear = checks.take(trainingYearOf(data.trainingYear, hnuFields.trainingYear));

  const taken = checks.all({ versionAt, idCardNo, category, hundredths, completedAt });
  if (taken === undefined) return { ok: false, problems: checks.problems };
  return completionVersionOf(
    'hnu',
    {
      recordId: data.recordId,
      versionAt: taken.versionAt,
      position: hnuPosition,
      idCardNo: taken.idCardNo,
      course: { code: data.course.code, title: data.course.title },
      category: taken.category,
      topic: data.course.topic,
      hundredths: taken.hundredths,
      completedAt: taken.completedAt,
      trainingYear,
      passed: data.examPassed,
      withdrawn: false,
    },
    { completedAt: hnuFields.completedAt, trainingYear: hnuFields.trainingYear },
    context,
  );
};
