/** Request and response schemas of the portal API: they validate requests and generate the OpenAPI document. */
import * as z from 'zod';
import { feedCursorPattern, upgradeFeedCursor } from '../ledger/feed.js';
import { feedPageSizeDefault, feedPageSizeMax } from '../ledger/feed-merge.js';
import { idCardNoSchema } from '../person/id-card.js';
import { personRefPattern } from '../person/person-key.js';
import { ruleYears } from '../rules/year-rules.js';
import { wholeNumberParam } from '../whole-number-param.js';
import { ledgerViewSchema } from './ledger-view.js';
import {
  entriesPageSizeDefault,
  entriesPageSizeMax,
  transcriptCursorPattern,
  upgradeTranscriptCursor,
} from './transcript.js';

/** hub-api.md: totals for up to 100 people per request. */
export const idCardNosPerQueryMax = 100;

/** A credit year the rule files cover (shared/rules/years/index.ts): any other has no totals to give. */
export const creditYearSchema = z.literal(ruleYears, `must be a year the hub has rules for: ${ruleYears.join(', ')}`);
const creditYearDescription = `The credit year: one the hub has rules for (${ruleYears.join(', ')})`;
export const creditYearBodySchema = creditYearSchema.meta({
  description: creditYearDescription,
  example: ruleYears[0],
});

/** Path and query parameters (API Gateway hands them over as strings). */
const yearParamSchema = wholeNumberParam(creditYearSchema).meta({
  description: creditYearDescription,
  example: ruleYears[0],
  param: { required: true },
});

export const personRefSchema = z
  .string()
  .regex(personRefPattern, 'must be a personRef as the ledgers answer it: p_ and 32 hex digits')
  .meta({
    description: 'The opaque person reference from a ledger (`personRef`)',
    example: 'p_2b7f0c9e4d1a8b3c6e5f7a9d0b1c2e3f',
  });

const pageLimitOf = (max: number, fallback: number) =>
  wholeNumberParam(z.number().int().min(1).max(max).default(fallback)).meta({
    description: `Page size, 1 to ${max} (default ${fallback})`,
  });

/**
 * A cursor's form is a pattern, so the document shows exactly which cursors are taken; one of
 * the first form is read in today's form first (the document shows the schema after it).
 */
const cursorSchemaOf = (pattern: RegExp, upgrade: (value: unknown) => unknown, what: string, description: string) =>
  z
    .preprocess(upgrade, z.string().regex(pattern, `is not a cursor ${what} hands out`))
    .optional()
    .meta({ description });

export const transcriptPathSchema = z.object({ year: yearParamSchema, personRef: personRefSchema });
export const transcriptQuerySchema = z.object({
  cursor: cursorSchemaOf(
    transcriptCursorPattern,
    upgradeTranscriptCursor,
    'this transcript',
    '`nextCursor` of the previous page; absent for the first page',
  ),
  limit: pageLimitOf(entriesPageSizeMax, entriesPageSizeDefault),
});

export const changesPathSchema = z.object({ year: yearParamSchema });
export const changesQuerySchema = z.object({
  cursor: cursorSchemaOf(
    feedCursorPattern,
    upgradeFeedCursor,
    'this feed',
    '`nextCursor` of the previous page; absent to read from the beginning',
  ),
  limit: pageLimitOf(feedPageSizeMax, feedPageSizeDefault),
});

export const ledgerQueryRequestSchema = z
  .object({
    year: creditYearBodySchema,
    idCardNos: z.array(idCardNoSchema).min(1).max(idCardNosPerQueryMax),
  })
  .meta({ id: 'LedgerQueryRequest', example: { year: 2024, idCardNos: ['36042119850315002X'] } });

export const ledgerQueryResponseSchema = z
  .object({ ledgers: z.array(ledgerViewSchema) })
  .meta({ id: 'LedgerQueryResponse' });
export type LedgerQueryResponse = z.output<typeof ledgerQueryResponseSchema>;

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error' });
/** Every error answer of both APIs (functions/lib/http.ts builds it). */
export type ErrorResponse = z.output<typeof errorResponseSchema>;
