/**
 * The transcript (`GET /v1/ledgers/{year}/people/{personRef}/entries`): every entry of one
 * person and year, newest first, paged with an opaque keyset cursor.
 *
 * Order: completion time descending, then record id descending, then source descending
 * (an entry is identified by source and record id, so the order is total). The cursor
 * holds the sort key of the last entry handed out and the next page starts strictly after
 * it, so a page boundary never repeats or skips an entry that stays in the ledger, even if
 * the ledger changes between pages (an entry added before the cursor's place shows on a
 * fresh read from the start; `version` tells the client the ledger changed).
 */
import * as z from 'zod';
import { recordIdLengthMax } from '../completion.js';
import { hoursFromHundredths, type Hundredths } from '../hours.js';
import { conversionKinds, entrySources, entryStates, type LedgerEntry } from '../ledger/entry.js';
import type { Ledger } from '../ledger/ledger.js';
import { otherTopic } from '../ledger/summary.js';
import { toBeijingIso } from '../rules/beijing-time.js';

export const entriesPageSizeMax = 500;
export const entriesPageSizeDefault = 100;

export const transcriptEntrySchema = z
  .object({
    platform: z.enum(entrySources).meta({
      description: 'Where the entry came from: a learning platform, or `portal` for converted hours (折算学时)',
    }),
    recordId: z.string().meta({ description: "The platform's record id (for `portal`: the adjustment id)" }),
    courseCode: z.string(),
    courseTitle: z.string(),
    category: z.enum(['public', 'professional']),
    topic: z.string().meta({ description: 'The topic as the platform sent it' }),
    topicMatched: z
      .string()
      .nullable()
      .meta({
        description: `The year's topic it matched, \`${otherTopic}\` when it is not on the list; null for converted hours`,
      }),
    hours: z.number().min(0).meta({ description: '学时, at most two decimals' }),
    completedAt: z
      .string()
      .meta({ description: 'Completion time (for converted hours: approval time), Beijing time with offset' }),
    creditYear: z.number().int(),
    makeup: z.boolean().meta({ description: 'Makeup study (补学) credited to the year before its completion' }),
    conversionKind: z
      .enum(conversionKinds)
      .nullable()
      .meta({ description: 'The kind of conversion, for converted hours; null otherwise' }),
    state: z.enum(entryStates),
    stateReason: z.string().meta({ description: 'Why the entry has its state' }),
  })
  .meta({ id: 'TranscriptEntry', description: 'One entry of a transcript' });
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

export const transcriptPageSchema = z
  .object({
    personRef: z.string(),
    year: z.number().int(),
    version: z
      .number()
      .int()
      .min(0)
      .meta({ description: "The ledger's version when this page was read; 0 for a person with no records" }),
    entries: z.array(transcriptEntrySchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null when this page is the last' }),
  })
  .meta({ id: 'TranscriptPage', description: "A page of a person's transcript for one year, newest entry first" });
export type TranscriptPage = z.infer<typeof transcriptPageSchema>;

/** Where an entry sits in the transcript order. */
export interface TranscriptPosition {
  readonly completedAtMs: number;
  readonly recordId: string;
  readonly source: string;
}

export const transcriptPositionOf = (
  entry: Pick<LedgerEntry, 'completedAt' | 'recordId' | 'source'>,
): TranscriptPosition => ({
  completedAtMs: Date.parse(entry.completedAt),
  recordId: entry.recordId,
  source: entry.source,
});

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` comes first in the transcript (newest first). */
export const compareTranscriptPositions = (a: TranscriptPosition, b: TranscriptPosition): number =>
  b.completedAtMs - a.completedAtMs || compareText(b.recordId, a.recordId) || compareText(b.source, a.source);

/**
 * A cursor is the last position handed out: completion time in ms, platform, and the record id
 * in base64url (record ids are the platforms' own text), written so that
 * transcriptCursorPattern says exactly which cursors the transcript takes (the OpenAPI
 * document shows it): any text of that form is a position to read on from.
 */
/** A record id of recordIdLengthMax UTF-16 units is at most 3 UTF-8 bytes each, 4 base64url characters per 3 bytes. */
const recordIdBase64urlLengthMax = 4 * recordIdLengthMax;
export const transcriptCursorPattern = new RegExp(
  `^([0-9]{1,15})_([a-z]{1,16})_([A-Za-z0-9_-]{2,${recordIdBase64urlLengthMax}})$`,
);

export const encodeTranscriptCursor = (position: TranscriptPosition): string =>
  `${position.completedAtMs}_${position.source}_${Buffer.from(position.recordId, 'utf8').toString('base64url')}`;

/** The position a cursor names, or undefined when it is not of transcriptCursorPattern's form. */
export const decodeTranscriptCursor = (cursor: string): TranscriptPosition | undefined => {
  const match = transcriptCursorPattern.exec(cursor);
  if (!match) return undefined;
  const [, ms, source, recordId] = match as unknown as [string, string, string, string];
  return { completedAtMs: Number(ms), source, recordId: Buffer.from(recordId, 'base64url').toString('utf8') };
};

const firstFormSchema = z.tuple([
  z.number().int().nonnegative(),
  z.string().min(1).max(recordIdLengthMax),
  z.string().regex(/^[a-z]{1,16}$/),
]);

/**
 * A cursor of the first form (base64url of `[ms, recordId, source]`), as a reader may still
 * hold one, in today's form; anything else as it is (the schema then judges it).
 */
export const upgradeTranscriptCursor = (value: unknown): unknown => {
  if (typeof value !== 'string' || transcriptCursorPattern.test(value) || !/^[A-Za-z0-9_-]+$/.test(value)) return value;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    return value; // not JSON: not a cursor of the first form either
  }
  const parsed = firstFormSchema.safeParse(decoded);
  if (!parsed.success) return value;
  const [completedAtMs, recordId, source] = parsed.data;
  return encodeTranscriptCursor({ completedAtMs, recordId, source });
};

export const transcriptEntryOf = (entry: LedgerEntry): TranscriptEntry => ({
  platform: entry.source,
  recordId: entry.recordId,
  courseCode: entry.courseCode,
  courseTitle: entry.courseTitle,
  category: entry.category,
  topic: entry.topic,
  topicMatched: entry.source === 'portal' ? null : (entry.topicMatched ?? otherTopic),
  hours: hoursFromHundredths(entry.hundredths as Hundredths),
  completedAt: toBeijingIso(new Date(entry.completedAt)),
  creditYear: entry.creditYear,
  makeup: entry.makeup,
  conversionKind: entry.conversionKind ?? null,
  state: entry.state,
  stateReason: entry.stateReason,
});

export interface TranscriptRequest {
  readonly personRef: string;
  readonly year: number;
  /** The position after which the page starts; undefined: from the newest entry. */
  readonly after?: TranscriptPosition;
  readonly limit: number;
}

/** One page of a ledger's entries (an absent ledger is an empty transcript). */
export const transcriptPageOf = (
  ledger: Pick<Ledger, 'entries' | 'version'> | undefined,
  request: TranscriptRequest,
): TranscriptPage => {
  const ordered = Object.values(ledger?.entries ?? {})
    .map((entry) => ({ entry, position: transcriptPositionOf(entry) }))
    .sort((a, b) => compareTranscriptPositions(a.position, b.position));
  const after = request.after;
  const rest = after ? ordered.filter(({ position }) => compareTranscriptPositions(after, position) < 0) : ordered;
  const page = rest.slice(0, request.limit);
  const last = page.at(-1);
  return {
    personRef: request.personRef,
    year: request.year,
    version: ledger?.version ?? 0,
    entries: page.map(({ entry }) => transcriptEntryOf(entry)),
    nextCursor: last && rest.length > page.length ? encodeTranscriptCursor(last.position) : null,
  };
};
