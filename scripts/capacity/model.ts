/**
 * The hub's cost and capacity for a year of the province, computed from three things kept
 * apart: the workload (people, completions, the December surge, the platform mix, the
 * portal's use), what one completion costs the hub (calls, request units, bytes, handler
 * time: measured by `npm run bench` where it can be, stated estimates otherwise), and the
 * prices (prices.ts). Pure: scripts/capacity.ts prints it, test/unit/bench checks it.
 */
import type { PriceBook } from './prices.js';

export type Platform = 'hnu' | 'jxnu' | 'wangti';

export interface Workload {
  readonly people: number;
  readonly completionsPerPerson: number;
  /** Share of the year's completions made in December. */
  readonly decemberShare: number;
  readonly peakDayCompletions: number;
  /** Completions a second at the December peak. */
  readonly peakPerSecond: number;
  readonly platformShare: Readonly<Record<Platform, number>>;
  /** Record versions delivered per distinct completion (duplicates, corrections, withdrawals). */
  readonly versionsPerCompletion: number;
  /** Records per jxnu request (1 to 500). */
  readonly jxnuRecordsPerRequest: number;
  /** Records per wangti export page (limit, up to 1000). */
  readonly wangtiRecordsPerPage: number;
  readonly wangtiPollSeconds: number;
  /** The portal: change-feed polls a minute, records per feed page, other requests a month. */
  readonly portal: {
    readonly feedPollsPerMinute: number;
    readonly feedPageLimit: number;
    readonly otherRequestsPerMonth: number;
  };
}

export const provinceWorkload: Workload = {
  people: 2_000_000,
  completionsPerPerson: 40,
  decemberShare: 1 / 3,
  peakDayCompletions: 3_000_000,
  peakPerSecond: 1_000,
  platformShare: { hnu: 0.4, jxnu: 0.35, wangti: 0.25 },
  versionsPerCompletion: 1.2,
  jxnuRecordsPerRequest: 100,
  wangtiRecordsPerPage: 1_000,
  wangtiPollSeconds: 300,
  portal: { feedPollsPerMinute: 1, feedPageLimit: 500, otherRequestsPerMonth: 1_000_000 },
};

/** What one record version costs the hub; `source` says where each figure comes from. */
export interface UnitCosts {
  readonly source: string;
  /** Ledger writes (conditional PutItem) per version delivered (duplicates skipped, one person's versions in a batch aggregated). */
  readonly ledgerWritesPerVersion: number;
  /** Records-index items written per version (one per version not already held). */
  readonly indexWritesPerVersion: number;
  /** Other write units per version (failures, health counters, nonces, poller state). */
  readonly otherWriteUnitsPerVersion: number;
  /** Ledger write units of one write, averaged over a person's year (the item grows with its entries). */
  readonly ledgerWriteUnitsPerWrite: number;
  /** Write units on the change-feed index per ledger write (the old index entry removed, the new one added). */
  readonly feedIndexWriteUnitsPerWrite: number;
  readonly indexItemWriteUnits: number;
  /** Strongly consistent read units per version (ledgers read per batch, the index read per record). */
  readonly readUnitsPerVersion: number;
  /** CloudWatch Logs bytes per version (log lines and EMF metrics), plus per Lambda invocation (START/END/REPORT). */
  readonly logBytesPerVersion: number;
  readonly logBytesPerInvocation: number;
  /** Bytes of one version on the queue (JSON). */
  readonly versionBytes: number;
  /** Versions per completions-queue message for each platform (hnu: one event, the others up to 25). */
  readonly versionsPerMessage: Readonly<Record<Platform, number>>;
  /** Handler time, ms: per webhook request (fixed + per record), per writer invocation (fixed + per version). */
  readonly handlerMs: {
    readonly hnuRequest: number;
    readonly jxnuRequestFixed: number;
    readonly jxnuPerRecord: number;
    readonly wangtiRunFixed: number;
    readonly wangtiPerRecord: number;
    readonly writerFixed: number;
    readonly writerPerVersion: number;
    readonly portalRequest: number;
  };
  /** Stored bytes: a ledger at the year's end, its change-feed index entry, a records-index item. */
  readonly ledgerItemBytesYearEnd: number;
  readonly feedIndexItemBytes: number;
  readonly indexItemBytes: number;
}

export interface LambdaSettings {
  readonly memoryMb: Readonly<
    Record<'hnuWebhook' | 'jxnuWebhook' | 'wangtiPoller' | 'ledgerWriter' | 'portalApi', number>
  >;
  readonly writerBatchSize: number;
  readonly writerBatchingWindowSeconds: number;
  readonly writerMaxConcurrency: number;
}

export interface FixedCounts {
  readonly kmsKeys: number;
  /** KMS requests a month (DynamoDB table keys, SQS data keys reused for 300 s, Lambda environment): an estimate. */
  readonly kmsRequestsPerMonth: number;
  readonly secrets: number;
  /** Secrets Manager calls a month (Powertools caches a value 300 s per warm function): an estimate. */
  readonly secretCallsPerMonth: number;
  readonly customMetrics: number;
  readonly alarms: number;
  readonly dashboards: number;
  /** Months of CloudWatch Logs kept (retention). */
  readonly logRetentionMonths: number;
  /** Idle long polls of the Lambda SQS event source a month (its pollers poll even when the queue is empty). */
  readonly idleReceivesPerMonth: number;
}

export interface MonthFigures {
  readonly label: string;
  readonly completions: number;
  readonly versions: number;
  readonly costs: Readonly<Record<string, number>>;
  readonly total: number;
  readonly quantities: Readonly<Record<string, number>>;
}

const secondsPerMonth = 30 * 86_400;

/** Completions in an ordinary month (Jan-Nov) and in December. */
export const monthlyCompletions = (w: Workload): { ordinary: number; december: number; year: number } => {
  const year = w.people * w.completionsPerPerson;
  const december = year * w.decemberShare;
  return { ordinary: (year - december) / 11, december, year };
};

/** Average versions per queue message across the platform mix (weighted by versions). */
export const versionsPerMessageMean = (w: Workload, u: UnitCosts): number => {
  const messagesPerVersion = (Object.keys(w.platformShare) as Platform[]).reduce(
    (sum, p) => sum + w.platformShare[p] / u.versionsPerMessage[p],
    0,
  );
  return 1 / messagesPerVersion;
};

/** Requests that reach the hub in a month of `versions` record versions. */
const hubRequestsOf = (versions: number, w: Workload, u: UnitCosts) => {
  const byPlatform = (platform: Platform) => versions * w.platformShare[platform];
  const wangtiRuns = secondsPerMonth / w.wangtiPollSeconds;
  const ledgerWrites = versions * u.ledgerWritesPerVersion;
  return {
    hnuRequests: byPlatform('hnu'),
    jxnuRequests: byPlatform('jxnu') / w.jxnuRecordsPerRequest,
    wangtiRuns,
    wangtiRecords: byPlatform('wangti'),
    wangtiPages: byPlatform('wangti') / w.wangtiRecordsPerPage + wangtiRuns,
    ledgerWrites,
    portalRequests:
      w.portal.feedPollsPerMinute * (secondsPerMonth / 60) +
      ledgerWrites / w.portal.feedPageLimit +
      w.portal.otherRequestsPerMonth,
  };
};
type HubRequests = ReturnType<typeof hubRequestsOf>;

/**
 * The writer's invocations: a batch closes at batchSize messages or when the window ends, so
 * at a low arrival rate it holds what one window brings.
 */
const writerBatchesOf = (messages: number, versions: number, s: LambdaSettings) => {
  const messagesPerSecond = messages / secondsPerMonth;
  const messagesPerBatch = Math.max(1, Math.min(s.writerBatchSize, messagesPerSecond * s.writerBatchingWindowSeconds));
  const writerInvocations = messages / messagesPerBatch;
  return { writerInvocations, versionsPerInvocation: versions / writerInvocations };
};

/** Invocations and GB-seconds of each function. */
const lambdaOf = (
  r: HubRequests,
  writer: ReturnType<typeof writerBatchesOf>,
  w: Workload,
  u: UnitCosts,
  s: LambdaSettings,
) => {
  const gbSeconds = (invocations: number, ms: number, memoryMb: number) =>
    invocations * (ms / 1000) * (memoryMb / 1024);
  const ms = u.handlerMs;
  return {
    hnuWebhook: {
      invocations: r.hnuRequests,
      gbSeconds: gbSeconds(r.hnuRequests, ms.hnuRequest, s.memoryMb.hnuWebhook),
    },
    jxnuWebhook: {
      invocations: r.jxnuRequests,
      gbSeconds: gbSeconds(
        r.jxnuRequests,
        ms.jxnuRequestFixed + ms.jxnuPerRecord * w.jxnuRecordsPerRequest,
        s.memoryMb.jxnuWebhook,
      ),
    },
    wangtiPoller: {
      invocations: r.wangtiRuns,
      gbSeconds:
        gbSeconds(r.wangtiRuns, ms.wangtiRunFixed, s.memoryMb.wangtiPoller) +
        gbSeconds(r.wangtiRecords, ms.wangtiPerRecord, s.memoryMb.wangtiPoller),
    },
    ledgerWriter: {
      invocations: writer.writerInvocations,
      gbSeconds: gbSeconds(
        writer.writerInvocations,
        ms.writerFixed + ms.writerPerVersion * writer.versionsPerInvocation,
        s.memoryMb.ledgerWriter,
      ),
    },
    portalApi: {
      invocations: r.portalRequests,
      gbSeconds: gbSeconds(r.portalRequests, ms.portalRequest, s.memoryMb.portalApi),
    },
  };
};

/** SQS: each 64 KiB of a call's payload is a request. Sends in batches of 10 messages per delivery. */
const sqsRequestsOf = (messages: number, perMessage: number, hnuRequests: number, u: UnitCosts, f: FixedCounts) => {
  const messageBytes = perMessage * u.versionBytes;
  const chunksPerCall = (messagesInCall: number) => Math.max(1, Math.ceil((messagesInCall * messageBytes) / 65_536));
  const sendRequests = hnuRequests * chunksPerCall(1) + ((messages - hnuRequests) / 10) * chunksPerCall(10);
  const receiveRequests = (messages / 10) * chunksPerCall(10) + f.idleReceivesPerMonth;
  const deleteRequests = messages / 10;
  return sendRequests + receiveRequests + deleteRequests;
};

/** DynamoDB's write and read units, and storage at the year's end (the larger figure, used for every month: conservative). */
const dynamoOf = (versions: number, r: HubRequests, w: Workload, u: UnitCosts) => {
  const portalReadUnits = r.portalRequests * 2;
  return {
    writeUnits:
      r.ledgerWrites * (u.ledgerWriteUnitsPerWrite + u.feedIndexWriteUnitsPerWrite) +
      versions * u.indexWritesPerVersion * u.indexItemWriteUnits +
      versions * u.otherWriteUnitsPerVersion,
    readUnits: versions * u.readUnitsPerVersion + portalReadUnits,
    storageGb:
      (w.people * (u.ledgerItemBytesYearEnd + u.feedIndexItemBytes) +
        monthlyCompletions(w).year * w.versionsPerCompletion * u.indexItemBytes) /
      1e9,
  };
};

interface PricedQuantities {
  readonly invocations: number;
  readonly lambdaGbSeconds: number;
  readonly sqsRequests: number;
  readonly writeUnits: number;
  readonly readUnits: number;
  readonly storageGb: number;
  readonly logGb: number;
  readonly apiRequests: number;
}

/** Each quantity times its price, and the fixed costs. */
const costsOf = (q: PricedQuantities, f: FixedCounts, p: PriceBook): Record<string, number> => ({
  'Lambda requests': (q.invocations / 1e6) * p.lambda.requestsPerMillion,
  'Lambda GB-s (Arm)': q.lambdaGbSeconds * p.lambda.armGbSecond,
  'SQS requests': (q.sqsRequests / 1e6) * p.sqs.standardRequestsPerMillion,
  'DynamoDB write units (incl. GSI)': (q.writeUnits / 1e6) * p.dynamodb.writeRequestUnitsPerMillion,
  'DynamoDB read units': (q.readUnits / 1e6) * p.dynamodb.readRequestUnitsPerMillion,
  'DynamoDB storage': q.storageGb * p.dynamodb.storageGbMonth,
  'DynamoDB PITR': q.storageGb * p.dynamodb.pitrGbMonth,
  KMS: f.kmsKeys * p.kms.keyMonth + (f.kmsRequestsPerMonth / 1e4) * p.kms.requestsPerTenThousand,
  'Secrets Manager':
    f.secrets * p.secretsManager.secretMonth + (f.secretCallsPerMonth / 1e4) * p.secretsManager.callsPerTenThousand,
  'CloudWatch Logs':
    q.logGb * p.cloudwatch.logsIngestedGb + q.logGb * f.logRetentionMonths * p.cloudwatch.logsStoredGbMonth,
  'CloudWatch metrics, alarms, dashboard':
    f.customMetrics * p.cloudwatch.metricMonth +
    f.alarms * p.cloudwatch.alarmMonth +
    f.dashboards * p.cloudwatch.dashboardMonth,
  'API Gateway HTTP API': (q.apiRequests / 1e6) * p.apiGateway.httpRequestsPerMillion,
});

/**
 * One month's bill for `completions` completions, spread evenly over the month (a surge day
 * changes how fast, not how much). Quantities first, then each times its price.
 */
export const monthCost = (
  label: string,
  completions: number,
  w: Workload,
  u: UnitCosts,
  s: LambdaSettings,
  f: FixedCounts,
  p: PriceBook,
): MonthFigures => {
  const versions = completions * w.versionsPerCompletion;
  const perMessage = versionsPerMessageMean(w, u);
  const messages = versions / perMessage;
  const r = hubRequestsOf(versions, w, u);
  const writer = writerBatchesOf(messages, versions, s);
  const lambda = lambdaOf(r, writer, w, u, s);
  const invocations = Object.values(lambda).reduce((sum, l) => sum + l.invocations, 0);
  const lambdaGbSeconds = Object.values(lambda).reduce((sum, l) => sum + l.gbSeconds, 0);
  const sqsRequests = sqsRequestsOf(messages, perMessage, r.hnuRequests, u, f);
  const { writeUnits, readUnits, storageGb } = dynamoOf(versions, r, w, u);
  const logGb = (versions * u.logBytesPerVersion + invocations * u.logBytesPerInvocation) / 1e9;
  const apiRequests =
    r.hnuRequests +
    r.jxnuRequests * Math.max(1, Math.ceil((w.jxnuRecordsPerRequest * 600) / (512 * 1024))) +
    r.portalRequests;
  const priced = { invocations, lambdaGbSeconds, sqsRequests, writeUnits, readUnits, storageGb, logGb, apiRequests };
  const costs = costsOf(priced, f, p);
  const total = Object.values(costs).reduce((a, b) => a + b, 0);
  const quantities: Record<string, number> = {
    versions,
    messages,
    hnuRequests: r.hnuRequests,
    jxnuRequests: r.jxnuRequests,
    wangtiPages: r.wangtiPages,
    portalRequests: r.portalRequests,
    ledgerWrites: r.ledgerWrites,
    ...writer,
    lambdaInvocations: invocations,
    lambdaGbSeconds,
    ...Object.fromEntries(
      Object.entries(lambda).flatMap(([name, l]) => [
        [`${name}Invocations`, l.invocations],
        [`${name}GbSeconds`, l.gbSeconds],
      ]),
    ),
    sqsRequests,
    writeUnits,
    readUnits,
    storageGb,
    logGb,
    apiRequests,
  };
  return { label, completions, versions, costs, total, quantities };
};

export interface YearFigures {
  readonly ordinary: MonthFigures;
  readonly december: MonthFigures;
  readonly yearTotal: number;
  readonly perMillionCompletions: number;
  readonly byServiceYear: Readonly<Record<string, number>>;
}

export const yearCost = (w: Workload, u: UnitCosts, s: LambdaSettings, f: FixedCounts, p: PriceBook): YearFigures => {
  const months = monthlyCompletions(w);
  const ordinary = monthCost('an ordinary month (Jan-Nov)', months.ordinary, w, u, s, f, p);
  const december = monthCost('December', months.december, w, u, s, f, p);
  const byServiceYear = Object.fromEntries(
    Object.keys(ordinary.costs).map((k) => [k, (ordinary.costs[k] ?? 0) * 11 + (december.costs[k] ?? 0)]),
  );
  const yearTotal = ordinary.total * 11 + december.total;
  return { ordinary, december, yearTotal, perMillionCompletions: yearTotal / (months.year / 1e6), byServiceYear };
};

export interface PeakPlan {
  readonly versionsPerSecond: number;
  readonly messagesPerSecond: number;
  readonly versionsPerMessage: number;
  /** One full writer batch: messages, versions, and how long the writer takes over it. */
  readonly batchMessages: number;
  readonly batchVersions: number;
  readonly batchSeconds: number;
  /** Writers busy at once to keep up at the peak, and what maxConcurrency drains at most. */
  readonly concurrencyNeeded: number;
  readonly writersDrainVersionsPerSecond: number;
  /** What the tables take at their write throughput (on-demand warm throughput), versions/s. */
  readonly tablesDrainVersionsPerSecond: number;
  /** The lower of the two: the rate a backlog drains at. */
  readonly drainVersionsPerSecond: number;
  /** Write units a second DynamoDB must take at the peak (the ledgers table with its index, and the records index). */
  readonly writeUnitsPerSecond: number;
  /** The change-feed index's write units a second on each of its shards at the peak. */
  readonly feedShardWriteUnitsPerSecond: number;
  /** A ten-minute stop of the writers at the peak (a deployment gone wrong, throttling): the backlog, and minutes to drain it. */
  readonly outageBacklogVersions: number;
  readonly minutesToDrainOutage: number;
}

/**
 * The December peak: what the writer must sustain, what the settings give, and the write
 * units a second DynamoDB must take (on-demand tables start at 4,000 WRU/s and adapt to twice
 * their previous peak; warm throughput can be set ahead of December).
 */
export const peakPlan = (
  w: Workload,
  u: UnitCosts,
  s: LambdaSettings,
  feedShards: number,
  tableWriteUnitsPerSecond: number,
): PeakPlan => {
  const versionsPerSecond = w.peakPerSecond * w.versionsPerCompletion;
  const perMessage = versionsPerMessageMean(w, u);
  const messagesPerSecond = versionsPerSecond / perMessage;
  const batchMessages = s.writerBatchSize;
  const batchVersions = batchMessages * perMessage;
  const batchSeconds = (u.handlerMs.writerFixed + u.handlerMs.writerPerVersion * batchVersions) / 1000;
  const concurrencyNeeded = (messagesPerSecond / batchMessages) * batchSeconds;
  const writersDrainVersionsPerSecond = (s.writerMaxConcurrency * batchVersions) / batchSeconds;
  const unitsPerVersion =
    u.ledgerWritesPerVersion * (u.ledgerWriteUnitsPerWrite + u.feedIndexWriteUnitsPerWrite) +
    u.indexWritesPerVersion * u.indexItemWriteUnits +
    u.otherWriteUnitsPerVersion;
  const writeUnitsPerSecond = versionsPerSecond * unitsPerVersion;
  const tablesDrainVersionsPerSecond = tableWriteUnitsPerSecond / unitsPerVersion;
  const drainVersionsPerSecond = Math.min(writersDrainVersionsPerSecond, tablesDrainVersionsPerSecond);
  const feedShardWriteUnitsPerSecond =
    (versionsPerSecond * u.ledgerWritesPerVersion * u.feedIndexWriteUnitsPerWrite) / feedShards;
  const outageBacklogVersions = versionsPerSecond * 600;
  const minutesToDrainOutage =
    drainVersionsPerSecond > versionsPerSecond
      ? outageBacklogVersions / (drainVersionsPerSecond - versionsPerSecond) / 60
      : Number.POSITIVE_INFINITY;
  return {
    versionsPerSecond,
    messagesPerSecond,
    versionsPerMessage: perMessage,
    batchMessages,
    batchVersions,
    batchSeconds,
    concurrencyNeeded,
    writersDrainVersionsPerSecond,
    tablesDrainVersionsPerSecond,
    drainVersionsPerSecond,
    writeUnitsPerSecond,
    feedShardWriteUnitsPerSecond,
    outageBacklogVersions,
    minutesToDrainOutage,
  };
};
