/** Query and path parameters of the operators API (API Gateway hands them over as strings). */
import * as z from 'zod';
import { creditYearSchema } from '../api/portal-schemas.js';
import { failureIdPattern, failureReasonCodes } from '../failures.js';
import { auditCursorPattern, auditPageSizeDefault, auditPageSizeMax } from '../ledger/audit-report.js';
import { ruleYears } from '../rules/year-rules.js';
import { wholeNumberParam } from '../whole-number-param.js';
import {
  failureCursorPattern,
  failurePlatforms,
  failuresPageSizeDefault,
  failuresPageSizeMax,
} from './failure-page.js';

/** A page's cursor: the `nextCursor` of the page before, in the one form its list hands out. */
const pageCursorParam = (pattern: RegExp, refusal: string) =>
  z.string().regex(pattern, refusal).optional().meta({ description: '`nextCursor` of the page before' });

export const failuresQuerySchema = z.object({
  platform: z.enum(failurePlatforms).optional(),
  reason: z.enum(failureReasonCodes).optional(),
  cursor: pageCursorParam(failureCursorPattern, 'is not a cursor this list handed out'),
  limit: wholeNumberParam(z.number().int().min(1).max(failuresPageSizeMax).default(failuresPageSizeDefault)),
});
export type FailuresQuery = z.infer<typeof failuresQuerySchema>;

export const failureIdSchema = z.string().regex(failureIdPattern, 'must be a failure id as /ops/failures lists it');
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

const isTime = (text: string | undefined): text is string =>
  text !== undefined && isoTimeSchema.safeParse(text).success;

/**
 * `since` lies before `until` (absent: now), as both windows read them (the failure summary, a
 * bulk replay). A relation of two fields and the clock, which the document says in words. It is
 * judged only between times: a `since` or `until` that is none (`+010000-…`, which Date still
 * reads) is its own field's one problem, not a second one about the order.
 */
export const sinceBeforeUntil = {
  check: (window: { readonly since?: string; readonly until?: string }): boolean =>
    !isTime(window.since) ||
    (window.until !== undefined && !isTime(window.until)) ||
    Date.parse(window.since) < (window.until === undefined ? Date.now() : Date.parse(window.until)),
  issue: { message: 'must be before until', path: ['since'] },
  words: 'before `until` (now, when `until` is absent)',
};

export const auditQuerySchema = z.object({
  // An audit recomputes totals by the year's rules: only a year the hub has rules for.
  year: wholeNumberParam(creditYearSchema).meta({
    description: `The credit year to audit: one the hub has rules for (${ruleYears.join(', ')})`,
    param: { required: true },
  }),
  cursor: pageCursorParam(auditCursorPattern, 'is not a cursor this hub handed out'),
  limit: wholeNumberParam(z.number().int().min(1).max(auditPageSizeMax).default(auditPageSizeDefault)),
});
