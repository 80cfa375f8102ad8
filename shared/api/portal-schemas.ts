/** Request and response schemas of the portal API: they validate requests and generate the OpenAPI document. */
import { z } from 'zod';
import { idCardNoSchema } from '../person/id-card.js';
import { ledgerViewSchema } from './ledger-view.js';

/** hub-api.md: totals for up to 100 people per request. */
export const idCardNosPerQueryMax = 100;

export const yearSchema = z.coerce.number().int().min(2000).max(2100);

export const ledgerQueryRequestSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    idCardNos: z.array(idCardNoSchema).min(1).max(idCardNosPerQueryMax),
  })
  .meta({ id: 'LedgerQueryRequest' });

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
