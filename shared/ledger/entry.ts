/** What a ledger holds per record (its entries) and what it remembers of records that left it (tombstones). */
import * as z from 'zod';
import { platformCodes } from '../platforms/platform.js';

export const entrySources = [...platformCodes, 'portal'] as const;
/** `zero-hours`: a record of 0 学时 (jxnu: under 45 minutes) is recorded and never counts (rules.md). */
export const entryStates = ['counted', 'repeat', 'revoked', 'not-passed', 'zero-hours'] as const;
export type EntryState = (typeof entryStates)[number];

export const conversionKinds = ['xuexiqiangguo', 'research', 'project', 'paper', 'other'] as const;

export const ledgerEntrySchema = z.object({
  source: z.enum(entrySources),
  recordId: z.string().min(1),
  versionKey: z.string().min(1),
  courseCode: z.string(),
  courseTitle: z.string(),
  category: z.enum(['public', 'professional']),
  topic: z.string(),
  topicMatched: z.string().nullable(),
  hundredths: z.number().int().min(0),
  completedAt: z.string(),
  creditYear: z.number().int(),
  makeup: z.boolean(),
  passed: z.boolean(),
  withdrawn: z.boolean(),
  withdrawReason: z.string().optional(),
  /** Converted hours (折算学时) approved on the portal. */
  conversionKind: z.enum(conversionKinds).optional(),
  /** Decided from all entries together (repeats), never from one version alone. */
  state: z.enum(entryStates),
  stateReason: z.string(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/**
 * A record whose newest version is not (or no longer) here: withdrawn before its completion
 * reached this ledger, or moved to another person or year by a correction. A version older
 * than the tombstone is stale here.
 */
export const tombstoneSchema = z.object({
  versionKey: z.string().min(1),
  cause: z.enum(['withdrawn', 'moved']),
  reason: z.string().optional(),
});
export type Tombstone = z.infer<typeof tombstoneSchema>;

/** `hnu#HNU-2024-0000123`: the entry's identity, (platform, the platform's record id). */
export const entryKeyOf = (source: string, recordId: string): string => `${source}#${recordId}`;
