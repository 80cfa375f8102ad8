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
import { bearerApiDocument, documentOperation, ok, operation, problem } from './openapi-parts.js';
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
  'GET /ops/health': operation({
    operationId: 'readHealth',
    tag: tags.health.name,
    summary: 'Each platform’s health, the wangti poller and the dead-letter queues',
    answers: { '200': ok('The hub’s health now', opsAnswerSchemas.health) },
  }),
  'GET /ops/failures': operation({
    operationId: 'listFailures',
    tag: tags.failures.name,
    summary: 'Every failure, newest first, with its masked payload',
    params: { query: failuresQuerySchema },
    answers: { '200': ok('A page of failures', opsAnswerSchemas.failuresPage) },
  }),
  'POST /ops/failures/{failureId}/replay': operation({
    operationId: 'replayFailure',
    tag: tags.replay.name,
    summary: 'Run one failure through the pipeline again',
    params: { path: replayPathSchema },
    answers: {
      '200': ok('What the replay did, and the failure as it now is', opsAnswerSchemas.replayOne),
      '404': problem('No failure has this id'),
      '409': problem('The failure cannot be replayed, or has been replayed as often as it may be'),
    },
  }),
  'POST /ops/dead-letters/redrive': operation({
    operationId: 'redriveDeadLetters',
    tag: tags.health.name,
    summary: 'Move every dead-letter queue’s messages back to its own queue',
    description:
      'One move task per queue (completions, replays); the answer says per queue what was started. A queue whose move is still running is left to it.',
    answers: {
      '200': ok('Nothing to move in any queue', opsAnswerSchemas.redrive),
      '202': ok('Moves run on; /ops/health shows their progress', opsAnswerSchemas.redrive),
      '409': problem('Nothing could start: the queues with dead letters each have a move still running'),
    },
  }),
  'POST /ops/pollers/wangti/run': operation({
    operationId: 'pollWangtiNow',
    tag: tags.pollers.name,
    summary: 'Poll the wangti export now instead of waiting for the schedule',
    answers: {
      '200': ok('The poll’s summary (also when the export answered badly)', opsAnswerSchemas.pollSummary),
      '409': problem('A poll is already running'),
    },
  }),
  'GET /ops/audit': operation({
    operationId: 'auditYear',
    tag: tags.audit.name,
    summary: 'One page of a year’s audit: ledgers whose totals differ from their entries',
    params: { query: auditQuerySchema },
    answers: { '200': ok('A page of the audit', auditPageSchema.meta({ id: 'AuditPage' })) },
  }),
  'GET /ops/failures/summary': operation({
    operationId: 'readFailureSummary',
    tag: tags.failures.name,
    summary: 'Failures counted by platform and reason code',
    description: `Each failure counts once: \`open\` (never replayed), \`replayed\`, or \`stillFailing\` (replayed and rejected again). Without \`since\` the window is the ${summaryWindowDaysDefault} days before \`until\`.`,
    params: { query: summaryQuerySchema },
    answers: { '200': ok('The groups, newest first', failureSummarySchema) },
  }),
  'POST /ops/failures/replay': operation({
    operationId: 'replayAll',
    tag: tags.replay.name,
    summary: 'Replay every failure that matches, as one background job',
    description: `\`dryRun: true\` answers how many match and changes nothing. Otherwise the job runs on the replays queue in chunks of ${replayChunkFailuresMax}; one job takes at most ${replayJobFailuresMax} failures. Replaying twice credits nothing twice.`,
    body: replayRequestSchema,
    answers: {
      '200': ok('Dry run: how many failures match', replayPreviewSchema),
      '202': ok('The job is started; follow it at /ops/jobs/{jobId}', replayStartedSchema),
      '503': problem('The replays queue took only part of the job; the message says how much runs'),
    },
  }),
  'GET /ops/jobs/{jobId}': operation({
    operationId: 'readJob',
    tag: tags.replay.name,
    summary: 'A bulk replay job’s progress',
    params: { path: jobPathSchema },
    answers: {
      '200': ok('The job now', replayJobViewSchema),
      '404': problem('No job has this id (or it has expired)'),
    },
  }),
  'POST /ops/people/lookup': operation({
    operationId: 'lookUpPerson',
    tag: tags.lookups.name,
    summary: 'Why a person’s hours are what they are',
    description:
      'Every year’s ledger, every entry with its state and why, every version received per record with what it did, and the failures that name the person. The ID card number travels in the body, never in a URL; the answer shows its last 4 characters only and no names. The lookup is logged with the name of the ops key that asked.',
    body: personLookupRequestSchema,
    answers: { '200': ok('The person’s story', personLookupSchema) },
  }),
  'GET /ops/records/{platform}/{recordId}': operation({
    operationId: 'lookUpRecord',
    tag: tags.lookups.name,
    summary: 'One platform record’s story, by the platform’s own id',
    params: { path: recordPathSchema },
    answers: { '200': ok('The record’s story (empty lists for a record the hub never saw)', recordLookupSchema) },
  }),
  'GET /ops/openapi.json': documentOperation(
    'readOpsOpenApi',
    tags.documents.name,
    'The OpenAPI 3.1 document of the operators API',
  ),
} satisfies Record<string, ZodOpenApiOperationObject>;

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
