/** Request and response schemas of the portal API: they validate requests and generate the OpenAPI document. */
import * as z from 'zod';
import { decodeFeedCursor } from '../ledger/feed.js';
import { feedPageSizeDefault, feedPageSizeMax } from '../ledger/feed-merge.js';
import { idCardNoSchema } from '../person/id-card.js';
import { personKeyOfRef } from '../person/person-key.js';
import { ledgerViewSchema } from './ledger-view.js';
import { decodeTranscriptCursor, entriesPageSizeDefault, entriesPageSizeMax } from './transcript.js';

/** hub-api.md: totals for up to 100 people per request. */
export const idCardNosPerQueryMax = 100;

export const yearSchema = z.coerce.number().int().min(2000).max(2100);

/** Path and query parameters (API Gateway hands them over as strings). */
const yearParamSchema = yearSchema.meta({ description: 'The credit year', example: 2024 });

export const personRefSchema = z
  .string()
  .refine((value) => personKeyOfRef(value) !== undefined, 'must be a personRef as the ledgers answer it: p_ and 32 hex digits')
  .meta({ description: 'The opaque person reference from a ledger (`personRef`)', example: 'p_2b7f0c9e4d1a8b3c6e5f7a9d0b1c2e3f' });

const pageLimitOf = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback).meta({ description: `Page size, 1 to ${max} (default ${fallback})` });

export const transcriptPathSchema = z.object({ year: yearParamSchema, personRef: personRefSchema });
export const transcriptQuerySchema = z.object({
  cursor: z
    .string()
    .refine((value) => decodeTranscriptCursor(value) !== undefined, 'is not a cursor this transcript handed out')
    .optional()
    .meta({ description: '`nextCursor` of the previous page; absent for the first page' }),
  limit: pageLimitOf(entriesPageSizeMax, entriesPageSizeDefault),
});

export const changesPathSchema = z.object({ year: yearParamSchema });
export const changesQuerySchema = z.object({
  cursor: z
    .string()
    .refine((value) => decodeFeedCursor(value) !== undefined, 'is not a cursor this feed handed out')
    .optional()
    .meta({ description: '`nextCursor` of the previous page; absent to read from the beginning' }),
  limit: pageLimitOf(feedPageSizeMax, feedPageSizeDefault),
});

export const ledgerQueryRequestSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    idCardNos: z.array(idCardNoSchema).min(1).max(idCardNosPerQueryMax),
  })
  .meta({ id: 'LedgerQueryRequest', example: { year: 2024, idCardNos: ['36042119850315002X'] } });

export const ledgerQueryResponseSchema = z.object({ ledgers: z.array(ledgerViewSchema) }).meta({ id: 'LedgerQueryResponse' });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(z.object({ field: z.string(), message: z.string() })),
    }),
  })
  .meta({ id: 'Error' });
