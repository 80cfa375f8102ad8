/** Query and path parameters of the operators API (API Gateway hands them over as strings). */
import * as z from 'zod';
import { failureReasonCodes } from '../failures.js';
import { auditPageSizeDefault, auditPageSizeMax } from '../ledger/audit-report.js';
import { yearFirst, yearLast } from '../rules/year-rules.js';
import { wholeNumberParam } from '../whole-number-param.js';
import { decodeFailureCursor, failurePlatforms, failuresPageSizeDefault, failuresPageSizeMax } from './failure-page.js';

export const failuresQuerySchema = z.object({
  platform: z.enum(failurePlatforms).optional(),
  reason: z.enum(failureReasonCodes).optional(),
  cursor: z
    .string()
    .refine((value) => decodeFailureCursor(value) !== undefined, 'is not a cursor this list handed out')
    .optional(),
  limit: wholeNumberParam(z.number().int().min(1).max(failuresPageSizeMax).default(failuresPageSizeDefault)),
});
export type FailuresQuery = z.infer<typeof failuresQuerySchema>;

/** `f_` + 10 base-36 digits of milliseconds + 8 hex (shared/failures.ts newFailureId). */
export const failureIdSchema = z
  .string()
  .regex(/^f_[0-9a-z]{10}[0-9a-f]{8}$/, 'must be a failure id as /ops/failures lists it');
export const replayPathSchema = z.object({ failureId: failureIdSchema });

/** A time with its offset (`2026-12-01T08:00:00+08:00` or `…Z`), as operators pass windows. */
export const isoTimeSchema = z.iso.datetime({
  offset: true,
  message: 'must be a time with an offset, such as 2026-12-01T08:00:00+08:00',
});

/**
 * A reason code as a filter: opaque to the operators API (the codes are the pipeline's, one per
 * rule), so a new code needs no change here.
 */
export const reasonCodeSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a reason code as /ops/failures/summary lists it');

export const auditQuerySchema = z.object({
  year: wholeNumberParam(z.number().int().min(yearFirst).max(yearLast)).meta({
    description: 'The credit year to audit',
    param: { required: true },
  }),
  cursor: z.string().min(1).max(512).optional().meta({ description: '`nextCursor` of the page before' }),
  limit: wholeNumberParam(z.number().int().min(1).max(auditPageSizeMax).default(auditPageSizeDefault)),
});
