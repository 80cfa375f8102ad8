/**
 * The normalised version, from facts an adapter has checked field by field: the rules decide
 * the credit year, makeup and topic (naming the platform's fields), and the person is built
 * only once everything else is valid (no sealing work for a record that is refused).
 */
import { completionSchemaVersion, type CompletionRecord, type VersionBase, type Withdrawal } from '../completion.js';
import type { Hundredths } from '../hours.js';
import type { IdCardNo } from '../person/id-card.js';
import { ok, type Result } from '../result.js';
import { decideCredit, type Category, type CreditFieldNames } from '../rules/classify.js';
import type { NormaliseContext } from './normalise-context.js';
import { personOf } from './person-of.js';
import type { PlatformCode } from './platform.js';

export interface CompletionFacts {
  readonly recordId: string;
  readonly versionAt: Date;
  readonly idCardNo: IdCardNo;
  readonly course: { readonly code: string; readonly title: string };
  readonly category: Category;
  readonly topic: string;
  readonly hundredths: Hundredths;
  readonly completedAt: Date;
  readonly trainingYear: number | undefined;
  readonly passed: boolean;
  readonly withdrawn: boolean;
}

export const versionBaseOf = (platform: PlatformCode, recordId: string, versionAt: Date, context: NormaliseContext): VersionBase => ({
  schema: completionSchemaVersion,
  platform,
  recordId,
  versionAt: versionAt.toISOString(),
  receivedAt: context.receivedAt.toISOString(),
  correlationId: context.correlationId,
});

export const completionVersionOf = (
  platform: PlatformCode,
  facts: CompletionFacts,
  fields: CreditFieldNames,
  context: NormaliseContext,
): Result<CompletionRecord> => {
  const credit = decideCredit(
    { completedAt: facts.completedAt, trainingYear: facts.trainingYear, category: facts.category, topic: facts.topic },
    fields,
    context.rules,
    context.now,
  );
  if (!credit.ok) return credit;
  return ok({
    ...versionBaseOf(platform, facts.recordId, facts.versionAt, context),
    kind: 'completion',
    person: personOf(facts.idCardNo, context.crypto),
    course: { code: facts.course.code, title: facts.course.title },
    category: facts.category,
    topic: facts.topic,
    topicMatched: credit.value.topicMatched,
    hundredths: facts.hundredths,
    completedAt: facts.completedAt.toISOString(),
    creditYear: credit.value.creditYear,
    makeup: credit.value.makeup,
    passed: facts.passed,
    withdrawn: facts.withdrawn,
  });
};

export const withdrawalVersionOf = (platform: PlatformCode, recordId: string, versionAt: Date, reason: string, context: NormaliseContext): Withdrawal => ({
  ...versionBaseOf(platform, recordId, versionAt, context),
  kind: 'withdrawal',
  reason,
});
