/**
 * The storage ceiling: the best rate of plain single-item PutItem calls that DynamoDB Local
 * accepts on this machine. Its own DynamoDB Local process, started exactly as the hub starts
 * its own (local/dynamodb-local.ts: `-sharedDb`, and `-dbPath` or `-inMemory` as the hub
 * run uses), no hub code on the path: a lean client, new items of a fixed small size, after
 * a warm-up (DynamoDB Local runs several times slower until its JIT has warmed up), at a few
 * concurrencies, the best kept.
 */
import { Agent } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '../../local/aws-local.js';
import { startDynamoDbLocal } from '../../local/dynamodb-local.js';
import { freePort } from '../../local/free-port.js';
import { sampleProcess } from './processes.js';
import { latencySummary, ratePerSecond, round, type LatencySummary } from './stats.js';

export const ceilingConcurrenciesDefault = [8, 16, 32, 64] as const;
export const ceilingWarmupSecondsDefault = 30;
export const ceilingTrialSecondsDefault = 6;
/** Payload of each item, bytes; with the key about 200 bytes an item (1 write unit). */
export const ceilingPayloadBytes = 160;

export type Storage = 'disk' | 'memory';

export interface CeilingTrial {
  readonly concurrency: number;
  readonly puts: number;
  readonly errors: number;
  readonly seconds: number;
  readonly putsPerSecond: number;
  readonly latencyMs: LatencySummary;
}

export interface CeilingResult {
  readonly storage: Storage;
  readonly itemBytes: number;
  readonly warmup: { readonly seconds: number; readonly putsPerSecond: number };
  readonly trials: readonly CeilingTrial[];
  readonly best: CeilingTrial;
  readonly javaPeakRssBytes: number;
  /** CPU seconds used during the trials: the Java process, and this (client) process. */
  readonly cpuSeconds: { readonly java: number; readonly client: number };
}

export interface CeilingOptions {
  readonly storage: Storage;
  /** Parent of a fresh data directory (disk storage); removed afterwards. */
  readonly scratchDir: string;
  readonly warmupSeconds?: number;
  readonly trialSeconds?: number;
  readonly concurrencies?: readonly number[];
  readonly log?: (line: string) => void;
}

const tableName = 'bench-ceiling';

/** The ceiling's item: a plain put of about 200 bytes (1 write unit). */
export const ceilingItemOf = (key: string): Record<string, AttributeValue> => ({
  pk: { S: key },
  n: { N: '1' },
  payload: { S: 'x'.repeat(ceilingPayloadBytes) },
});

/** DynamoDB's item size: attribute names plus values (strings as UTF-8, numbers about 1 + digits/2). */
const itemBytesOf = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce(
    (sum, [name, value]) =>
      sum +
      Buffer.byteLength(name) +
      (value.S !== undefined
        ? Buffer.byteLength(value.S)
        : value.N !== undefined
          ? 1 + Math.ceil(value.N.length / 2)
          : 0),
    0,
  );

const runPuts = async (
  client: DynamoDBClient,
  prefix: string,
  concurrency: number,
  seconds: number,
): Promise<CeilingTrial> => {
  const latencies: number[] = [];
  let puts = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; performance.now() < deadline; i += 1) {
      const t0 = performance.now();
      try {
        await client.send(new PutItemCommand({ TableName: tableName, Item: ceilingItemOf(`${prefix}-${w}-${i}`) }));
        puts += 1;
        latencies.push(performance.now() - t0);
      } catch {
        errors += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsedMs = performance.now() - started;
  return {
    concurrency,
    puts,
    errors,
    seconds: round(elapsedMs / 1000, 2),
    putsPerSecond: round(ratePerSecond(puts, elapsedMs), 1),
    latencyMs: latencySummary(latencies),
  };
};

/** A DynamoDB Local of its own for a measurement (in memory, or in a fresh directory under scratchDir), and a lean client. */
export const startBenchDynamo = async (storage: Storage, scratchDir: string, concurrencyMax: number) => {
  const dataDir = storage === 'disk' ? mkdtempSync(join(scratchDir, 'dynamo-')) : null;
  const dynamo = await startDynamoDbLocal({
    port: await freePort(),
    path: dataDir === null ? null : join(dataDir, 'dynamodb'),
  });
  const client = new DynamoDBClient({
    endpoint: dynamo.endpoint,
    region: localRegion,
    credentials: localCredentials,
    maxAttempts: 1,
    // The SDK takes its HTTP handler's options as a plain object: enough sockets for the largest concurrency.
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: concurrencyMax * 2 }) },
  });
  const stop = async () => {
    client.destroy();
    await dynamo.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  return { dynamo, client, stop };
};

export const measureCeiling = async (options: CeilingOptions): Promise<CeilingResult> => {
  const log = options.log ?? (() => undefined);
  const concurrencies = options.concurrencies ?? ceilingConcurrenciesDefault;
  const { dynamo, client, stop } = await startBenchDynamo(
    options.storage,
    options.scratchDir,
    Math.max(...concurrencies),
  );
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    const warmupSeconds = options.warmupSeconds ?? ceilingWarmupSecondsDefault;
    log(`ceiling: DynamoDB Local (${options.storage}), warming up for ${warmupSeconds} s`);
    const warm = await runPuts(client, 'warm', 16, warmupSeconds);
    log(`ceiling: warm-up ${warm.putsPerSecond} puts/s`);
    const javaBefore = sampleProcess(dynamo.pid);
    const clientBefore = process.cpuUsage();
    const trials: CeilingTrial[] = [];
    for (const concurrency of concurrencies) {
      const trial = await runPuts(
        client,
        `c${concurrency}`,
        concurrency,
        options.trialSeconds ?? ceilingTrialSecondsDefault,
      );
      log(
        `ceiling: concurrency ${String(concurrency).padStart(2)}: ${trial.putsPerSecond} puts/s (p50 ${trial.latencyMs.p50.toFixed(1)} ms, p99 ${trial.latencyMs.p99.toFixed(1)} ms${trial.errors ? `, ${trial.errors} errors` : ''})`,
      );
      trials.push(trial);
    }
    const javaAfter = sampleProcess(dynamo.pid);
    const clientUsed = process.cpuUsage(clientBefore);
    const best = trials.reduce((a, b) => (b.putsPerSecond > a.putsPerSecond ? b : a));
    return {
      storage: options.storage,
      itemBytes: itemBytesOf(ceilingItemOf('c64-63-99999')),
      warmup: { seconds: warm.seconds, putsPerSecond: warm.putsPerSecond },
      trials,
      best,
      javaPeakRssBytes: javaAfter?.peakRssBytes ?? 0,
      cpuSeconds: {
        java: round((javaAfter?.cpuSeconds ?? 0) - (javaBefore?.cpuSeconds ?? 0), 2),
        client: round((clientUsed.user + clientUsed.system) / 1e6, 2),
      },
    };
  } finally {
    await stop();
  }
};
