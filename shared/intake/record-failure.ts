/**
 * What every intake keeps of a record it rejects: the failure named by the rule broken
 * (rules/record-rules.ts) with a message naming every bad field, the person's keyed hash when
 * the record named a valid ID card number (the operators' person lookup finds it by this),
 * and the input a replay needs.
 */
import type { CompletionVersion } from '../completion.js';
import type { NewFailure, ReplayInput } from '../failures.js';
import type { PersonCrypto } from '../person/person-key.js';
import { personKeyOfSent } from '../platforms/person-of.js';
import type { PlatformCode } from '../platforms/platform.js';
import { describeProblems, type FieldProblem } from '../result.js';
import { reasonOfProblems } from '../rules/record-rules.js';

export interface RejectedRecord {
  readonly platform: PlatformCode;
  readonly problems: readonly FieldProblem[];
  readonly correlationId: string;
  readonly recordId: string | undefined;
  /** The ID card field as the platform sent it (never kept in clear: only its keyed hash). */
  readonly idCardSent: unknown;
  readonly input: ReplayInput;
}

export const recordFailureOf = (rejected: RejectedRecord, crypto: PersonCrypto): NewFailure => {
  const personKey = personKeyOfSent(rejected.idCardSent, crypto);
  return {
    platform: rejected.platform,
    stage: 'record',
    reasonCode: reasonOfProblems(rejected.problems),
    message: describeProblems(rejected.problems),
    correlationId: rejected.correlationId,
    ...(rejected.recordId === undefined ? {} : { recordId: rejected.recordId }),
    ...(personKey === undefined ? {} : { personKey }),
    input: rejected.input,
  };
};

/** Accepted completions whose topic is not on their year's list (rules.md: counted, shown as `other`, and a metric of catalogue drift). */
export const otherTopicsIn = (versions: readonly CompletionVersion[]): number =>
  versions.reduce(
    (count, version) => count + (version.kind === 'completion' && version.topicMatched === null ? 1 : 0),
    0,
  );

/** A field of an object the platform sent, read without trusting its shape. */
export const sentField = (value: unknown, ...path: readonly string[]): unknown => {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
};
