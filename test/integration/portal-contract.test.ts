/**
 * The portal API's document and its handlers say the same, both ways, through the running hub
 * (test/support/document-contract.ts, the harness the operators' document is checked with too):
 * requests generated from the document's own schemas are accepted, and requests the handlers
 * refuse are ones the document calls invalid. Numbers in paths and queries are decimal digits only.
 *
 * The fuzzer knows what the document states only in words: the `gb11643` format (the ID card
 * number's check character and calendar, which no pattern can say) and that `approvedAt` may
 * not lie in the future (it moves with the clock).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { idCardFormat } from '../../shared/person/id-card.js';
import { portalOpenApiDocument } from '../../shared/api/openapi.js';
import { futureToleranceMinutes } from '../../shared/rules/year-rules.js';
import { adjustmentRequestOf } from '../support/adjustments.js';
import {
  documentContract,
  expectAllowedByBoth,
  expectRefusedByBoth,
  fuzzOperation,
  tallyLine,
} from '../support/document-contract.js';
import { devKeys } from '../support/hub-client.js';
import { idCardNoArbitrary, isGb11643 } from '../support/id-card-arbitrary.js';
import { operationsOf, type DocumentedRequest } from '../support/openapi-requests.js';

let hub: RunningHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  console.info(`portal contract: ${tallyLine(contract)}`);
  await hub?.stop();
});

const contract = documentContract({
  document: portalOpenApiDocument(),
  formats: { [idCardFormat]: isGb11643 },
  baseUrl: () => hub.baseUrl,
  key: devKeys.portal,
});

const notInTheFuture = (request: DocumentedRequest): boolean => {
  const approvedAt = (request.body as { approvedAt?: string } | undefined)?.approvedAt;
  return approvedAt === undefined || Date.parse(approvedAt) <= Date.now() + futureToleranceMinutes * 60_000;
};

const fuzzed = operationsOf(contract.doc).filter(({ operation }) => operation.operationId !== 'readOpenApi');

describe('requests the portal document allows', () => {
  it.each(fuzzed.map(({ method, path, operation }) => [operation.operationId, method, path] as const))(
    '%s: every one the document generates is accepted with a status it documents',
    (_, method, path) =>
      fuzzOperation(contract, method, path, {
        formats: { [idCardFormat]: idCardNoArbitrary },
        itemsMax: 5,
        saysInWords: notInTheFuture,
      }),
    10 * 60_000,
  );
});

const valid = {
  changes: {
    operationId: 'readChanges',
    method: 'GET',
    path: '/v1/ledgers/{year}/changes',
    pathParams: { year: '2024' },
    query: {},
  },
  transcript: {
    operationId: 'readTranscript',
    method: 'GET',
    path: '/v1/ledgers/{year}/people/{personRef}/entries',
    pathParams: { year: '2024', personRef: `p_${'0a'.repeat(16)}` },
    query: {},
  },
  query: {
    operationId: 'queryLedgers',
    method: 'POST',
    path: '/v1/ledgers/query',
    pathParams: {},
    query: {},
    body: { year: 2024, idCardNos: ['36042119850315002X'] },
  },
  adjustment: {
    operationId: 'postAdjustment',
    method: 'POST',
    path: '/v1/adjustments',
    pathParams: {},
    query: {},
    body: adjustmentRequestOf(),
  },
  revoke: {
    operationId: 'revokeAdjustment',
    method: 'POST',
    path: '/v1/adjustments/{adjustmentId}/revoke',
    pathParams: { adjustmentId: 'ADJ-1' },
    query: {},
  },
} satisfies Record<string, DocumentedRequest>;

const withBody = (request: DocumentedRequest, body: Record<string, unknown>): DocumentedRequest => ({
  ...request,
  body: { ...(request.body as object), ...body },
});
const withoutField = (request: DocumentedRequest, field: string): DocumentedRequest => {
  const { [field]: _, ...rest } = request.body as Record<string, unknown>;
  return { ...request, body: rest };
};

/** Refused requests, each with the field the hub's 400 names and the part of the request the document finds wrong. */
const refused: Array<[string, DocumentedRequest, string, string]> = [
  ['a year written in hex', { ...valid.changes, pathParams: { year: '0x7E8' } }, 'year', 'year'],
  ['a year with a decimal point', { ...valid.changes, pathParams: { year: '2024.0' } }, 'year', 'year'],
  ['a year with spaces before it', { ...valid.changes, pathParams: { year: '  2024' } }, 'year', 'year'],
  [
    'a year with a sign',
    { ...valid.transcript, pathParams: { ...valid.transcript.pathParams, year: '+2024' } },
    'year',
    'year',
  ],
  ['a year without rules', { ...valid.changes, pathParams: { year: '2023' } }, 'year', 'year'],
  ['a limit as an exponent', { ...valid.changes, query: { limit: '1e2' } }, 'limit', 'limit'],
  ['a limit of 0', { ...valid.changes, query: { limit: '0' } }, 'limit', 'limit'],
  ['a limit above 500', { ...valid.transcript, query: { limit: '501' } }, 'limit', 'limit'],
  ['a negative limit', { ...valid.transcript, query: { limit: '-1' } }, 'limit', 'limit'],
  ['an empty limit', { ...valid.changes, query: { limit: '' } }, 'limit', 'limit'],
  [
    'a feed cursor it did not hand out',
    { ...valid.changes, query: { cursor: 'bm90LWEtY3Vyc29y' } },
    'cursor',
    'cursor',
  ],
  ['an empty feed cursor', { ...valid.changes, query: { cursor: '' } }, 'cursor', 'cursor'],
  [
    'a transcript cursor it did not hand out',
    { ...valid.transcript, query: { cursor: 'not-a-cursor' } },
    'cursor',
    'cursor',
  ],
  [
    'a personRef without its prefix',
    { ...valid.transcript, pathParams: { ...valid.transcript.pathParams, personRef: '0a'.repeat(16) } },
    'personRef',
    'personRef',
  ],
  [
    'a personRef in upper case',
    { ...valid.transcript, pathParams: { ...valid.transcript.pathParams, personRef: `p_${'0A'.repeat(16)}` } },
    'personRef',
    'personRef',
  ],
  [
    'an ID card number with a wrong check character',
    withBody(valid.query, { idCardNos: ['360421198503150021'] }),
    'idCardNos.0',
    'body',
  ],
  [
    'an ID card number of an impossible birth date',
    withBody(valid.query, { idCardNos: ['360421198513150024'] }),
    'idCardNos.0',
    'body',
  ],
  [
    'an ID card number of 17 characters',
    withBody(valid.query, { idCardNos: ['36042119850315002'] }),
    'idCardNos.0',
    'body',
  ],
  ['no ID card numbers', withBody(valid.query, { idCardNos: [] }), 'idCardNos', 'body'],
  ['a year as text in the body', withBody(valid.query, { year: '2024' }), 'year', 'body'],
  ['a body year without rules', withBody(valid.adjustment, { year: 2023 }), 'year', 'body'],
  ['hours with three decimals', withBody(valid.adjustment, { hours: 1.005 }), 'hours', 'body'],
  ['no hours', withBody(valid.adjustment, { hours: 0 }), 'hours', 'body'],
  ['hours above 100', withBody(valid.adjustment, { hours: 100.01 }), 'hours', 'body'],
  ['an unknown kind', withBody(valid.adjustment, { kind: 'gift' }), 'kind', 'body'],
  [
    'an approval time without offset',
    withBody(valid.adjustment, { approvedAt: '2024-11-02T10:00:00' }),
    'approvedAt',
    'body',
  ],
  ['an empty adjustment id', withBody(valid.adjustment, { adjustmentId: '' }), 'adjustmentId', 'body'],
  ['an adjustment id with a slash', withBody(valid.adjustment, { adjustmentId: 'a/b' }), 'adjustmentId', 'body'],
  ['no category', withoutField(valid.adjustment, 'category'), 'category', 'body'],
  [
    'an adjustment id to revoke with a space',
    { ...valid.revoke, pathParams: { adjustmentId: 'ADJ 1' } },
    'adjustmentId',
    'adjustmentId',
  ],
];

describe('requests the portal refuses', () => {
  it('takes the valid baseline of each refused request', async () => {
    for (const request of Object.values(valid)) await expectAllowedByBoth(contract, request);
  });

  it.each(refused)('%s: a 400 naming the field, and invalid by the document', (_, request, field, part) =>
    expectRefusedByBoth(contract, request, field, part),
  );
});
