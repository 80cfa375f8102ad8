/** The hnu webhook body (platforms.md). Unknown extra fields are ignored; credits may be a decimal string. */
import { z } from 'zod';

const instant = z.string().min(1);

export const hnuCompletionDataSchema = z.object({
  recordId: z.string().min(1).max(64),
  learner: z.object({ idCardNo: z.string(), name: z.string().optional(), employer: z.string().optional() }),
  course: z.object({
    code: z.string().min(1).max(200),
    title: z.string().max(200),
    subject: z.string(),
    topic: z.string().max(200),
    credits: z.union([z.number(), z.string()]),
  }),
  completedAt: instant,
  examPassed: z.boolean(),
  trainingYear: z.number().int().optional(),
});

export const hnuEventSchema = z.discriminatedUnion('event', [
  z.object({ event: z.literal('completion.created'), eventId: z.string().min(1), occurredAt: instant, data: hnuCompletionDataSchema }),
  z.object({ event: z.literal('completion.updated'), eventId: z.string().min(1), occurredAt: instant, data: hnuCompletionDataSchema }),
  z.object({
    event: z.literal('completion.revoked'),
    eventId: z.string().min(1),
    occurredAt: instant,
    data: z.object({ recordId: z.string().min(1).max(64), reason: z.string().max(200).default('') }),
  }),
]);
export type HnuEvent = z.infer<typeof hnuEventSchema>;
