/** hnu event → normalised version, or the problems naming the fields as hnu names them. */
import { completionSchemaVersion, type CompletionVersion, type VersionBase } from '../../completion.js';
import { hundredthsFromDecimal, hundredthsMax } from '../../hours.js';
import { idCardProblem, normaliseIdCard, type IdCardNo } from '../../person/id-card.js';
import { ok, problemsFromZod, type FieldProblem, type Result } from '../../result.js';
import { parsePlatformInstant } from '../../rules/beijing-time.js';
import { categoryOf, decideCredit } from '../../rules/classify.js';
import type { NormaliseContext } from '../normalise-context.js';
import { personOf } from '../person-of.js';
import { hnuEventSchema } from './event.js';

const fields = { completedAt: 'data.completedAt', trainingYear: 'data.trainingYear' } as const;

export const normaliseHnuEvent = (body: unknown, context: NormaliseContext): Result<CompletionVersion> => {
  const parsed = hnuEventSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error) };
  const event = parsed.data;
  const problems: FieldProblem[] = [];
  const versionAt = parsePlatformInstant(event.occurredAt);
  if (!versionAt) problems.push({ field: 'occurredAt', message: 'is not a time' });
  const base: VersionBase = {
    schema: completionSchemaVersion,
    platform: 'hnu',
    recordId: event.data.recordId,
    versionAt: versionAt?.toISOString() ?? '',
    receivedAt: context.receivedAt.toISOString(),
    correlationId: context.correlationId,
  };
  if (event.event === 'completion.revoked') {
    return problems.length > 0 ? { ok: false, problems } : ok({ ...base, kind: 'withdrawal', reason: event.data.reason });
  }
  const { data } = event;
  const idCardNo = normaliseIdCard(data.learner.idCardNo);
  const idProblem = idCardProblem(idCardNo);
  if (idProblem) problems.push({ field: 'data.learner.idCardNo', message: idProblem });
  const category = categoryOf(data.course.subject);
  if (!category) problems.push({ field: 'data.course.subject', message: 'must be 公需科目 or 专业科目' });
  const hundredths = hundredthsFromDecimal(data.course.credits);
  if (hundredths === undefined) problems.push({ field: 'data.course.credits', message: 'is not a number of 学时' });
  else if (hundredths <= 0 || hundredths > hundredthsMax) problems.push({ field: 'data.course.credits', message: 'must be more than 0 and at most 100 学时' });
  const completedAt = parsePlatformInstant(data.completedAt);
  if (!completedAt) problems.push({ field: fields.completedAt, message: 'is not a time' });
  if (problems.length > 0 || !completedAt || !category || hundredths === undefined) return { ok: false, problems };
  const credit = decideCredit({ completedAt, trainingYear: data.trainingYear, category, topic: data.course.topic }, fields, context.rules, context.now);
  if (!credit.ok) return credit;
  return ok({
    ...base,
    kind: 'completion',
    person: personOf(idCardNo as IdCardNo, context.crypto),
    course: { code: data.course.code, title: data.course.title },
    category,
    topic: data.course.topic,
    topicMatched: credit.value.topicMatched,
    hundredths,
    completedAt: completedAt.toISOString(),
    creditYear: credit.value.creditYear,
    makeup: credit.value.makeup,
    passed: data.examPassed,
    withdrawn: false,
  });
};
