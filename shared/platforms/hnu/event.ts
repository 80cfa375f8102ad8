/**
 * The hnu webhook body (platforms.md). Unknown extra fields are ignored (zod strips them).
 * Values the adapter reads leniently (credits as number or decimal string, the training year)
 * are only required here; their meaning is checked in adapter.ts with hnu's field names.
 * Times are ISO 8601 with an offset; one without an offset is read as Beijing time like any
 * platform time (parsePlatformInstant).
 */
import * as z from 'zod';
import { recordIdLengthMax, textLengthMax } from '../../completion.js';
import { codeField, objectError, textField } from '../field-schemas.js';

export const hnuEventTypes = ['completion.created', 'completion.updated', 'completion.revoked'] as const;
export type HnuEventType = (typeof hnuEventTypes)[number];

const instant = z.string({
  error: (issue) => (issue.input === undefined ? 'is missing' : 'must be an ISO 8601 time with an offset'),
});
const recordId = codeField(recordIdLengthMax);
const eventId = z
  .string({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be text') })
  .min(1, 'must not be empty');

export const hnuCompletionDataSchema = z.object(
  {
    recordId,
    learner: z.object({ idCardNo: z.unknown().optional() }, objectError),
    course: z.object(
      {
        code: codeField(textLengthMax),
        title: textField(textLengthMax),
        subject: textField(textLengthMax),
        topic: textField(textLengthMax),
        credits: z.unknown().optional(),
      },
      objectError,
    ),
    completedAt: instant,
    examPassed: z.boolean({ error: (issue) => (issue.input === undefined ? 'is missing' : 'must be true or false') }),
    trainingYear: z.unknown().optional(),
  },
  objectError,
);

export const hnuRevocationDataSchema = z.object(
  { recordId, reason: textField(textLengthMax).default('') },
  objectError,
);

const envelope = { eventId, occurredAt: instant };

export const hnuEventSchema = z.discriminatedUnion(
  'event',
  [
    z.object({ event: z.literal('completion.created'), ...envelope, data: hnuCompletionDataSchema }),
    z.object({ event: z.literal('completion.updated'), ...envelope, data: hnuCompletionDataSchema }),
    z.object({ event: z.literal('completion.revoked'), ...envelope, data: hnuRevocationDataSchema }),
  ],
  {
    error: (issue) => (issue.input === undefined ? 'must be an object' : `must be one of ${hnuEventTypes.join(', ')}`),
  },
);
export type HnuEvent = z.infer<typeof hnuEventSchema>;
