/**
 * The normalised version, from facts an adapter has checked field by field: the rules decide
 * the credit year, makeup and topic (naming the platform's fields), and the person is built
 * only once everything else is valid (no sealing work for a record that is refused).
 *
 * Every version leaves here checked against the queue's schema, so no schema between the
 * adapter and the ledger can refuse what an adapter accepted: a gap between the two (a limit
 * written twice) is that one record's failure, named, never a whole delivery's 500.
 */
import {
  completionSchemaVersion,
  completionVersionSchema,
  type CompletionRecord,
  type CompletionVersion,
  type VersionBase,
  type Withdrawal,
} from '../completion.js';
import type { Hundredths } from '../hours.js';
import type { IdCardNo } from '../person/id-card.js';
import { ok, problemsFromZod, type Result } from '../result.js';
import { decideCredit, type Category, type CreditFieldNames } from '../rules/classify.js';
import type { NormaliseContext } from './normalise-context.js';
import { personOf } from './person-of.js';
import type { PlatformCode } from './platform.js';

export interface CompletionFacts {
  readonly recordId: string;
  readonly versionAt: Date;
  /** The record's position in its delivery (completion.ts `position`). */
  readonly position: number;
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

/** Where a version stands in its record's newest-wins order: the platform's version time, then its position in the delivery. */
export interface VersionTime {
  readonly versionAt: Date;
  readonly position: number;
}

export const versionBaseOf = (
  platform: PlatformCode,
  recordId: string,
  time: VersionTime,
  context: NormaliseContext,
): VersionBase => ({
  schema: completionSchemaVersion,
  platform,
  recordId,
  versionAt: time.versionAt.toISOString(),
  position: time.position,
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
  return checkedVersion<CompletionRecord>({
    ...versionBaseOf(platform, facts.recordId, facts, context),
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

/** The field problems name a version's own fields by: `completion.hundredths`. */
export const completionField = 'completion';

const checkedVersion = <V extends CompletionVersion>(version: V): Result<V> => {
  const checked = completionVersionSchema.safeParse(version);
  return checked.success ? ok(version) : { ok: false, problems: problemsFromZod(checked.error, completionField) };
};

export const withdrawalVersionOf = (
  platform: PlatformCode,
  recordId: string,
  time: VersionTime,
  reason: string,
  context: NormaliseContext,
): Result<Withdrawal> =>
  checkedVersion<Withdrawal>({ ...versionBaseOf(platform, recordId, time, context), kind: 'withdrawal', reason });
