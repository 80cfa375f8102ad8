/**
 * The portal API's document and its handlers say the same, both ways, through the running hub:
 * requests generated from the document's own schemas (a fuzzer, test/support/schema-arbitrary.ts)
 * are accepted, and requests the handlers refuse are ones the document calls invalid. Numbers in
 * paths and queries are decimal digits only, in the portal and the operators API alike.
 *
 * The fuzzer knows what the document states only in words: the `gb11643` format (the ID card
 * number's check character and calendar, which no pattern can say) and that `approvedAt` may
 * not lie in the future (it moves with the clock). FUZZ_RUNS and FUZZ_SEED run it longer or
 * elsewhere; the default seed keeps `npm test` the same every time.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type RunningHub } from '../../local/hub.js';
import { idCardFormat } from '../../shared/person/id-card.js';
import { portalOpenApiDocument } from '../../shared/api/openapi.js';
import { futureToleranceMinutes } from '../../shared/rules/year-rules.js';
import { adjustmentRequestOf } from '../support/adjustments.js';
import { devKeys, type Answer } from '../support/hub-client.js';
import { idCardNoArbitrary, isGb11643 } from '../support/id-card-arbitrary.js';
import {
  documentJudge,
  operationsOf,
  requestArbitrary,
  urlOf,
  type DocumentedRequest,
  type OpenApiDocument,
} from '../support/openapi-requests.js';

const runs = Number(process.env.FUZZ_RUNS ?? 25);
const seed = Number(process.env.FUZZ_SEED ?? 20_261_201);
const doc = JSON.parse(JSON.stringify(portalOpenApiDocument())) as OpenApiDocument;
const judge = documentJudge(doc, { [idCardFormat]: isGb11643 });

let hub: RunningHub;
beforeAll(async () => {
  hub = await startHub({ port: 0, dataDir: null, schedules: false, quiet: true });
});
afterAll(async () => {
  await hub?.stop();
});

const send = async (request: DocumentedRequest, key: string = devKeys.portal): Promise<Answer> => {
  const response = await fetch(`${hub.baseUrl}${urlOf(request)}`, {
    method: request.method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};

const notInTheFuture = (request: DocumentedRequest): boolean => {
  const approvedAt = (request.body as { approvedAt?: string } | undefined)?.approvedAt;
  return approvedAt === undefined || Date.parse(approvedAt) <= Date.now() + futureToleranceMinutes * 60_000;
};

const fuzzed = operationsOf(doc).filter(({ operation }) => operation.operationId !== 'readOpenApi');

describe('requests the portal document allows', () => {
  it.each(fuzzed.map(({ method, path, operation }) => [operation.operationId, method, path] as const))(
    '%s: every one the document generates is accepted with a status it documents',
    async (operationId, method, path) => {
      const documented = Object.keys(doc.paths[path]?.[method.toLowerCase()]?.responses ?? {});
      const requests = requestArbitrary(doc, method, path, {
        formats: { [idCardFormat]: idCardNoArbitrary },
        itemsMax: 5,
      }).filter(notInTheFuture);
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          expect(judge(request), 'the generator made a request the document refuses').toEqual([]);
          const answer = await send(request);
          const seen = `${operationId} ${request.method} ${urlOf(request)} ${JSON.stringify(request.body)} -> ${answer.status} ${JSON.stringify(answer.body)}`;
          expect(answer.status, seen).not.toBe(400);
          expect(answer.status, seen).toBeLessThan(500);
          expect(documented, seen).toContain(String(answer.status));
        }),
        { numRuns: runs, seed },
      );
    },
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
    for (const request of Object.values(valid)) {
      expect(judge(request), request.operationId).toEqual([]);
      expect((await send(request)).status, request.operationId).not.toBe(400);
    }
  });

  it.each(refused)('%s: a 400 naming the field, and invalid by the document', async (_, request, field, part) => {
    const answer = await send(request);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(judge(request)).toContain(part);
  });
});

describe('numbers in the operators API', () => {
  it.each([
    ['/ops/failures?limit=1e2', 'limit'],
    ['/ops/failures?limit=%2010', 'limit'],
    ['/ops/failures?limit=0x10', 'limit'],
    ['/ops/audit?year=2024.0', 'year'],
    ['/ops/audit?year=2024&limit=-5', 'limit'],
  ])('%s: a 400 naming %s', async (url, field) => {
    const response = await fetch(`${hub.baseUrl}${url}`, { headers: { authorization: `Bearer ${devKeys.ops}` } });
    const body = (await response.json()) as { error: { details: Array<{ field: string }> } };
    expect(response.status).toBe(400);
    expect(body.error.details.map((d) => d.field)).toContain(field);
  });

  it('takes decimal digits', async () => {
    for (const url of ['/ops/failures?limit=10', '/ops/audit?year=2024&limit=10']) {
      const response = await fetch(`${hub.baseUrl}${url}`, { headers: { authorization: `Bearer ${devKeys.ops}` } });
      expect(response.status, url).toBe(200);
    }
  });
});
