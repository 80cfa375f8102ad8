/**
 * The operators API answers the console reads, as the hub's schemas define them (types only:
 * nothing here is bundled).
 */
import type { PersonLookup } from '../shared/ops/lookups.js';

export type { FailureSummary, SummaryGroup as FailureGroup } from '../shared/ops/failure-summary.js';
export type { PersonLookup, RecordLookup } from '../shared/ops/lookups.js';
export type { ReplayAnswer } from '../shared/ops/replay-answer-schema.js';
export type {
  RecordVersionView as RecordVersion,
  RemovedRecordView as RemovedRecord,
  StoryEntry,
} from '../shared/ops/record-story.js';
export type { ReplayJobView as ReplayJob, ReplayPreview, ReplayStarted } from '../shared/ops/replay-job.js';
export type ExplainedLedger = PersonLookup['ledgers'][number];
