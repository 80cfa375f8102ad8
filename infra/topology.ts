/**
 * The hub's one topology: every function, HTTP route, queue, schedule and table.
 * The CDK stack (infra/hub-stack.ts) builds the cloud from it and the local runtime
 * (local/) wires the same handlers from it, so the two cannot drift.
 */

export type TableName = 'ledgers' | 'records' | 'failures' | 'adjustments' | 'operations';
export type QueueName = 'completions' | 'replays';
export type FunctionName =
  | 'hnuWebhook'
  | 'jxnuWebhook'
  | 'wangtiPoller'
  | 'ledgerWriter'
  | 'portalApi'
  | 'opsApi'
  | 'opsInsightApi'
  | 'opsDocuments'
  | 'replayWorker'
  | 'opsConsole';

export interface KeyDef {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface IndexDef {
  readonly name: string;
  readonly partitionKey: KeyDef;
  readonly sortKey: KeyDef;
  /** Non-key attributes copied into the index (INCLUDE projection). Empty: KEYS_ONLY. */
  readonly projectedAttributes: readonly string[];
}

export interface TableDef {
  readonly partitionKey: KeyDef;
  readonly sortKey?: KeyDef;
  readonly indexes: readonly IndexDef[];
  /** Attribute holding epoch seconds after which DynamoDB may delete the item. */
  readonly ttlAttribute?: string;
  /** Read with PartiQL SELECT too (aws/record-index.ts: many records in one strongly consistent read), so readers need dynamodb:PartiQLSelect. */
  readonly partiqlSelect?: boolean;
  readonly purpose: string;
}

export interface QueueDef {
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  readonly deadLetter: {
    readonly maxReceiveCount: number;
    readonly retentionDays: number;
  };
}

export interface QueueSourceDef {
  readonly queue: QueueName;
  readonly batchSize: number;
  readonly batchingWindowSeconds: number;
  /** Cap on concurrent consumers, so a surge cannot exhaust the account's concurrency. */
  readonly maxConcurrency: number;
}

export interface ScheduleDef {
  /** Environment variable that overrides the interval, as named in hub-api.md. */
  readonly intervalSecondsVariable: string;
  readonly intervalSecondsDefault: number;
}

export interface RouteDef {
  readonly method: 'GET' | 'POST';
  /** API Gateway path syntax: `/v1/ledgers/{year}/changes`. */
  readonly path: string;
}

export interface FunctionDef {
  /** Module under functions/ exporting `handler`. */
  readonly entry: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly description: string;
  readonly routes: readonly RouteDef[];
  readonly queueSource?: QueueSourceDef;
  readonly schedule?: ScheduleDef;
  /** Queues this function sends to. */
  readonly sendsTo: readonly QueueName[];
  /** Tables this function reads and writes (least privilege follows from this list). */
  readonly tables: { readonly read: readonly TableName[]; readonly write: readonly TableName[] };
  /** Secrets (hub-api.md configuration names) this function needs. */
  readonly secrets: readonly SecretName[];
  /** Reserved concurrency, where one function must never run more than this at once. */
  readonly reservedConcurrency?: number;
  /** May start dead-letter redrives (StartMessageMoveTask) on these queues. */
  readonly redrives?: readonly QueueName[];
}

export type SecretName =
  | 'HNU_WEBHOOK_SECRETS'
  | 'JXNU_APP_SECRET'
  | 'WANGTI_TOKEN'
  | 'PORTAL_API_KEYS'
  | 'OPS_API_KEYS'
  | 'PERSON_KEY_SECRET';

const ledgerWriterTimeoutSeconds = 60;
const replayWorkerTimeoutSeconds = 60;

export const tables: Readonly<Record<TableName, TableDef>> = {
  ledgers: {
    purpose: 'One item per person and credit year: the entries and the totals derived from them.',
    partitionKey: { name: 'personKey', type: 'S' },
    sortKey: { name: 'year', type: 'N' },
    indexes: [
      {
        // The change feed. feedPartition = `${year}#${shard}` spreads a year's writes over
        // feedShardCount partitions by the person key's leading hex digits; feedPosition =
        // `${updatedAt}#${personKey}` orders them. See shared/ledger/feed.ts.
        name: 'changes',
        partitionKey: { name: 'feedPartition', type: 'S' },
        sortKey: { name: 'feedPosition', type: 'S' },
        projectedAttributes: ['summary', 'idCardEnc', 'version', 'updatedAt'],
      },
    ],
  },
  records: {
    purpose:
      'Append-only index of every version seen of a platform record: where it belongs (person, year). Lets a personless withdrawal find its entry and a correction move one.',
    partitionKey: { name: 'recordKey', type: 'S' },
    sortKey: { name: 'versionKey', type: 'S' },
    indexes: [],
    partiqlSelect: true,
  },
  failures: {
    purpose: 'Every delivery or record that did not reach a ledger, with reason and encrypted payload.',
    partitionKey: { name: 'failureId', type: 'S' },
    indexes: [
      {
        name: 'byPlatform',
        partitionKey: { name: 'platform', type: 'S' },
        sortKey: { name: 'failedAtId', type: 'S' },
        projectedAttributes: ['reasonCode', 'message', 'failedAt', 'stage', 'replays', 'status'],
      },
      {
        // Sparse: failures whose record had a valid ID card number carry the person's keyed hash (the person lookup).
        name: 'byPerson',
        partitionKey: { name: 'personKey', type: 'S' },
        sortKey: { name: 'failedAtId', type: 'S' },
        projectedAttributes: [],
      },
      {
        // Sparse: failures that know their platform record id (the record lookup).
        name: 'byRecord',
        partitionKey: { name: 'recordId', type: 'S' },
        sortKey: { name: 'failedAtId', type: 'S' },
        projectedAttributes: ['platform'],
      },
    ],
  },
  adjustments: {
    purpose: 'Converted hours (折算学时) posted by the portal, idempotent by adjustment id.',
    partitionKey: { name: 'adjustmentId', type: 'S' },
    indexes: [],
  },
  operations: {
    purpose:
      'Small operational items: jxnu nonces (TTL), poller state and lease, per-hour health counters (TTL), bulk replay jobs (TTL).',
    partitionKey: { name: 'pk', type: 'S' },
    sortKey: { name: 'sk', type: 'S' },
    indexes: [],
    ttlAttribute: 'expiresAt',
  },
};

/** Both queues keep a message four days; their dead-letter queues take it after five receives and keep it 14 days. */
const workingQueueRetention = {
  retentionDays: 4,
  deadLetter: { maxReceiveCount: 5, retentionDays: 14 },
} as const satisfies Pick<QueueDef, 'retentionDays' | 'deadLetter'>;

export const queues: Readonly<Record<QueueName, QueueDef>> = {
  completions: {
    // Six times the consumer's timeout, as AWS recommends for Lambda event sources.
    visibilityTimeoutSeconds: ledgerWriterTimeoutSeconds * 6,
    ...workingQueueRetention,
  },
  replays: {
    // A bulk replay's chunks (shared/ops/replay-job.ts): the job outlives the request that started it.
    visibilityTimeoutSeconds: replayWorkerTimeoutSeconds * 6,
    ...workingQueueRetention,
  },
};

export const queueNames = Object.keys(queues) as QueueName[];

const noTables = { read: [], write: [] } as const;

/**
 * What an intake (the two webhooks and the poller, one shape in shared/intake/) may touch: it
 * enqueues to the completions queue, reads and writes operational items (nonces, poller state,
 * counters) and records failures.
 */
const intakeAccess = {
  sendsTo: ['completions'],
  tables: { read: ['operations'], write: ['failures', 'operations'] },
} as const satisfies Pick<FunctionDef, 'sendsTo' | 'tables'>;

export const functions: Readonly<Record<FunctionName, FunctionDef>> = {
  hnuWebhook: {
    entry: 'functions/hnu-webhook.ts',
    memoryMb: 512,
    timeoutSeconds: 5,
    description: 'hnu webhook: verify signature, normalise, enqueue',
    routes: [{ method: 'POST', path: '/webhooks/hnu' }],
    ...intakeAccess,
    secrets: ['HNU_WEBHOOK_SECRETS', 'PERSON_KEY_SECRET'],
  },
  jxnuWebhook: {
    entry: 'functions/jxnu-webhook.ts',
    memoryMb: 1024,
    timeoutSeconds: 10,
    description: 'jxnu batch webhook: verify signature and nonce, normalise, enqueue',
    routes: [{ method: 'POST', path: '/webhooks/jxnu' }],
    ...intakeAccess,
    secrets: ['JXNU_APP_SECRET', 'PERSON_KEY_SECRET'],
  },
  wangtiPoller: {
    entry: 'functions/wangti-poller.ts',
    memoryMb: 1024,
    timeoutSeconds: 120,
    description: 'wangti export poller: read pages with the stored cursor, normalise, enqueue',
    routes: [],
    schedule: { intervalSecondsVariable: 'WANGTI_POLL_SECONDS', intervalSecondsDefault: 300 },
    ...intakeAccess,
    secrets: ['WANGTI_TOKEN', 'PERSON_KEY_SECRET'],
    // One poll at a time is also enforced by a lease; this keeps a stuck schedule cheap.
    reservedConcurrency: 2,
  },
  ledgerWriter: {
    entry: 'functions/ledger-writer.ts',
    memoryMb: 1024,
    timeoutSeconds: ledgerWriterTimeoutSeconds,
    description: 'completions queue consumer: dedupe and apply versions to ledgers',
    routes: [],
    queueSource: { queue: 'completions', batchSize: 100, batchingWindowSeconds: 1, maxConcurrency: 20 },
    sendsTo: [],
    tables: { read: ['ledgers', 'records', 'operations'], write: ['ledgers', 'records', 'failures', 'operations'] },
    // Seals the payload of a message it must set aside as a failure.
    secrets: ['PERSON_KEY_SECRET'],
  },
  portalApi: {
    entry: 'functions/portal-api.ts',
    memoryMb: 1024,
    timeoutSeconds: 10,
    description: 'portal API: ledgers, transcripts, change feed, converted hours',
    routes: [
      { method: 'POST', path: '/v1/ledgers/query' },
      { method: 'GET', path: '/v1/ledgers/{year}/people/{personRef}/entries' },
      { method: 'GET', path: '/v1/ledgers/{year}/changes' },
      { method: 'POST', path: '/v1/adjustments' },
      { method: 'POST', path: '/v1/adjustments/{adjustmentId}/revoke' },
      { method: 'GET', path: '/v1/openapi.json' },
    ],
    sendsTo: [],
    tables: { read: ['ledgers', 'adjustments'], write: ['ledgers', 'adjustments'] },
    secrets: ['PORTAL_API_KEYS', 'PERSON_KEY_SECRET'],
  },
  opsApi: {
    entry: 'functions/ops-api.ts',
    memoryMb: 512,
    timeoutSeconds: 30,
    description: 'operators API: health, failures, replay, dead-letter redrive, poll now',
    routes: [
      { method: 'GET', path: '/ops/health' },
      { method: 'GET', path: '/ops/failures' },
      { method: 'POST', path: '/ops/failures/{failureId}/replay' },
      { method: 'POST', path: '/ops/dead-letters/redrive' },
      { method: 'POST', path: '/ops/pollers/wangti/run' },
    ],
    sendsTo: ['completions'],
    // Every queue has a dead-letter queue (QueueDef.deadLetter): health shows each, redrive moves each back.
    redrives: queueNames,
    tables: {
      read: ['failures', 'operations'],
      write: ['failures', 'operations'],
    },
    secrets: ['OPS_API_KEYS', 'PERSON_KEY_SECRET', 'WANGTI_TOKEN'],
  },
  opsInsightApi: {
    entry: 'functions/ops-insight-api.ts',
    memoryMb: 1024,
    timeoutSeconds: 30,
    description: 'operators API: failures summary, bulk replay jobs, person and record lookups, the ledger audit',
    routes: [
      { method: 'GET', path: '/ops/failures/summary' },
      { method: 'POST', path: '/ops/failures/replay' },
      { method: 'GET', path: '/ops/jobs/{jobId}' },
      { method: 'POST', path: '/ops/people/lookup' },
      { method: 'GET', path: '/ops/records/{platform}/{recordId}' },
      { method: 'GET', path: '/ops/audit' },
    ],
    sendsTo: ['replays'],
    tables: { read: ['ledgers', 'records', 'failures', 'operations'], write: ['operations'] },
    secrets: ['OPS_API_KEYS', 'PERSON_KEY_SECRET'],
  },
  opsDocuments: {
    entry: 'functions/ops-documents.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    description: 'operators API: the ops OpenAPI document (its own bundle: the OpenAPI generator and every ops schema)',
    routes: [{ method: 'GET', path: '/ops/openapi.json' }],
    sendsTo: [],
    tables: noTables,
    secrets: ['OPS_API_KEYS'],
  },
  replayWorker: {
    entry: 'functions/replay-worker.ts',
    memoryMb: 1024,
    timeoutSeconds: replayWorkerTimeoutSeconds,
    description:
      'replays queue consumer: one chunk of a bulk replay job through the pipeline, its progress stored on the job',
    routes: [],
    // One chunk an invocation: a chunk that fails is retried alone; two at once keep a job from crowding the ledger writer.
    queueSource: { queue: 'replays', batchSize: 1, batchingWindowSeconds: 0, maxConcurrency: 2 },
    sendsTo: [],
    tables: {
      read: ['ledgers', 'records', 'failures', 'operations'],
      write: ['ledgers', 'records', 'failures', 'operations'],
    },
    secrets: ['PERSON_KEY_SECRET'],
  },
  opsConsole: {
    entry: 'functions/ops-console.ts',
    memoryMb: 256,
    timeoutSeconds: 5,
    description: "operators' console: the web page that calls the operators API with the key the operator enters",
    routes: [{ method: 'GET', path: '/ops/console' }],
    sendsTo: [],
    tables: noTables,
    secrets: [],
  },
};

export const functionNames = Object.keys(functions) as FunctionName[];
export const tableNames = Object.keys(tables) as TableName[];

/** Environment variable through which a function learns a table's physical name. */
export const tableVariable = (table: TableName): string => `TABLE_${table.toUpperCase()}`;
/** Environment variable through which a function learns a queue's URL. */
export const queueVariable = (queue: QueueName): string => `QUEUE_${queue.toUpperCase()}_URL`;
/** Environment variable through which a function learns a dead-letter queue's URL. */
export const deadLetterQueueVariable = (queue: QueueName): string => `QUEUE_${queue.toUpperCase()}_DLQ_URL`;
/** The variable through which a function finds a secret in the cloud (its ARN; locally the secret is its own variable). */
export const secretArnVariable = (name: SecretName): string => `${name}_SECRET_ARN`;
