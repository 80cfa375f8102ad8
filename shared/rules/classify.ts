/**
 * What the rules decide about one record before it reaches a ledger (rules.md): its
 * category, its credit year (Beijing time, makeup study), its topic against the year's
 * list, and the bad input that must be quarantined instead.
 */
import { problem, ok, type Result } from '../result.js';
import { beijingYearOf } from './beijing-time.js';
import { futureToleranceMinutes, makeupYearsBack, type RuleBook } from './year-rules.js';

export type Category = 'public' | 'professional';

const categoryNames: Readonly<Record<string, Category>> = {
  公需科目: 'public',
  公需课: 'public',
  公需: 'public',
  专业科目: 'professional',
  专业课: 'professional',
  专业: 'professional',
};

/** Own names only: `valueOf`, `constructor` or `__proto__` must not find the object's prototype. */
export const categoryOf = (sent: string): Category | undefined => {
  const name = sent.trim();
  return Object.hasOwn(categoryNames, name) ? categoryNames[name] : undefined;
};

/** Full-width ASCII to half-width, ideographic space to space, and trimmed (rules.md: topic matching). */
export const foldWidth = (text: string): string =>
  text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The year's topic this one matches (exact, or after trimming and width folding), or null (`other`). */
export const matchTopic = (sent: string, topics: readonly string[]): string | null => {
  if (topics.includes(sent)) return sent;
  const folded = foldWidth(sent);
  return topics.find((topic) => foldWidth(topic) === folded) ?? null;
};

export interface CreditDecision {
  readonly creditYear: number;
  readonly makeup: boolean;
  readonly topicMatched: string | null;
}

export interface CreditQuestion {
  readonly completedAt: Date;
  readonly trainingYear: number | undefined;
  readonly category: Category;
  readonly topic: string;
}

/** Field names as the platform calls them, so the error names the field the sender knows. */
export interface CreditFieldNames {
  readonly completedAt: string;
  readonly trainingYear: string;
}

const futureToleranceMs = futureToleranceMinutes * 60_000;

/** Later than the hub's clock by more than the tolerance (rules.md: completion and version times alike). */
export const isInFuture = (at: Date, now: Date): boolean => at.getTime() > now.getTime() + futureToleranceMs;

/**
 * A version time more than 10 minutes in the future is bad input (rules.md): accepted, it
 * would outrank every later real correction or withdrawal of its record for ever.
 */
export const versionTimeOf = (versionAt: Date, field: string, now: Date): Result<Date> =>
  isInFuture(versionAt, now)
    ? problem(field, `is more than ${futureToleranceMinutes} minutes in the future`, 'version-in-future')
    : ok(versionAt);

export const decideCredit = (
  question: CreditQuestion,
  fields: CreditFieldNames,
  rules: RuleBook,
  now: Date,
): Result<CreditDecision> => {
  if (isInFuture(question.completedAt, now)) {
    return problem(
      fields.completedAt,
      `is more than ${futureToleranceMinutes} minutes in the future`,
      'completion-in-future',
    );
  }
  const completionYear = beijingYearOf(question.completedAt);
  const trainingYear = question.trainingYear;
  if (
    trainingYear !== undefined &&
    (trainingYear > completionYear || trainingYear < completionYear - makeupYearsBack)
  ) {
    return problem(
      fields.trainingYear,
      `must be the completion year ${completionYear} or the year before (makeup study), not ${trainingYear}`,
      'training-year-out-of-range',
    );
  }
  const creditYear = trainingYear ?? completionYear;
  const yearRules = rules.get(creditYear);
  // Name the field the year came from: the training year when one was sent, else the completion time.
  if (!yearRules)
    return problem(
      trainingYear !== undefined ? fields.trainingYear : fields.completedAt,
      `no rules are configured for credit year ${creditYear}`,
      'no-rules-for-year',
    );
  return ok({
    creditYear,
    makeup: creditYear < completionYear,
    topicMatched: matchTopic(question.topic, yearRules.topics[question.category]),
  });
};
