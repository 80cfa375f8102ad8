/**
 * The normalised completion: what every platform adapter produces and what travels on the
 * completions queue. Everything the rules decide (credit year, makeup, topic match,
 * credited) is decided before it is enqueued, so the ledger only orders versions and sums.
 * No clear ID card number or name travels: the person is a keyed hash plus a sealed copy.
 */
import * as z from 'zod';
import { platformCodes } from './platforms/platform.js';
import { yearFirst, yearLast } from './rules/year-rules.js';

export const completionSchemaVersion = 'completion/v1';
export const recordIdLengthMax = 64;
export const textLengthMax = 200;
/**
 * A version's position in its delivery (the index in a jxnu batch, the row in a wangti page):
 * among versions of one record with equal version times, the later position is the newer
 * (rules.md). jxnu batches hold at most 500 records and wangti pages are asked for 1,000 rows.
 */
export const deliveryPositionsMax = 10_000;

const isoInstant = z.iso.datetime({ offset: true });

export const personSchema = z.object({
  personKey: z.string().regex(/^[0-9a-f]{32}$/),
  idCardEnc: z.string().min(1),
  /** The last four characters of the ID card number, for operator views and logs. */
  idCardLast4: z.string().length(4),
});

export const courseSchema = z.object({
  code: z.string().min(1).max(textLengthMax),
  title: z.string().max(textLengthMax),
});

const versionBase = {
  schema: z.literal(completionSchemaVersion),
  platform: z.enum(platformCodes),
  recordId: z.string().min(1).max(recordIdLengthMax),
  /** The platform's version time (hnu occurredAt, jxnu X-Jxnu-Timestamp, wangti 更新时间), UTC ISO. */
  versionAt: isoInstant,
  /** Orders versions of one record with equal `versionAt` (0 for hnu: one event a delivery; and for messages enqueued before positions were). */
  position: z
    .number()
    .int()
    .min(0)
    .max(deliveryPositionsMax - 1)
    .default(0),
  receivedAt: isoInstant,
  /** Follows the record from the delivery to the ledger write, in every log line. */
  correlationId: z.string().min(1).max(128),
};

/** A version of a completion record, with everything the rules decided about it. */
export const completionRecordSchema = z.object({
  ...versionBase,
  kind: z.literal('completion'),
  person: personSchema,
  course: courseSchema,
  category: z.enum(['public', 'professional']),
  /** The topic as sent, and the year's topic it matched (null: not on the list, shown as `other`). */
  topic: z.string().max(textLengthMax),
  topicMatched: z.string().nullable(),
  hundredths: z.number().int().min(0).max(10_000),
  completedAt: isoInstant,
  creditYear: z.number().int().min(yearFirst).max(yearLast),
  makeup: z.boolean(),
  passed: z.boolean(),
  /** The platform withdrew this record (jxnu zt = 0, wangti 撤销): recorded, not counted. */
  withdrawn: z.boolean(),
});

/** A withdrawal that names only the record (hnu completion.revoked). */
export const withdrawalSchema = z.object({
  ...versionBase,
  kind: z.literal('withdrawal'),
  reason: z.string().max(textLengthMax),
});

export const completionVersionSchema = z.discriminatedUnion('kind', [completionRecordSchema, withdrawalSchema]);

export type CompletionVersion = z.infer<typeof completionVersionSchema>;
export type CompletionRecord = z.infer<typeof completionRecordSchema>;
export type Withdrawal = z.infer<typeof withdrawalSchema>;

/** One queue message: up to `versionsPerMessageMax` versions from one delivery. */
export const versionsPerMessageMax = 25;
export const completionMessageSchema = z.object({
  kind: z.literal('completion-versions'),
  versions: z.array(completionVersionSchema).min(1).max(versionsPerMessageMax),
});
export type CompletionMessage = z.infer<typeof completionMessageSchema>;

/** What every version carries, whatever its kind. */
export type VersionBase = Pick<
  CompletionVersion,
  'schema' | 'platform' | 'recordId' | 'versionAt' | 'position' | 'receivedAt' | 'correlationId'
>;

export const recordKeyOf = (version: Pick<CompletionVersion, 'platform' | 'recordId'>): string =>
  `${version.platform}#${version.recordId}`;
