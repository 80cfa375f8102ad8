/**
 * The space of cases, as fast-check arbitraries: a few people and records per case, each record
 * on one platform with one to three versions (completions, corrections, withdrawals) that vary
 * every field over its valid values, its limits and just past them. A plan holds choices only;
 * render.ts turns it into wire deliveries at the moment it is sent.
 */
import fc from 'fast-check';

export const platforms = ['hnu', 'jxnu', 'wangti'] as const;
export type PlanPlatform = (typeof platforms)[number];

/** Hours as sent, typical then at and around every limit of rules.md. */
export const hoursChoices = {
  hnu: {
    typical: [6, 2, '1.5', '4.5', 2.25, 12, 0.1, 0.2, '0.3', 40],
    edge: [0.01, 100, '100', 100.01, 0, -1, 'abc', '100.01', '0.01', '', 45.5],
  },
  jxnu: { typical: [135, 90, 100, 68, 67, 270], edge: [0, 1, 44, 45, 4_500, 4_501, 6_000, -5, 2_700] },
  wangti: {
    typical: ['2.5', '3', '10', '1.5', '4', '0.1', '0.2', '30.5'],
    edge: ['0.01', '100', '100.01', '0', 'abc', '-1', '', '99.99', '100.00'],
  },
} as const;

/** Completion times: mid-year, both sides of the Beijing new year, now-ish, and too far ahead. */
export const completionAnchors = [
  '2024-mid',
  '2024-last-second',
  '2025-first-half-hour',
  '2025-first-second',
  '2025-mid',
  '2025-last-second',
  'recent',
  'soon',
  'tomorrow',
] as const;
export type CompletionAnchor = (typeof completionAnchors)[number];

export const idSpellings = ['plain', 'lower-x', 'spaces', 'bad-check', 'bad-date'] as const;
export type IdSpelling = (typeof idSpellings)[number];

export interface VersionPlan {
  readonly withdraw: boolean;
  readonly course: number;
  readonly category: 'public' | 'professional';
  readonly categoryWord: 'own' | 'other-word' | 'bad';
  readonly topic: 'exact' | 'spaces' | 'width' | 'other';
  readonly topicIndex: number;
  readonly hours: { readonly edge: boolean; readonly index: number };
  readonly completion: CompletionAnchor;
  readonly hnuZone: 'beijing' | 'utc' | 'none' | 'tokyo';
  /** A correction that names the other person of the case (the entry moves). */
  readonly otherPerson: boolean;
  readonly training: 'none' | 'same' | 'minus1' | 'plus1' | 'minus2';
  readonly passed: boolean;
  readonly id: IdSpelling;
  /** Where the version time sits: past (ordered by `rankKey`), within the tolerance ahead, or too far ahead. */
  readonly versionTime: 'past' | 'soon' | 'future';
  readonly rankKey: number;
  /** wangti: the same 更新时间 as the previous version of the record (when on the same page). */
  readonly tie: boolean;
  /** jxnu: the batch; wangti: the page. */
  readonly group: number;
  /** Place among the other records of its batch or page. */
  readonly placeKey: number;
  /** A malformed field (`manglings` of its platform), or none. */
  readonly mangle: number | null;
}

/** Fields malformed beyond their limits: a wrong type, an unknown code, a missing field, a wrong time format. */
export const manglings = {
  hnu: ['examPassed-text', 'event-unknown', 'idCardNo-missing', 'credits-null', 'completedAt-words'],
  jxnu: ['xxsc-fraction', 'xxsc-words', 'zt-unknown', 'khjg-unknown', 'wcsj-month-13', 'sfzh-missing'],
  wangti: ['状态-unknown', '完成时间-february-30', '学时-comma', '身份证号-empty'],
} as const;

export interface RecordPlan {
  readonly platform: PlanPlatform;
  readonly person: number;
  readonly versions: readonly VersionPlan[];
  /** hnu: resend this many events again (retries, same event id); jxnu: resend a batch; wangti: serve a page again. */
  readonly duplicates: number;
}

/** Converted hours approved on the portal: posted, maybe posted again (same or other content), maybe revoked. */
export interface AdjustmentPlan {
  readonly person: number;
  readonly year: 2024 | 2025 | 2026;
  readonly category: 'public' | 'professional';
  readonly hoursIndex: number;
  readonly repost: 'none' | 'same' | 'different';
  readonly revoke: boolean;
}

export const adjustmentHours = [4, 0.5, 10, 0.01, 100, 2.25, 0.1] as const;

export interface CasePlan {
  readonly people: readonly { readonly xCheck: boolean }[];
  readonly records: readonly RecordPlan[];
  readonly adjustments: readonly AdjustmentPlan[];
  /** Arrival order of the deliveries, by these keys. */
  readonly arrivalKeys: readonly number[];
  /** jxnu batch times, by these keys. */
  readonly batchKeys: readonly number[];
}

const weighted = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, usualWeight = 4) =>
  fc.oneof({ arbitrary: usual, weight: usualWeight }, { arbitrary: rare, weight: 1 });

const versionPlan = (): fc.Arbitrary<VersionPlan> =>
  fc.record({
    withdraw: weighted(fc.constant(false), fc.constant(true), 3),
    course: fc.integer({ min: 0, max: 1 }),
    category: fc.constantFrom('public' as const, 'professional' as const),
    categoryWord: weighted(fc.constant('own' as const), fc.constantFrom('other-word' as const, 'bad' as const), 6),
    topic: weighted(
      fc.constant('exact' as const),
      fc.constantFrom('spaces' as const, 'width' as const, 'other' as const),
      3,
    ),
    topicIndex: fc.nat({ max: 6 }),
    hours: fc.record({ edge: weighted(fc.constant(false), fc.constant(true), 2), index: fc.nat({ max: 11 }) }),
    completion: fc.constantFrom(...completionAnchors),
    hnuZone: fc.constantFrom('beijing' as const, 'utc' as const, 'none' as const, 'tokyo' as const),
    otherPerson: weighted(fc.constant(false), fc.constant(true), 12),
    training: weighted(
      fc.constant('none' as const),
      fc.constantFrom('same' as const, 'minus1' as const, 'plus1' as const, 'minus2' as const),
      2,
    ),
    passed: weighted(fc.constant(true), fc.constant(false), 8),
    id: weighted(
      fc.constant('plain' as const),
      fc.constantFrom('lower-x' as const, 'spaces' as const, 'bad-check' as const, 'bad-date' as const),
      3,
    ),
    versionTime: weighted(fc.constant('past' as const), fc.constantFrom('soon' as const, 'future' as const), 6),
    rankKey: fc.nat({ max: 1_000 }),
    tie: weighted(fc.constant(false), fc.constant(true), 2),
    group: fc.integer({ min: 0, max: 2 }),
    placeKey: fc.nat({ max: 1_000 }),
    mangle: weighted(fc.constant(null), fc.nat({ max: 5 }), 12),
  });

const recordPlan = (): fc.Arbitrary<RecordPlan> =>
  fc.record({
    platform: fc.constantFrom(...platforms),
    person: fc.integer({ min: 0, max: 1 }),
    versions: fc.array(versionPlan(), { minLength: 1, maxLength: 3 }),
    duplicates: weighted(fc.constant(0), fc.integer({ min: 1, max: 2 }), 3),
  });

export const casePlan = (): fc.Arbitrary<CasePlan> =>
  fc.record({
    people: fc.array(fc.record({ xCheck: fc.boolean() }), { minLength: 2, maxLength: 2 }),
    records: fc.array(recordPlan(), { minLength: 1, maxLength: 4 }),
    adjustments: weighted(
      fc.constant<AdjustmentPlan[]>([]),
      fc.array(
        fc.record({
          person: fc.integer({ min: 0, max: 1 }),
          year: fc.constantFrom(2024 as const, 2025 as const, 2026 as const),
          category: fc.constantFrom('public' as const, 'professional' as const),
          hoursIndex: fc.nat({ max: adjustmentHours.length - 1 }),
          repost: fc.constantFrom('none' as const, 'same' as const, 'different' as const),
          revoke: weighted(fc.constant(false), fc.constant(true), 2),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      3,
    ),
    arrivalKeys: fc.array(fc.nat({ max: 1_000 }), { minLength: 24, maxLength: 24 }),
    batchKeys: fc.array(fc.nat({ max: 1_000 }), { minLength: 4, maxLength: 4 }),
  });
