/**
 * A person's ledger for one credit year, and the pure operations that change it. Every
 * operation is idempotent and order-free (newest version wins), so at-least-once delivery
 * and concurrent writers (retrying on a version conflict) give an exactly-once effect.
 */
import * as z from 'zod';
import type { CompletionRecord } from '../completion.js';
import type { YearRules } from '../rules/year-rules.js';
import { entryKeyOf, ledgerEntrySchema, tombstoneSchema, type LedgerEntry, type Tombstone } from './entry.js';
import { withStates } from './states.js';
import { ledgerSummarySchema, summarise } from './summary.js';
import type { VersionKey } from './version-key.js';

/** A ledger item must stay well under DynamoDB's 400 KB; about 250 bytes an entry. */
export const entriesPerLedgerMax = 1_000;

export const ledgerSchema = z.object({
  personKey: z.string().regex(/^[0-9a-f]{32}$/),
  year: z.number().int(),
  idCardEnc: z.string().min(1),
  idCardLast4: z.string().length(4),
  entries: z.record(z.string(), ledgerEntrySchema),
  tombstones: z.record(z.string(), tombstoneSchema),
  summary: ledgerSummarySchema,
  /** Grows by one with every change; also the optimistic-concurrency token of the item. */
  version: z.number().int().min(0),
  updatedAt: z.string(),
});
export type Ledger = z.infer<typeof ledgerSchema>;

export type EntryFacts = Omit<LedgerEntry, 'state' | 'stateReason'>;

export type LedgerOperation =
  | {
      readonly kind: 'put';
      readonly entry: EntryFacts;
      readonly withdrawnBy?: { versionKey: VersionKey; reason: string };
    }
  | { readonly kind: 'withdraw'; readonly entryKey: string; readonly versionKey: VersionKey; readonly reason: string }
  | { readonly kind: 'move-out'; readonly entryKey: string; readonly versionKey: VersionKey };

export type OperationOutcome = 'applied' | 'duplicate' | 'stale';

export class LedgerInvariantError extends Error {
  override readonly name = 'LedgerInvariantError';
}

export interface LedgerOwner {
  readonly personKey: string;
  readonly year: number;
  readonly idCardEnc: string;
  readonly idCardLast4: string;
}

export const emptyLedger = (owner: LedgerOwner, rules: Pick<YearRules, 'requirement'>): Ledger => ({
  ...owner,
  entries: {},
  tombstones: {},
  summary: summarise([], rules),
  version: 0,
  updatedAt: new Date(0).toISOString(),
});

export const entryFactsOf = (version: CompletionRecord, versionKey: VersionKey): EntryFacts => ({
  source: version.platform,
  recordId: version.recordId,
  versionKey,
  courseCode: version.course.code,
  courseTitle: version.course.title,
  category: version.category,
  topic: version.topic,
  topicMatched: version.topicMatched,
  hundredths: version.hundredths,
  completedAt: version.completedAt,
  creditYear: version.creditYear,
  makeup: version.makeup,
  passed: version.passed,
  withdrawn: version.withdrawn,
});

/** The newest version of a record the ledger has seen, as entry or as tombstone. */
const seen = (ledger: Ledger, entryKey: string): string | undefined => {
  const entry = ledger.entries[entryKey]?.versionKey;
  const tomb = ledger.tombstones[entryKey]?.versionKey;
  if (entry === undefined) return tomb;
  if (tomb === undefined) return entry;
  // biome-ignore lint/complexity/useMathMinMax: version keys are strings; Math.max would answer NaN
  return entry > tomb ? entry : tomb;
};

/**
 * What a version of a record is to a ledger that has seen it before: the same version again
 * (duplicate) or an older one (stale); undefined when it is newer than anything seen, or the
 * ledger has seen none (no ledger at all included).
 */
export const outcomeIfSeen = (
  ledger: Ledger | undefined,
  entryKey: string,
  versionKey: string,
): Exclude<OperationOutcome, 'applied'> | undefined => {
  const latest = ledger && seen(ledger, entryKey);
  if (latest === undefined || latest < versionKey) return undefined;
  return latest === versionKey ? 'duplicate' : 'stale';
};

const withEntry = (ledger: Ledger, entryKey: string, entry: EntryFacts): Ledger => {
  const { [entryKey]: _dropped, ...tombstones } = ledger.tombstones;
  return {
    ...ledger,
    tombstones,
    entries: { ...ledger.entries, [entryKey]: { ...entry, state: 'counted', stateReason: '' } },
  };
};

const withTombstone = (ledger: Ledger, entryKey: string, tombstone: Tombstone): Ledger => {
  const { [entryKey]: _dropped, ...entries } = ledger.entries;
  return { ...ledger, entries, tombstones: { ...ledger.tombstones, [entryKey]: tombstone } };
};

/** Applies one kind of operation: the ledger after it, and what it did. */
type Applier<K extends LedgerOperation['kind']> = (
  ledger: Ledger,
  op: Extract<LedgerOperation, { kind: K }>,
) => [Ledger, OperationOutcome];

const applyPut: Applier<'put'> = (ledger, op) => {
  const entryKey = entryKeyOf(op.entry.source, op.entry.recordId);
  const effectiveKey =
    op.withdrawnBy && op.withdrawnBy.versionKey > op.entry.versionKey ? op.withdrawnBy.versionKey : op.entry.versionKey;
  const held = outcomeIfSeen(ledger, entryKey, effectiveKey);
  if (held) {
    const tomb = ledger.tombstones[entryKey];
    // A completion arriving after its personless withdrawal is still recorded, as revoked.
    if (tomb?.cause === 'withdrawn' && !ledger.entries[entryKey] && tomb.versionKey > op.entry.versionKey) {
      const { [entryKey]: _t, ...tombstones } = ledger.tombstones;
      const entry = {
        ...op.entry,
        withdrawn: true,
        withdrawReason: tomb.reason ?? 'withdrawn',
        versionKey: tomb.versionKey,
      };
      return [
        {
          ...ledger,
          tombstones,
          entries: { ...ledger.entries, [entryKey]: { ...entry, state: 'revoked', stateReason: '' } },
        },
        'applied',
      ];
    }
    return [ledger, held];
  }
  const entry =
    effectiveKey === op.entry.versionKey
      ? op.entry
      : {
          ...op.entry,
          withdrawn: true,
          withdrawReason: op.withdrawnBy?.reason ?? 'withdrawn',
          versionKey: effectiveKey,
        };
  return [withEntry(ledger, entryKey, entry), 'applied'];
};

const applyWithdraw: Applier<'withdraw'> = (ledger, op) => {
  const held = outcomeIfSeen(ledger, op.entryKey, op.versionKey);
  if (held) return [ledger, held];
  const entry = ledger.entries[op.entryKey];
  if (!entry)
    return [
      withTombstone(ledger, op.entryKey, { versionKey: op.versionKey, cause: 'withdrawn', reason: op.reason }),
      'applied',
    ];
  return [
    withEntry(ledger, op.entryKey, { ...entry, withdrawn: true, withdrawReason: op.reason, versionKey: op.versionKey }),
    'applied',
  ];
};

const applyMoveOut: Applier<'move-out'> = (ledger, op) => {
  const held = outcomeIfSeen(ledger, op.entryKey, op.versionKey);
  if (held) return [ledger, held];
  return [withTombstone(ledger, op.entryKey, { versionKey: op.versionKey, cause: 'moved' }), 'applied'];
};

export const applyOperation = (ledger: Ledger, op: LedgerOperation): [Ledger, OperationOutcome] => {
  switch (op.kind) {
    case 'put':
      return applyPut(ledger, op);
    case 'withdraw':
      return applyWithdraw(ledger, op);
    case 'move-out':
      return applyMoveOut(ledger, op);
  }
};

export interface AppliedOperations {
  readonly ledger: Ledger;
  readonly outcomes: readonly OperationOutcome[];
  readonly changed: boolean;
}

/** Applies operations in order, then re-derives states and totals and steps the version once. */
export const applyOperations = (
  ledger: Ledger,
  operations: readonly LedgerOperation[],
  rules: Pick<YearRules, 'requirement'>,
  now: Date,
): AppliedOperations => {
  let next = ledger;
  const outcomes: OperationOutcome[] = [];
  for (const op of operations) {
    const [after, outcome] = applyOperation(next, op);
    next = after;
    outcomes.push(outcome);
  }
  if (!outcomes.includes('applied')) return { ledger, outcomes, changed: false };
  if (Object.keys(next.entries).length > entriesPerLedgerMax) {
    throw new LedgerInvariantError(`ledger ${next.personKey}/${next.year} would exceed ${entriesPerLedgerMax} entries`);
  }
  return { ledger: settle(next, rules, now), outcomes, changed: true };
};

/** Re-derives every entry's state and the totals from the entries, and steps the version. */
export const settle = (ledger: Ledger, rules: Pick<YearRules, 'requirement'>, now: Date): Ledger => {
  const keys = Object.keys(ledger.entries);
  const stated = withStates(keys.map((key) => ledger.entries[key] as LedgerEntry));
  const entries = Object.fromEntries(keys.map((key, i) => [key, stated[i] as LedgerEntry]));
  const updatedAt =
    now.toISOString() > ledger.updatedAt ? now.toISOString() : new Date(Date.parse(ledger.updatedAt) + 1).toISOString();
  return { ...ledger, entries, summary: summarise(stated, rules), version: ledger.version + 1, updatedAt };
};
