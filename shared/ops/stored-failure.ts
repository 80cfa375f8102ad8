/**
 * The failures table's item (aws/failure-store.ts writes it, aws/failure-admin.ts reads it) as a
 * zod schema: the read parses every item with it, and StoredFailure is its output, so the type
 * and what the read takes are one.
 */
import * as z from 'zod';
import { failureReasonCodes, failureStages } from '../failures.js';
import { replayRecordSchema } from './failure-view-schema.js';
import { failureStatuses } from './failure-view.js';

export const storedFailureSchema = z.object({
  failureId: z.string(),
  platform: z.string(),
  stage: z.enum(failureStages),
  reasonCode: z.enum(failureReasonCodes),
  message: z.string(),
  recordId: z.string().optional(),
  correlationId: z.string().optional(),
  failedAt: z.string(),
  failedAtId: z.string(),
  status: z.enum(failureStatuses),
  replays: z.array(replayRecordSchema).default([]),
  /** The ReplayInput as JSON, sealed with the person crypto (AES-GCM). */
  inputEnc: z.string(),
});
export type StoredFailure = Readonly<z.output<typeof storedFailureSchema>>;
