/**
 * A failure: a delivery or record that did not reach a ledger, kept for operators with its
 * reason and the original payload (sealed at rest; ID numbers and names masked in every view),
 * and what replaying it needs.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { EntrySource } from './platforms/platform.js';
import { recordRuleCodes } from './rules/record-rules.js';

export const failureStages = ['webhook', 'record', 'poller', 'consumer', 'dead-letter', 'portal'] as const;
export type FailureStage = (typeof failureStages)[number];

/**
 * A record's failure is named by the rule it broke (rules/record-rules.ts); the others name
 * what went wrong with a delivery, a message or the poller. `invalid-record` is the one code
 * records had before they were named by rule: failures kept from then still read.
 */
export const failureReasonCodes = [
  ...recordRuleCodes,
  'invalid-body',
  'invalid-record',
  'body-too-large',
  'processing-error',
  'malformed-message',
  'poller-unauthorized',
  'poller-error',
  'enqueue-failed',
] as const;
export type FailureReasonCode = (typeof failureReasonCodes)[number];

/** What a replay feeds back into the pipeline: the original input and the context it arrived with. */
export const replayInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('hnu-event'), body: z.unknown(), receivedAt: z.string() }),
  z.object({
    kind: z.literal('jxnu-record'),
    record: z.unknown(),
    index: z.number().int(),
    versionAt: z.string(),
    receivedAt: z.string(),
    batchNo: z.string().optional(),
  }),
  // position: the row's place in its page (absent in failures kept before it was: the first).
  z.object({
    kind: z.literal('wangti-row'),
    row: z.record(z.string(), z.unknown()),
    position: z.number().int().min(0).optional(),
    receivedAt: z.string(),
  }),
  z.object({ kind: z.literal('queue-message'), body: z.string() }),
  z.object({ kind: z.literal('none'), payload: z.unknown() }),
]);
export type ReplayInput = z.infer<typeof replayInputSchema>;

export interface NewFailure {
  readonly platform: EntrySource | 'unknown';
  readonly stage: FailureStage;
  readonly reasonCode: FailureReasonCode;
  /** Names the field and what was wrong; never holds an ID card number or a name. */
  readonly message: string;
  readonly recordId?: string;
  /** The person's keyed hash, when the record named a valid ID card number (the person lookup finds it by this). */
  readonly personKey?: string;
  readonly correlationId?: string;
  readonly input: ReplayInput;
}

export interface FailureRecorder {
  record(failures: readonly NewFailure[]): Promise<void>;
}

/** Time-sortable id: `f_` + 10 base-36 digits of milliseconds + 8 random hex. */
/** What newFailureId makes: `f_` + 10 base-36 digits of milliseconds + 8 hex. */
export const failureIdPattern = /^f_[0-9a-z]{10}[0-9a-f]{8}$/;

export const newFailureId = (now: Date): string =>
  `f_${now.getTime().toString(36).padStart(10, '0')}${randomBytes(4).toString('hex')}`;

/**
 * A run of 15 or more digits (an 18-character ID with any check character, a 15-digit old one,
 * or an ID glued to other digits): masked whole. Over-masking a long number is the safe side.
 */
const idCardPattern = /\d{15,}[Xx]?/g;
const sensitiveKeys = new Set(['idcardno', 'sfzh', '身份证号', 'idcard', 'idcardenc']);
const nameKeys = new Set(['name', 'xm', '姓名']);
/**
 * `"name": "…"` (and xm, 姓名) inside text that is not parsed JSON: a body that failed to parse,
 * or the head of an oversized input (JSON in which such a body appears with escaped quotes,
 * and which may end inside the value).
 */
const quotedNamePattern = /("(?:name|xm|姓名)"\s*:\s*)"(?:[^"\\]|\\.)*(?:"|$)/gi;
const escapedNamePattern = /(\\"(?:name|xm|姓名)\\"\s*:\s*)\\"(?:(?!\\")[\s\S])*(?:\\"|$)/gi;

const maskLast4 = (value: string): string => `****${value.trim().slice(-4)}`;

/** Masks ID card numbers to their last 4 characters and quoted name fields in free text. */
export const maskText = (text: string): string =>
  text
    .replace(idCardPattern, (match) => maskLast4(match))
    .replace(escapedNamePattern, (_match, key: string) => `${key}\\"***\\"`)
    .replace(quotedNamePattern, (_match, key: string) => `${key}"***"`);

/** Masks ID card numbers to their last 4 characters and names entirely, anywhere in a payload. */
export const maskPayload = (value: unknown): unknown => {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskPayload);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => {
        const lower = key.toLowerCase();
        if (nameKeys.has(lower)) return [key, '***'];
        // A platform may send the number as a JSON number: masked all the same.
        if (
          sensitiveKeys.has(lower) &&
          (typeof inner === 'string' || typeof inner === 'number' || typeof inner === 'bigint')
        )
          return [key, maskLast4(String(inner))];
        return [key, maskPayload(inner)];
      }),
    );
  }
  return value;
};
