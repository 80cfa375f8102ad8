/**
 * The shapes of the operators API answers the console reads that are not in shared/ yet
 * (hub-api.md: the failures summary, bulk replay jobs, the person and record lookups). Types
 * only: nothing here is bundled.
 */
import type { LedgerView } from '../shared/api/ledger-view.js';
import type { TranscriptEntry } from '../shared/api/transcript.js';
import type { FailureView } from '../shared/ops/failure-view.js';

export interface FailureGroup {
  readonly platform: string;
  readonly reasonCode: string;
  readonly open: number;
  readonly replayed: number;
  readonly stillFailing: number;
  readonly total: number;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
}

export interface FailureSummary {
  readonly since: string;
  readonly until: string;
  readonly total: number;
  readonly groups: readonly FailureGroup[];
}

export interface ReplayJob {
  readonly jobId: string;
  readonly status: 'running' | 'done';
  readonly matched: number;
  readonly replayed: number;
  readonly credited: number;
  readonly stillFailing: number;
}

/** A person's ledger of one credit year, as an operator may see it (number masked). */
export interface LedgerRef {
  readonly personRef: string;
  readonly idCardNo: string;
  readonly year: number;
}

/** One version the hub received of a platform record, and what it did. */
export interface RecordVersion {
  readonly platform: string;
  readonly recordId: string;
  readonly kind: 'completion' | 'withdrawal';
  readonly versionAt: string;
  readonly receivedAt: string | null;
  readonly ledger: LedgerRef | null;
  readonly effect: string;
  readonly explanation: string;
}

export interface StoryEntry extends TranscriptEntry {
  readonly ledger: LedgerRef;
  readonly versions: readonly RecordVersion[];
}

/** A record a ledger remembers but does not hold (withdrawn first, or moved by a correction). */
export interface RemovedRecord {
  readonly platform: string;
  readonly recordId: string;
  readonly ledger: LedgerRef;
  readonly cause: 'withdrawn' | 'moved';
  readonly reason: string | null;
  readonly versions: readonly RecordVersion[];
}

export interface ExplainedLedger {
  readonly ledger: LedgerView;
  readonly entries: readonly StoryEntry[];
  readonly removed: readonly RemovedRecord[];
}

/** `POST /ops/people/lookup`. */
export interface PersonLookup {
  readonly person: { readonly idCardNo: string; readonly personRef: string };
  readonly ledgers: readonly ExplainedLedger[];
  readonly failures: readonly FailureView[];
}

/** `GET /ops/records/{platform}/{recordId}`. */
export interface RecordLookup {
  readonly platform: string;
  readonly recordId: string;
  readonly entries: readonly StoryEntry[];
  readonly removed: readonly RemovedRecord[];
  readonly versions: readonly RecordVersion[];
  readonly failures: readonly FailureView[];
}
