/**
 * The portal API's OpenAPI 3.1 document (`GET /v1/openapi.json`), generated with zod-openapi
 * from the same zod schemas the handlers validate requests with, so the two cannot drift.
 * test/unit/api/openapi.test.ts checks its paths against infra/topology.ts and validates it.
 */
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { adjustmentPathSchema, adjustmentRequestSchema, adjustmentResultSchema } from './adjustments.js';
import { changesPageSchema } from './changes.js';
import {
  changesPathSchema,
  changesQuerySchema,
  idCardNosPerQueryMax,
  ledgerQueryRequestSchema,
  ledgerQueryResponseSchema,
  transcriptPathSchema,
  transcriptQuerySchema,
} from './portal-schemas.js';
import { transcriptPageSchema } from './transcript.js';
import { feedSettleSeconds, feedSettleSecondsVariable } from '../ledger/feed.js';
import { bearerApiDocument, documentOperation, ok, operation, problem } from './openapi-parts.js';

export const bearerSchemeName = 'bearerKey';

/** The document's groups of operations, each operation in one. */
const tags = {
  ledgers: { name: 'Ledgers', description: 'Unified totals, transcripts and the change feed of every ledger' },
  convertedHours: { name: 'Converted hours', description: 'Hours (折算学时) the portal approved, posted and revoked' },
  document: { name: 'Document', description: 'This OpenAPI document' },
} as const;

/** Every documented operation by its API Gateway route key (`METHOD path`), as infra/topology.ts names routes. */
export const documentedRoutes = {
  'POST /v1/ledgers/query': operation({
    operationId: 'queryLedgers',
    tag: tags.ledgers.name,
    summary: `Totals for up to ${idCardNosPerQueryMax} people`,
    description:
      'A person with no records gets a ledger of zeros (not an error). ID card numbers travel in the body, never in a URL.',
    body: ledgerQueryRequestSchema,
    answers: { '200': ok('One ledger per ID card number asked for, in the order asked', ledgerQueryResponseSchema) },
  }),
  'GET /v1/ledgers/{year}/people/{personRef}/entries': operation({
    operationId: 'readTranscript',
    tag: tags.ledgers.name,
    summary: "A person's transcript for one year",
    description:
      'Every entry of that person and year with its state and why, newest first (completion time, then record id), paged with `cursor` and `limit`. A person the hub has no records of gets an empty transcript (200), so the API does not reveal who exists.',
    params: { path: transcriptPathSchema, query: transcriptQuerySchema },
    answers: { '200': ok('A page of the transcript', transcriptPageSchema) },
  }),
  'GET /v1/ledgers/{year}/changes': operation({
    operationId: 'readChanges',
    tag: tags.ledgers.name,
    summary: 'Ledgers changed after a cursor: keeps the portal’s copy in sync',
    description: [
      'All ledgers of the year changed after `cursor` (absent: from the beginning), oldest change first, each as in `ledgers/query` with `idCardNo`, plus `nextCursor`.',
      'Reading with the returned cursor again and again yields every ledger’s latest state exactly once per change the reader has not yet passed, in order; an idle feed answers an empty page with the same cursor.',
      `A change is served once it is ${feedSettleSeconds} seconds old (the settle window, ${feedSettleSecondsVariable}), so a reader never passes a change that is still being committed.`,
    ].join(' '),
    params: { path: changesPathSchema, query: changesQuerySchema },
    answers: { '200': ok('A page of the feed', changesPageSchema) },
  }),
  'POST /v1/adjustments': operation({
    operationId: 'postAdjustment',
    tag: tags.convertedHours.name,
    summary: 'Post converted hours (折算学时) approved on the portal',
    description:
      'Idempotent by `adjustmentId`: the first post answers 201; the same id with the same content again answers 200 and changes nothing; the same id with other content answers 409 naming each difference. The hours count in their category, show as `convertedHours` and `byPlatform.portal`, and appear in the transcript as entries of platform `portal`.',
    body: adjustmentRequestSchema,
    answers: {
      '201': ok('Stored and counted', adjustmentResultSchema),
      '200': ok('Posted before with the same content; nothing changed', adjustmentResultSchema),
      '409': problem('Posted before with other content; `error.details` names each difference'),
    },
  }),
  'POST /v1/adjustments/{adjustmentId}/revoke': operation({
    operationId: 'revokeAdjustment',
    tag: tags.convertedHours.name,
    summary: 'Withdraw converted hours',
    description:
      'Idempotent: revoking again answers 200 with outcome `already-revoked`. The entry stays in the transcript as `revoked` and no longer counts.',
    params: { path: adjustmentPathSchema },
    answers: {
      '200': ok('Revoked (now or before)', adjustmentResultSchema),
      '404': problem('No adjustment has this id'),
    },
  }),
  'GET /v1/openapi.json': documentOperation(
    'readOpenApi',
    tags.document.name,
    'The OpenAPI 3.1 document of the portal API',
  ),
} satisfies Record<string, ZodOpenApiOperationObject>;

export const portalOpenApiDocument = bearerApiDocument({
  title: 'Jiangxi continuing-education hub: portal API',
  description:
    'The provincial portal’s interface to the hub: unified totals, transcripts, a change feed of all ledgers, and converted hours. Every request carries `Authorization: Bearer {key}` (a key per consumer). Errors are `{ "error": { "code", "message", "details": [{ "field", "message" }] } }`. Hours are JSON numbers with at most two decimals; times are Beijing time with offset. Numbers in paths and queries are decimal digits only (no sign, space, decimal point, exponent or hex). Generated from the schemas that validate the requests.',
  tags: Object.values(tags),
  scheme: {
    name: bearerSchemeName,
    description: 'A key issued to one consumer (PORTAL_API_KEYS); the hub logs the consumer’s name, never the key',
  },
  routes: documentedRoutes,
});
