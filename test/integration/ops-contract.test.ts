/**
 * The operators API's document (`GET /ops/openapi.json`) and its handlers say the same, both
 * ways, through the running hub, with the harness the portal's document is checked with
 * (test/support/document-contract.ts): requests generated from the document's own schemas,
 * with the ops key, are answered with a status the document lists (a 404 for a failure or job
 * the hub does not hold is one), never a 400 or a 5xx; requests the handlers refuse are ones
 * the document calls invalid.
 *
 * The hub holds data, so the operations that act (a replay, a bulk replay job, a redrive, a
 * poll now) act on something: credited and rejected hnu records, a dead letter, a wangti
 * export (the simulator). Their ids, and the people's ID card numbers, are mixed in with the
 * generated values. An operation without inputs has one request: it is sent a few times.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../local/aws-local.js';
import { startHub, type RunningHub } from '../../local/hub.js';
import { opsOpenApiDocument } from '../../shared/api/ops-openapi.js';
import { sinceBeforeUntil } from '../../shared/ops/params.js';
import { idCardFormat } from '../../shared/person/id-card.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import {
  documentContract,
  expectAllowedByBoth,
  expectRefusedByBoth,
  fuzzOperation,
  fuzzRuns,
  sendDocumented,
  tallyLine,
} from '../support/document-contract.js';
import { idCardNoOf } from '../support/completions.js';
import { devKeys, postHnu } from '../support/hub-client.js';
import { hnu2023BodyOf, hnuBodyOf } from '../support/hnu-bodies.js';
import { idCardNoArbitrary, isGb11643 } from '../support/id-card-arbitrary.js';
import { eventually, opsGet, opsPostJson } from '../support/ops-client.js';
import { operationsOf, type DocumentedRequest } from '../support/openapi-requests.js';

let hub: RunningHub;
let exportServer: WangtiServer;
const contract = documentContract({
  document: opsOpenApiDocument(),
  formats: { [idCardFormat]: isGb11643 },
  baseUrl: () => hub.baseUrl,
  key: devKeys.ops,
});

/** What the hub holds once the test data is in. */
const held = {
  idCardNos: ['36042119850315002X', idCardNoOf(71, '19900307')],
  failureIds: [] as string[],
  jobIds: [] as string[],
};
const recordIds = ['HNU-OPS-1', 'HNU-OPS-2', 'HNU-OPS-BAD-1', 'HNU-OPS-2023-1'];

const seed = async (): Promise<void> => {
  const [first, second] = held.idCardNos as [string, string];
  const sent = [
    await postHnu(hub.baseUrl, hnuBodyOf({ '36042119850315002x': first, 'HNU-2024-0000123': 'HNU-OPS-1' }), {
      eventId: 'evt_ops_1',
    }),
    await postHnu(hub.baseUrl, hnuBodyOf({ '36042119850315002x': second, 'HNU-2024-0000123': 'HNU-OPS-2' }), {
      eventId: 'evt_ops_2',
    }),
    // A wrong check character: rejected at once. A year without rules: rejected by the ledger writer.
    await postHnu(
      hub.baseUrl,
      hnuBodyOf({ '36042119850315002x': '360421198503150021', 'HNU-2024-0000123': 'HNU-OPS-BAD-1' }),
      { eventId: 'evt_ops_3' },
    ),
    await postHnu(hub.baseUrl, hnu2023BodyOf(second, 'HNU-OPS-2023-1'), { eventId: 'evt_ops_4' }),
  ];
  expect(sent.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  held.failureIds = await eventually('both failures listed', async () => {
    const ids = ((await opsGet(hub.baseUrl, '/ops/failures?platform=hnu')).body.failures as Array<{ id: string }>).map(
      (failure) => failure.id,
    );
    return ids.length >= 2 ? ids : undefined;
  });
  const job = await opsPostJson(hub.baseUrl, '/ops/failures/replay', { platform: 'hnu' });
  expect(job.status).toBe(202);
  held.jobIds = [job.body.jobId];
  // A message that is nobody's: the completions queue's dead-letter queue has something to move back.
  const sqs = new SQSClient({ endpoint: hub.sqsEndpoint, region: localRegion, credentials: localCredentials });
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: hub.deadLetterQueueUrl('completions'),
      MessageBody: '{"kind":"nothing-known"}',
    }),
  );
  sqs.destroy();
};

beforeAll(async () => {
  exportServer = await startWangtiServer({ token: 'dev-wangti-token' });
  hub = await startHub({
    port: 0,
    dataDir: null,
    schedules: false,
    quiet: true,
    env: { WANGTI_BASE_URL: exportServer.url },
  });
  await seed();
});
afterAll(async () => {
  console.info(`ops contract: ${tallyLine(contract)}`);
  await hub?.stop();
  await exportServer?.stop();
});

/** `since` before `until` (now, when absent): what the document says in words. */
const sinceBeforeUntilHolds = (request: DocumentedRequest): boolean =>
  sinceBeforeUntil.check((request.body ?? request.query) as { since?: string; until?: string });

const hasInputs = (operation: { parameters?: readonly unknown[]; requestBody?: unknown }): boolean =>
  (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;

describe('requests the operators document allows', () => {
  it.each(
    operationsOf(contract.doc).map(
      ({ method, path, operation }) => [operation.operationId, method, path, hasInputs(operation)] as const,
    ),
  )(
    '%s: every one the document generates is answered with a status it documents',
    (_, method, path, inputs) =>
      fuzzOperation(contract, method, path, {
        formats: { [idCardFormat]: fc.oneof(idCardNoArbitrary, fc.constantFrom(...held.idCardNos)) },
        itemsMax: 5,
        known: { failureId: held.failureIds, jobId: held.jobIds, recordId: recordIds },
        saysInWords: sinceBeforeUntilHolds,
        ...(inputs ? {} : { runs: Math.min(fuzzRuns, 3) }),
      }),
    10 * 60_000,
  );
});

const request = (
  operationId: string,
  method: string,
  path: string,
  parts: Partial<Pick<DocumentedRequest, 'pathParams' | 'query' | 'body'>> = {},
): DocumentedRequest => ({ operationId, method, path, pathParams: {}, query: {}, ...parts });
const failures = (query: Record<string, string>) => request('listFailures', 'GET', '/ops/failures', { query });
const audit = (query: Record<string, string>) => request('auditYear', 'GET', '/ops/audit', { query });
const summary = (query: Record<string, string>) =>
  request('readFailureSummary', 'GET', '/ops/failures/summary', { query });
const replayAll = (body: unknown) => request('replayAll', 'POST', '/ops/failures/replay', { body });
const lookUpPerson = (body: unknown) => request('lookUpPerson', 'POST', '/ops/people/lookup', { body });
const replayOne = (failureId: string) =>
  request('replayFailure', 'POST', '/ops/failures/{failureId}/replay', { pathParams: { failureId } });
const readJob = (jobId: string) => request('readJob', 'GET', '/ops/jobs/{jobId}', { pathParams: { jobId } });
const lookUpRecord = (platform: string, recordId: string) =>
  request('lookUpRecord', 'GET', '/ops/records/{platform}/{recordId}', { pathParams: { platform, recordId } });

describe('requests both sides allow', () => {
  it('follows the failure list and the audit with the cursors they hand out', async () => {
    const listed = await expectAllowedByBoth(contract, failures({ limit: '1' }));
    expect(listed.body.nextCursor).toEqual(expect.any(String));
    await expectAllowedByBoth(contract, failures({ limit: '1', cursor: listed.body.nextCursor }));
    const audited = await expectAllowedByBoth(contract, audit({ year: '2024', limit: '1' }));
    expect(audited.body.nextCursor).toEqual(expect.any(String));
    await expectAllowedByBoth(contract, audit({ year: '2024', cursor: audited.body.nextCursor }));
  });

  // Regressions: each of these was a 400 or a 500 before the document and the handlers said the same.
  it.each([
    [
      'a failure cursor of the documented form that no page handed out',
      failures({ cursor: '2024-06-01T00:00:00.000Z_f_00000000000000000a' }),
    ],
    [
      'an audit of a year with rules, at a position no page handed out',
      audit({ year: '2025', cursor: `${'0'.repeat(32)}_2025` }),
    ],
    [
      'a summary since a time in year 0000, an offset carrying it into the year before',
      summary({ since: '0000-01-01T00:00:00+23:59' }),
    ],
    [
      'a summary until a time in year 9999, an offset carrying it into 10000',
      summary({ until: '9999-12-31T23:59:59-23:59' }),
    ],
    [
      'a bulk replay until a time before 1970 (its default start)',
      replayAll({ until: '0000-02-10T00:00:00+20:00', dryRun: true }),
    ],
    [
      'a bulk replay since year 0000 until year 9999',
      replayAll({ since: '0000-01-01T00:00:00+23:59', until: '9999-12-31T23:59:59-23:59', dryRun: true }),
    ],
  ])('%s', (_, allowed) => expectAllowedByBoth(contract, allowed).then(() => undefined));
});

/** Refused requests, each with the field the hub's 400 names and the part of the request the document finds wrong. */
const refused: Array<[string, DocumentedRequest, string, string]> = [
  ['a limit as an exponent', failures({ limit: '1e2' }), 'limit', 'limit'],
  ['a limit with a space before it', failures({ limit: ' 10' }), 'limit', 'limit'],
  ['a limit in hex', failures({ limit: '0x10' }), 'limit', 'limit'],
  ['a limit of 0', failures({ limit: '0' }), 'limit', 'limit'],
  ['a limit above 200', failures({ limit: '201' }), 'limit', 'limit'],
  ['an unknown platform', failures({ platform: 'moodle' }), 'platform', 'platform'],
  ['an unknown reason', failures({ reason: 'bad-luck' }), 'reason', 'reason'],
  ['an empty failure cursor', failures({ cursor: '' }), 'cursor', 'cursor'],
  [
    'a failure cursor of another form',
    failures({ cursor: 'ZjE6MjAyNC0wNi0wMVQwMDowMDowMC4wMDBaI2ZfMQ' }),
    'cursor',
    'cursor',
  ],
  ['no year to audit', audit({}), 'year', 'year'],
  ['a year with a decimal point', audit({ year: '2024.0' }), 'year', 'year'],
  ['a year without rules', audit({ year: '2023' }), 'year', 'year'],
  ['a negative audit limit', audit({ year: '2024', limit: '-5' }), 'limit', 'limit'],
  ['an audit limit above 1000', audit({ year: '2024', limit: '1001' }), 'limit', 'limit'],
  ['an audit cursor of another form', audit({ year: '2024', cursor: 'bm90LWEtY3Vyc29y' }), 'cursor', 'cursor'],
  ['a summary since a time without offset', summary({ since: '2024-06-01T08:00:00' }), 'since', 'since'],
  ['a summary until a date alone', summary({ until: '2024-06-01' }), 'until', 'until'],
  ['a failure id of another form', replayOne('f_123'), 'failureId', 'failureId'],
  ['a job id of another form', readJob('j_123'), 'jobId', 'jobId'],
  [
    'a bulk replay with a field it does not know',
    replayAll({ platform: 'hnu', everything: true }),
    'everything',
    'body',
  ],
  ['a bulk replay of an unknown platform', replayAll({ platform: 'moodle' }), 'platform', 'body'],
  ['a bulk replay of a reason code in capitals', replayAll({ reasonCode: 'Invalid-Body' }), 'reasonCode', 'body'],
  ['a dry run as text', replayAll({ dryRun: 'yes' }), 'dryRun', 'body'],
  ['a person without an ID card number', lookUpPerson({ year: 2024 }), 'idCardNo', 'body'],
  [
    'an ID card number with a wrong check character',
    lookUpPerson({ idCardNo: '360421198503150021' }),
    'idCardNo',
    'body',
  ],
  ['an ID card number of 17 characters', lookUpPerson({ idCardNo: '36042119850315002' }), 'idCardNo', 'body'],
  ['a lookup year before 2000', lookUpPerson({ idCardNo: '36042119850315002X', year: 1999 }), 'year', 'body'],
  ['a record of a platform that sends none', lookUpRecord('portal', 'ADJ-1'), 'platform', 'platform'],
  ['a record id of 65 characters', lookUpRecord('hnu', 'r'.repeat(65)), 'recordId', 'recordId'],
];

describe('requests the operators API refuses', () => {
  // Found with FUZZ_SEED=7: fetch resolved /ops/records/hnu/. to /ops/records/hnu/, which no route serves (404).
  it('a record id of . or .. is invalid by the document: no URL can carry it to the hub', () => {
    for (const recordId of ['.', '..'])
      expect(contract.judge(lookUpRecord('hnu', recordId)), recordId).toEqual(['recordId']);
  });

  it.each(refused)('%s: a 400 naming the field, and invalid by the document', (_, refusedRequest, field, part) =>
    expectRefusedByBoth(contract, refusedRequest, field, part),
  );

  it.each([
    ['a summary since after until', summary({ since: '2024-06-02T00:00:00Z', until: '2024-06-01T00:00:00Z' })],
    ['a summary since a time to come, without until', summary({ since: '2999-01-01T00:00:00Z' })],
    ['a bulk replay since a time to come, without until', replayAll({ since: '2999-01-01T00:00:00Z', dryRun: true })],
  ])('%s: a 400 naming since, as the document says in words', async (_, refusedRequest) => {
    expect(sinceBeforeUntilHolds(refusedRequest)).toBe(false);
    const answer = await sendDocumented(contract, refusedRequest);
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.error.details).toEqual([{ field: 'since', message: 'must be before until' }]);
  });
});
