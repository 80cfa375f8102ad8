/**
 * The oracle's answer (sim/expected.ts, computed from the generated payloads and the rules
 * alone) in the soak's terms: ledgers keyed as the hub keys people, and the bad records that
 * must each be visible to operators as a failure.
 */
import type { Expectation } from '../../sim/expected.js';
import type { OracleLedger } from './compare.js';

export const comparableLedgersOf = (
  expectation: Expectation,
  personKeyOf: (idCardNo: string) => string,
): OracleLedger[] =>
  expectation.ledgers.map((ledger) => ({
    personKey: personKeyOf(ledger.idCardNo),
    year: ledger.year,
    entries: ledger.records.map((record) => ({
      platform: record.platform,
      recordId: record.recordId,
      state: record.state,
      hundredths: record.hundredths,
    })),
    totals: {
      publicHundredths: ledger.publicHundredths,
      professionalHundredths: ledger.professionalHundredths,
      totalHundredths: ledger.totalHundredths,
      entries: ledger.entries,
    },
  }));

const keyOf = (platform: string, recordId: string): string => `${platform}#${recordId}`;

/** Every bad record once (a retried one is one record), by platform and record id. */
export const badRecordsOf = (expectation: Expectation): Set<string> =>
  new Set(
    expectation.rejected.flatMap((rejection) =>
      rejection.recordId === undefined ? [] : [keyOf(rejection.platform, rejection.recordId)],
    ),
  );

export interface FailureLike {
  readonly platform: string;
  readonly recordId: string | null;
  readonly reasonCode: string;
  readonly stage: string;
}

export interface Visibility {
  /** Bad records operators can see as a failure. */
  readonly visible: number;
  /** Bad records with no failure: each one is a record thrown away silently. */
  readonly missing: readonly string[];
  /** Record failures for records the oracle finds good: something refused a good record. */
  readonly unexpected: readonly string[];
  /** Failures that are not about a record (the export answering 5xx, say): shown, not judged. */
  readonly other: number;
}

/** A record's own failure is named by the rule it broke (and, in failures kept before that, `invalid-record`). */
const isRecordFailure = (failure: FailureLike): boolean => failure.stage === 'record';

export const visibilityOf = (bad: ReadonlySet<string>, failures: readonly FailureLike[]): Visibility => {
  const seen = new Set<string>();
  const unexpected = new Set<string>();
  let other = 0;
  for (const failure of failures) {
    if (!isRecordFailure(failure) || failure.recordId === null) {
      other += 1;
      continue;
    }
    const key = keyOf(failure.platform, failure.recordId);
    if (bad.has(key)) seen.add(key);
    else unexpected.add(key);
  }
  return { visible: seen.size, missing: [...bad].filter((key) => !seen.has(key)), unexpected: [...unexpected], other };
};
