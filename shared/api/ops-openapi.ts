/**
 * The operators API's OpenAPI 3.1 document (`GET /ops/openapi.json`), generated with zod-openapi
 * from the zod schemas the ops handlers validate requests with (and the answers' schemas), like
 * the portal's (shared/api/openapi.ts). test/unit/api/ops-openapi.test.ts checks its paths
 * against the topology's /ops routes and lints it with redocly.
 */
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { auditPageSchema } from '../ledger/audit-report.js';
import { failureSummarySchema, summaryQuerySchema, summaryWindowDaysDefault } from '../ops/failure-summary.js';
import { personLookupRequestSchema, personLookupSchema, recordLookupSchema, recordPathSchema } from '../ops/lookups.js';
import { auditQuerySchema, failuresQuerySchema, replayPathSchema } from '../ops/params.js';
import {
  jobPathSchema,
  replayChunkFailuresMax,
  replayJobFailuresMax,
  replayJobViewSchema,
  replayPreviewSchema,
  replayRequestSchema,
  replayStartedSchema,
} from '../ops/replay-job.js';
import { bearerApiDocument, commonErrors, documentOperation, jsonBody, ok, problem } from './openapi-parts.js';
import { opsAnswerSchemas } from './ops-answers.js';

export const opsKeySchemeName = 'opsKey';

/** The document's groups of operations, each operation in one. */
const tags = {
  health: { name: 'health', description: 'Is every platform’s integration healthy?' },
  failures: { name: 'failures', description: 'What did not reach a ledger, and why' },
  replay: { name: 'replay', description: 'Run failures through the pipeline again, one or a whole incident' },
  lookups: { name: 'lookups', description: 'A person’s or a record’s story' },
  pollers: { name: 'pollers', description: 'The wangti export poller' },
  audit: { name: 'audit', description: 'Ledgers checked against their entries' },
  documents: { name: 'documents', description: 'This API’s own description' },
} as const;

/** Every documented operation by its API Gateway route key, as infra/topology.ts names routes. */
export const documentedOpsRoutes = {
  'GET /ops/health': {
    operationId: 'readHealth',
    tags: [tags.health.name],
    summary: 'Each platform’s health, the wangti poller and the dead-letter queues',
    responses: {
      '200': ok('The hub’s health now', opsAnswerSchemas.health),
      '401': commonErrors['401'],
      '500': commonErrors['500'],
    },
  },
  'GET /ops/failures': {
    operationId: 'listFailures',
    tags: [tags.failures.name],
    summary: 'Every failure, newest first, with its masked payload',
    requestParams: { query: failuresQuerySchema },
    responses: { '200': ok('A page of failures', opsAnswerSchemas.failuresPage), ...commonErrors },
  },
  'POST /ops/failures/{failureId}/replay': {
    operationId: 'replayFailure',
    tags: [tags.replay.name],
    summary: 'Run one failure through the pipeline again',
    requestParams: { path: replayPathSchema },
    responses: {
      '200': ok('What the replay did, and the failure as it now is', opsAnswerSchemas.replayOne),
      ...commonErrors,
      '404': problem('No failure has this id'),
      '409': problem('The failure cannot be replayed, or has been replayed as often as it may be'),
    },
  },
  'POST /ops/dead-letters/redrive': {
    operationId: 'redriveDeadLetters',
    tags: [tags.health.name],
    summary: 'Move dead-lettered messages back to their queue',
    responses: {
      '200': ok('Nothing to move', opsAnswerSchemas.redrive),
      '202': ok('The move runs on; /ops/health shows its progress', opsAnswerSchemas.redrive),
      '401': commonErrors['401'],
      '409': problem('A move is already running'),
      '500': commonErrors['500'],
    },
  },
  'POST /ops/pollers/wangti/run': {
    operationId: 'pollWangtiNow',
    tags: [tags.pollers.name],
    summary: 'Poll the wangti export now instead of waiting for the schedule',
    responses: {
      '200': ok('The poll’s summary (also when the export answered badly)', opsAnswerSchemas.pollSummary),
      '401': commonErrors['401'],
      '409': problem('A poll is already running'),
      '500': commonErrors['500'],
    },
  },
  'GET /ops/audit': {
    operationId: 'auditYear',
    tags: [tags.audit.name],
    summary: 'One page of a year’s audit: ledgers whose totals differ from their entries',
    requestParams: { query: auditQuerySchema },
    responses: { '200': ok('A page of the audit', auditPageSchema.meta({ id: 'AuditPage' })), ...commonErrors },
  },
  'GET /ops/failures/summary': {
    operationId: 'readFailureSummary',
    tags: [tags.failures.name],
    summary: 'Failures counted by platform and reason code',
    description: `Each failure counts once: \`open\` (never replayed), \`replayed\`, or \`stillFailing\` (replayed and rejected again). Without \`since\` the window is the ${summaryWindowDaysDefault} days before \`until\`.`,
    requestParams: { query: summaryQuerySchema },
    responses: { '200': ok('The groups, newest first', failureSummarySchema), ...commonErrors },
  },
  'POST /ops/failures/replay': {
    operationId: 'replayAll',
    tags: [tags.replay.name],
    summary: 'Replay every failure that matches, as one background job',
    description: `\`dryRun: true\` answers how many match and changes nothing. Otherwise the job runs on the replays queue in chunks of ${replayChunkFailuresMax}; one job takes at most ${replayJobFailuresMax} failures. Replaying twice credits nothing twice.`,
    requestBody: jsonBody(replayRequestSchema),
    responses: {
      '200': ok('Dry run: how many failures match', replayPreviewSchema),
      '202': ok('The job is started; follow it at /ops/jobs/{jobId}', replayStartedSchema),
      ...commonErrors,
      '413': problem('The body is larger than 1 MiB'),
      '503': problem('The replays queue took only part of the job; the message says how much runs'),
    },
  },
  'GET /ops/jobs/{jobId}': {
    operationId: 'readJob',
    tags: [tags.replay.name],
    summary: 'A bulk replay job’s progress',
    requestParams: { path: jobPathSchema },
    responses: {
      '200': ok('The job now', replayJobViewSchema),
      ...commonErrors,
      '404': problem('No job has this id (or it has expired)'),
    },
  },
  'POST /ops/people/lookup': {
    operationId: 'lookUpPerson',
    tags: [tags.lookups.name],
    summary: 'Why a person’s hours are what they are',
    description:
      'Every year’s ledger, every entry with its state and why, every version received per record with what it did, and the failures that name the person. The ID card number travels in the body, never in a URL; the answer shows its last 4 characters only and no names. The lookup is logged with the name of the ops key that asked.',
    requestBody: jsonBody(personLookupRequestSchema),
    responses: {
      '200': ok('The person’s story', personLookupSchema),
      ...commonErrors,
      '413': problem('The body is larger than 1 MiB'),
    },
  },
  'GET /ops/records/{platform}/{recordId}': {
    operationId: 'lookUpRecord',
    tags: [tags.lookups.name],
    summary: 'One platform record’s story, by the platform’s own id',
    requestParams: { path: recordPathSchema },
    responses: {
      '200': ok('The record’s story (empty lists for a record the hub never saw)', recordLookupSchema),
      ...commonErrors,
    },
  },
  'GET /ops/openapi.json': documentOperation(
    'readOpsOpenApi',
    tags.documents.name,
    'The OpenAPI 3.1 document of the operators API',
  ),
} as const satisfies Record<string, ZodOpenApiOperationObject>;

export const opsOpenApiDocument = bearerApiDocument({
  title: 'Jiangxi continuing-education hub: operators API',
  description:
    'For the province’s operators: the platforms’ health, every failure with its reason and masked payload, replay of one failure or of an incident as a background job, and the person and record lookups. Every request carries `Authorization: Bearer {key}` (an ops key). Errors are `{ "error": { "code", "message", "details": [{ "field", "message" }] } }`. ID card numbers never appear beyond their last 4 characters, names never. Generated from the schemas that validate the requests.',
  tags: Object.values(tags),
  scheme: {
    name: opsKeySchemeName,
    description: 'An ops key (OPS_API_KEYS); the hub logs the key’s name, never the key',
  },
  routes: documentedOpsRoutes,
});
