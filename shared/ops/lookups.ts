/**
 * The operators' lookups (`POST /ops/people/lookup`, `GET /ops/records/{platform}/{recordId}`):
 * their requests and answers. Operator views: an ID card number shows its last 4 characters
 * only, names never (failure payloads are masked as in /ops/failures).
 */
import * as z from 'zod';
import { ledgerViewSchema } from '../api/ledger-view.js';
import { idCardNoSchema } from '../person/id-card.js';
import { platformCodes } from '../platforms/platform.js';
import { yearFirst, yearLast } from '../rules/year-rules.js';
import { failureViewSchema } from './failure-view-schema.js';
import { recordVersionSchema, removedRecordSchema, storyEntrySchema } from './record-story.js';

export const personLookupRequestSchema = z
  .strictObject({
    idCardNo: idCardNoSchema.meta({
      description: 'The person’s ID card number (18 characters); in the body, never in a URL',
      example: '36042119850315002X',
    }),
    year: z
      .number()
      .int()
      .min(yearFirst)
      .max(yearLast)
      .optional()
      .meta({ description: 'Only this credit year’s ledger; default every year the hub holds' }),
  })
  .meta({ id: 'PersonLookupRequest' });

export const explainedLedgerSchema = z
  .object({
    ledger: ledgerViewSchema.meta({
      description: 'The totals, as the portal sees them, with `idCardNo` masked to its last 4 characters',
    }),
    entries: z.array(storyEntrySchema).meta({
      description: 'Every entry, newest completion first, with its state, the reason, and every version of its record',
    }),
    removed: z.array(removedRecordSchema).meta({
      description: 'Records this ledger remembers but does not count: withdrawn before they arrived, or moved away',
    }),
  })
  .meta({ id: 'ExplainedLedger' });

export const personLookupSchema = z
  .object({
    person: z.object({ idCardNo: z.string().meta({ description: 'Masked: `****002X`' }), personRef: z.string() }),
    ledgers: z
      .array(explainedLedgerSchema)
      .meta({ description: 'Every credit year the hub holds a ledger of, newest first' }),
    failures: z.array(failureViewSchema).meta({
      description:
        'The newest failures (at most 100) that name this person: records rejected although their ID card number was valid',
    }),
  })
  .meta({ id: 'PersonLookup', description: 'Why a person’s hours are what they are' });
export type PersonLookup = z.infer<typeof personLookupSchema>;

/**
 * Any text but `.` and `..`: as a path segment those are no id (a client resolves them away,
 * RFC 3986 5.2.4, so the hub never sees them), and the document must not offer them.
 */
export const recordIdSegmentPattern = /^(?:[^.][\s\S]*|\.[^.][\s\S]*|\.\.[\s\S]+)$/;

export const recordPathSchema = z.object({
  platform: z.enum(platformCodes).meta({ description: 'The platform that sent the record' }),
  recordId: z
    .string()
    .min(1)
    .max(64)
    .regex(recordIdSegmentPattern, 'must be a record id a URL can carry (not . or ..)')
    .meta({ description: 'The platform’s own id: hnu `recordId`, jxnu `xh`, wangti 流水号 (any but `.` and `..`)' }),
});

export const recordLookupSchema = z
  .object({
    platform: z.string(),
    recordId: z.string(),
    entries: z
      .array(storyEntrySchema)
      .meta({ description: 'The ledger entry the record is (normally one; none while it was never accepted)' }),
    removed: z.array(removedRecordSchema).meta({ description: 'Ledgers that remember the record but do not count it' }),
    versions: z
      .array(recordVersionSchema)
      .meta({ description: 'Every version received, oldest first, with what it did' }),
    failures: z.array(failureViewSchema).meta({ description: 'The newest failures (at most 100) of this record' }),
  })
  .meta({ id: 'RecordLookup', description: 'The story of one platform record' });
export type RecordLookup = z.infer<typeof recordLookupSchema>;
