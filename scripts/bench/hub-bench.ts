/**
 * The hub's side of the benchmark: the local runtime in its own process (hub-runner.ts), a
 * warm-up of at least `warmupSeconds` of traffic (DynamoDB Local's JIT), then the measured
 * phase: `completions` record versions delivered as the platforms deliver them, timed from the
 * first delivery to the last ledger change the portal sees, with every ledger checked against
 * the scenario's own expectation. Calls, capacity units, CPU and log bytes are the measured
 * phase's alone (differences of the hub's counters).
 *
 * After it, unless `halfLoadSeconds` is 0, the half-load phase: the mix offered at half the
 * measured throughput, open loop, for that long: latencies where the hub keeps up, every ledger
 * of that phase checked too.
 *
 * The surge variant delivers at a fixed rate above what the hub takes, without waiting for
 * it, then stops, and reports the backlog's peak and the time to drain it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../../shared/sleep.js';
import type { Delivery, DeliveryTarget } from '../../sim/deliveries.js';
import { startBenchHub, type BenchHub } from './hub-runner.js';
import { sendDeliveries, type Verification } from './load.js';
import { cpuBetween, sampleAll, watchMemory, type WatchedPeak } from './processes.js';
import {
  latencySummary,
  perCompletion,
  ratePerSecond,
  round,
  tallyDelta,
  type CallTally,
  type LatencySummary,
  type PerCompletion,
} from './stats.js';
import type { Storage } from './ceiling.js';

/** The parts of a run a traffic mix makes deliveries for, each with people of its own. */
export type TrafficPart = 'warmup' | 'measured' | 'half-load';

/** Open-loop phases (half load, surge) send from at least this many senders, so waiting for answers does not slow the rate. */
export const openLoopSendersMin = 32;

/** A traffic mix: deliveries and what the ledgers must hold afterwards. */
export interface BenchTraffic {
  readonly name: string;
  readonly year: number;
  /** Deliveries of about `records` versions in all, and the check of every ledger they touch (through the portal). */
  make(
    records: number,
    part: TrafficPart,
  ): Promise<{ deliveries: Delivery[]; verify: (baseUrl: string) => Promise<Verification> }>;
  /** Anything the scenario runs beside the hub (a wangti export server): started before the hub, its variables passed to it. */
  readonly environment?: () => Promise<Record<string, string>>;
  /** Called after a phase's deliveries: e.g. polls the wangti export until drained. */
  readonly afterSend?: (target: DeliveryTarget) => Promise<void>;
  readonly stop?: () => Promise<void>;
}

/** The functions on the completion path: their calls are the hub's cost of a completion. */
export const completionPathScopes: ReadonlySet<string> = new Set([
  'hnuWebhook',
  'jxnuWebhook',
  'wangtiPoller',
  'ledgerWriter',
  'unscoped',
]);
/** Calls the runtime and the bench make to watch the queue, not part of the event source's work. */
const monitoringCommands = new Set([
  'GetQueueAttributesCommand',
  'ListTablesCommand',
  'DescribeTableCommand',
  'DescribeTimeToLiveCommand',
]);

export interface HubBenchOptions {
  readonly scenario: BenchTraffic;
  readonly completions: number;
  readonly warmupSeconds: number;
  readonly storage: Storage;
  readonly scratchDir: string;
  readonly consumersMax: number;
  readonly senders: number;
  readonly backlogMax: number;
  /** Write a CPU profile of the hub process into this directory. */
  readonly profileDir?: string;
  /** After the measured phase, this long at half its throughput, open loop; 0 or absent: skipped. */
  readonly halfLoadSeconds?: number;
  readonly log: (line: string) => void;
}

export interface HubPhase {
  /** Times (ms since the epoch): first delivery, last acknowledgement, last ledger change the portal shows. */
  readonly startedAt: number;
  readonly sendEndedAt: number;
  readonly endedAt: number;
  readonly records: number;
  readonly deliveries: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly ackMs: LatencySummary;
  readonly ackMsByPlatform: Record<string, LatencySummary>;
  readonly recordsByPlatform: Record<string, number>;
  readonly queueToLedgerMs: LatencySummary;
  readonly statuses: Record<string, number>;
  readonly perCompletion: PerCompletion;
  readonly tallies: CallTally[];
  readonly cpuSeconds: Record<string, number>;
  readonly logBytesPerCompletion: number;
  readonly consumerBatches: { readonly count: number; readonly meanMessages: number };
  readonly verification: Omit<Verification, 'mismatches'> & {
    readonly mismatches: number;
    readonly examples: Verification['mismatches'];
  };
  /** Deliveries answered with a status other than 200. */
  readonly statusesNot200: number;
  readonly deadLettered: number;
}

export interface HubBenchResult {
  readonly storage: Storage;
  readonly consumers: number;
  readonly senders: number;
  readonly backlogMax: number;
  readonly warmup: { readonly seconds: number; readonly records: number; readonly recordsPerSecond: number };
  readonly measured: HubPhase;
  /** The mix offered at half the measured throughput, open loop, when run. */
  readonly halfLoad?: HalfLoadPhase;
  readonly memory: WatchedPeak;
}

export interface HalfLoadPhase extends HubPhase {
  /** Records a second offered: half the measured phase's rate (at least 1). */
  readonly offeredRecordsPerSecond: number;
}

const usableTallies = (
  tallies: readonly CallTally[],
  physicalToLogical: Readonly<Record<string, string>>,
): CallTally[] =>
  tallies
    .filter((t) => !monitoringCommands.has(t.command))
    .map((t) => ({
      ...t,
      table: t.table
        .split('+')
        .map((name) => physicalToLogical[name] ?? name)
        .join('+'),
    }));

const startScenarioHub = async (options: HubBenchOptions): Promise<{ hub: BenchHub; dataDir: string | null }> => {
  const dataDir = options.storage === 'disk' ? mkdtempSync(join(options.scratchDir, 'hub-')) : null;
  const extra = (await options.scenario.environment?.()) ?? {};
  const hub = await startBenchHub(
    { dataDir, consumersMax: options.consumersMax, schedules: false, env: { HUB_FEED_SETTLE_SECONDS: '0', ...extra } },
    options.profileDir,
  );
  return { hub, dataDir };
};

/** Runs one phase: send, wait until the hub is idle, read every ledger back. */
const targetOf = (hub: BenchHub): DeliveryTarget => ({
  baseUrl: hub.baseUrl,
  runSchedule: (name) => hub.runSchedule(name),
});

const measurePhase = async (
  hub: BenchHub,
  options: HubBenchOptions,
  deliveries: Delivery[],
  verify: (baseUrl: string) => Promise<Verification>,
  send: Parameters<typeof sendDeliveries>[1],
): Promise<HubPhase> => {
  const before = await hub.stats(true);
  const pids = hub.pids;
  const cpuBefore = sampleAll(pids);
  const benchCpuBefore = process.cpuUsage();
  const logBefore = hub.logBytes();
  const sent = await sendDeliveries(deliveries, send);
  await options.scenario.afterSend?.(targetOf(hub));
  await hub.idle(30 * 60_000);
  const idleAt = Date.now();
  const after = await hub.stats(true);
  const cpuAfter = sampleAll(pids);
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const logBytes = hub.logBytes() - logBefore;
  const verification = await verify(hub.baseUrl);
  const endAt = verification.lastUpdatedAt > sent.startedAt ? verification.lastUpdatedAt : idleAt;
  const tallies = usableTallies(tallyDelta(before.tallies as CallTally[], after.tallies as CallTally[]), hub.tables);
  const depth = await hub.depth();
  return {
    startedAt: sent.startedAt,
    sendEndedAt: sent.endedAt,
    endedAt: endAt,
    records: sent.records,
    deliveries: sent.deliveries,
    seconds: round((endAt - sent.startedAt) / 1000, 2),
    recordsPerSecond: round(ratePerSecond(sent.records, endAt - sent.startedAt), 1),
    ackMs: latencySummary(sent.ackMs),
    ackMsByPlatform: Object.fromEntries(
      Object.entries(sent.ackMsByPlatform).map(([platform, values]) => [platform, latencySummary(values)]),
    ),
    recordsByPlatform: sent.recordsByPlatform,
    statusesNot200: Object.entries(sent.statuses).reduce((sum, [status, n]) => sum + (status === '200' ? 0 : n), 0),
    queueToLedgerMs: latencySummary(after.queueLatenciesMs),
    statuses: sent.statuses,
    perCompletion: perCompletion(tallies, sent.records, completionPathScopes),
    tallies,
    cpuSeconds: {
      ...Object.fromEntries(Object.entries(cpuBetween(cpuBefore, cpuAfter)).map(([k, v]) => [k, round(v, 2)])),
      bench: round((benchCpu.user + benchCpu.system) / 1e6, 2),
    },
    logBytesPerCompletion: round(logBytes / sent.records, 0),
    consumerBatches: {
      count: after.batches,
      meanMessages: after.batches > 0 ? round(after.batchMessages / after.batches, 1) : 0,
    },
    verification: {
      people: verification.people,
      matching: verification.matching,
      lastUpdatedAt: verification.lastUpdatedAt,
      mismatches: verification.mismatches.length,
      examples: verification.mismatches.slice(0, 5),
    },
    deadLettered: depth.deadLettered,
  };
};

const warmUp = async (hub: BenchHub, options: HubBenchOptions) => {
  const { deliveries } = await options.scenario.make(Math.max(2_000, options.warmupSeconds * 1_500), 'warmup');
  options.log(`hub: warming up for ${options.warmupSeconds} s`);
  const warm = await sendDeliveries(deliveries, {
    target: targetOf(hub),
    senders: options.senders,
    backlogMax: options.backlogMax,
    depth: async () => (await hub.depth()).visible,
    forMs: options.warmupSeconds * 1000,
  });
  await options.scenario.afterSend?.(targetOf(hub));
  await hub.idle(10 * 60_000);
  const seconds = (Date.now() - warm.startedAt) / 1000;
  options.log(`hub: warm-up ${warm.records} records in ${seconds.toFixed(1)} s`);
  return { seconds: round(seconds, 1), records: warm.records, recordsPerSecond: round(warm.records / seconds, 1) };
};

/** The mix at half the measured phase's rate for halfLoadSeconds, not waiting for the hub: latencies where it keeps up. */
const measureHalfLoad = async (hub: BenchHub, options: HubBenchOptions, measured: HubPhase): Promise<HalfLoadPhase> => {
  const seconds = options.halfLoadSeconds ?? 0;
  const rate = Math.max(1, Math.round(measured.recordsPerSecond / 2));
  const { deliveries, verify } = await options.scenario.make(rate * seconds, 'half-load');
  options.log(`hub: half load: ${rate} records/s (half of ${measured.recordsPerSecond}) for ${seconds} s, open loop`);
  const phase = await measurePhase(hub, options, deliveries, verify, {
    target: targetOf(hub),
    senders: Math.max(options.senders, openLoopSendersMin),
    recordsPerSecond: rate,
  });
  return { ...phase, offeredRecordsPerSecond: rate };
};

export const runHubBench = async (options: HubBenchOptions): Promise<HubBenchResult> => {
  const { hub, dataDir } = await startScenarioHub(options);
  const memory = watchMemory(hub.pids);
  try {
    const warmup = await warmUp(hub, options);
    const { deliveries, verify } = await options.scenario.make(options.completions, 'measured');
    options.log(
      `hub: measuring ${deliveries.reduce((sum, d) => sum + d.records, 0)} records in ${deliveries.length} deliveries (${options.senders} senders, backlog up to ${options.backlogMax} messages)`,
    );
    const measured = await measurePhase(hub, options, deliveries, verify, {
      target: targetOf(hub),
      senders: options.senders,
      backlogMax: options.backlogMax,
      depth: async () => (await hub.depth()).visible,
      onProgress: (records) => options.log(`hub: ${records} records delivered`),
    });
    const halfLoad = (options.halfLoadSeconds ?? 0) > 0 ? await measureHalfLoad(hub, options, measured) : undefined;
    return {
      storage: options.storage,
      consumers: options.consumersMax,
      senders: options.senders,
      backlogMax: options.backlogMax,
      warmup,
      measured,
      ...(halfLoad ? { halfLoad } : {}),
      memory: memory.stop(),
    };
  } catch (error) {
    options.log(`hub: failed; its last output:\n${hub.stderrTail()}`);
    throw error;
  } finally {
    memory.stop();
    await hub.stop();
    await options.scenario.stop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};

export interface SurgeOptions extends HubBenchOptions {
  /** Records a second to deliver during the surge (above what the hub takes). */
  readonly recordsPerSecond: number;
  readonly surgeSeconds: number;
}

export interface SurgeResult {
  readonly storage: Storage;
  readonly offeredRecordsPerSecond: number;
  readonly delivered: { readonly records: number; readonly seconds: number; readonly recordsPerSecond: number };
  readonly backlogPeak: { readonly messages: number; readonly atSecond: number };
  readonly drainSeconds: number;
  readonly depthSamples: Array<{ readonly second: number; readonly visible: number; readonly inFlight: number }>;
  readonly phase: HubPhase;
  readonly memory: WatchedPeak;
}

export const runSurge = async (options: SurgeOptions): Promise<SurgeResult> => {
  const { hub, dataDir } = await startScenarioHub(options);
  const memory = watchMemory(hub.pids);
  try {
    await warmUp(hub, options);
    const records = Math.round(options.recordsPerSecond * options.surgeSeconds);
    const { deliveries, verify } = await options.scenario.make(records, 'measured');
    options.log(
      `hub: surge of ${records} records at ${options.recordsPerSecond}/s for ${options.surgeSeconds} s, no waiting for the hub`,
    );
    const samples: SurgeResult['depthSamples'] = [];
    const startedAt = Date.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const depth = await hub.depth().catch(() => undefined);
        if (depth)
          samples.push({
            second: round((Date.now() - startedAt) / 1000, 1),
            visible: depth.visible,
            inFlight: depth.inFlight,
          });
        await sleep(500);
      }
    })();
    const phase = await measurePhase(hub, options, deliveries, verify, {
      target: targetOf(hub),
      senders: Math.max(options.senders, openLoopSendersMin),
      recordsPerSecond: options.recordsPerSecond,
    }).finally(() => {
      sampling = false;
    });
    await sampler;
    const peak = samples.reduce((best, s) => (s.visible + s.inFlight > best.visible + best.inFlight ? s : best), {
      second: 0,
      visible: 0,
      inFlight: 0,
    });
    return {
      storage: options.storage,
      offeredRecordsPerSecond: options.recordsPerSecond,
      delivered: {
        records: phase.records,
        seconds: round((phase.sendEndedAt - phase.startedAt) / 1000, 1),
        recordsPerSecond: round(ratePerSecond(phase.records, phase.sendEndedAt - phase.startedAt), 1),
      },
      backlogPeak: { messages: peak.visible + peak.inFlight, atSecond: peak.second },
      drainSeconds: round((phase.endedAt - phase.sendEndedAt) / 1000, 1),
      depthSamples: samples,
      phase,
      memory: memory.stop(),
    };
  } finally {
    memory.stop();
    await hub.stop();
    await options.scenario.stop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
};
