/**
 * `npm run bench`: the hub's throughput against DynamoDB Local's own ceiling, measured side by
 * side in one run (absolute rates on a shared machine drift; the ratio holds), plus the lean
 * functions report. Writes every figure to `.bench/bench-<timestamp>.json`.
 *
 *   npm run bench                          bundles, ceiling, hub (20,000 completions), ceiling again
 *   npm run bench -- --completions 50000   more completions in the measured phase
 *   npm run bench -- --bundles             only the bundle sizes and initialisation times
 *   npm run bench -- --surge               ceiling, then a surge above the hub's rate and its drain
 *   npm run bench -- --calls               only what each kind of hub call costs DynamoDB Local (puts' worth)
 *
 * Other flags: --storage memory|disk (DynamoDB Local as the tests and bench run it, or as
 * `npm start` does; default memory), --warmup S (30), --consumers N (the runtime's default 4),
 * --senders N (16), --backlog N (queue messages before senders pause, 500), --source sim|hnu,
 * --init-runs N (10), --surge-rate R (records/s), --surge-seconds S (60), --no-bundles,
 * --ceiling-seconds S (per concurrency, 6), --no-ceiling-after, --half-load-seconds S (after
 * the measured phase, the mix at half its throughput, open loop, for latencies where the hub
 * keeps up; 60, 0 skips it), --profile (a V8 CPU profile of the hub process in
 * .bench/profile-<timestamp>/, and its busy time by owner: bench/profile-summary.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFunctions, describeBundles, repoRoot, type BundleReport } from './bench/bundles.js';
import { measureCallCosts } from './bench/call-costs.js';
import { measureCeiling, type CeilingResult, type Storage } from './bench/ceiling.js';
import {
  runHubBench,
  runSurge,
  type HubBenchResult,
  type HalfLoadPhase,
  type HubPhase,
  type BenchTraffic,
  type SurgeResult,
} from './bench/hub-bench.js';
import { mebibytes } from './bench/processes.js';
import { describeProfileIn } from './bench/profile-summary.js';
import { scenarioFor, type SourceName } from './bench/scenarios.js';
import { formatRatio, ratio, round } from './bench/stats.js';

const { values } = parseArgs({
  options: {
    completions: { type: 'string', default: '20000' },
    bundles: { type: 'boolean', default: false },
    'no-bundles': { type: 'boolean', default: false },
    surge: { type: 'boolean', default: false },
    calls: { type: 'boolean', default: false },
    storage: { type: 'string', default: 'memory' },
    warmup: { type: 'string', default: '30' },
    consumers: { type: 'string', default: '4' },
    senders: { type: 'string', default: '16' },
    backlog: { type: 'string', default: '500' },
    source: { type: 'string' },
    'init-runs': { type: 'string', default: '10' },
    'surge-rate': { type: 'string' },
    'surge-seconds': { type: 'string', default: '60' },
    'ceiling-seconds': { type: 'string', default: '6' },
    'no-ceiling-after': { type: 'boolean', default: false },
    'half-load-seconds': { type: 'string', default: '60' },
    profile: { type: 'boolean', default: false },
  },
  strict: true,
});

const say = (line: string) => console.log(`[bench] ${line}`);
const int = (name: keyof typeof values, min = 1): number => {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name}: must be a whole number of at least ${min}, not ${String(values[name])}`);
  return value;
};

/** The processes a phase measures (hub-bench.ts cpuSeconds' keys), as the lines name them. */
const processLabels: Readonly<Record<string, string>> = {
  node: 'hub node',
  java: 'DynamoDB Local (Java)',
  sqs: 'SQS server',
  bench: 'bench (load + portal reads)',
};
const labelOf = (name: string): string => processLabels[name] ?? name;
const msPerCompletion = (phase: HubPhase, name: string): number =>
  ((phase.cpuSeconds[name] ?? 0) * 1000) / phase.records;

/** Where a phase's CPU went: the hub node (the runtime and its functions alone) apart from the services it calls. */
const printCpu = (phase: HubPhase, prefix = '') => {
  const cpu = Object.entries(phase.cpuSeconds);
  say(
    `${prefix}CPU seconds in the phase: ${cpu.map(([k, v]) => `${labelOf(k)} ${v}`).join(', ')} over ${phase.seconds} s`,
  );
  const busy = cpu.map(([k, v]) => `${labelOf(k)} ${(v / phase.seconds).toFixed(2)}`);
  say(
    `${prefix}cores busy on average (of ${availableParallelism()}): ${busy.join(', ')}; CPU ms per completion: ${cpu
      .map(([k]) => `${k} ${msPerCompletion(phase, k).toFixed(2)}`)
      .join(', ')} (the Node processes are single-threaded: near 1.00 is their limit)`,
  );
  say(
    `${prefix}CPU ms per completion of the services the hub calls: DynamoDB Local (Java) ${msPerCompletion(phase, 'java').toFixed(2)}, SQS server ${msPerCompletion(phase, 'sqs').toFixed(2)} (each its own process; the hub node's ${msPerCompletion(phase, 'node').toFixed(2)} is the runtime and its functions alone)`,
  );
};

const printPhase = (phase: HubPhase) => {
  const pc = phase.perCompletion;
  say(
    `records by platform: ${Object.entries(phase.recordsByPlatform)
      .map(([p, n]) => `${p} ${n}`)
      .join(', ')}; answers other than 200: ${phase.statusesNot200}`,
  );
  say(
    `webhook acknowledgement latency: p50 ${phase.ackMs.p50.toFixed(1)} ms, p99 ${phase.ackMs.p99.toFixed(1)} ms (${phase.ackMs.count} requests; ${Object.entries(
      phase.ackMsByPlatform,
    )
      .map(([p, l]) => `${p} p50 ${l.p50.toFixed(1)} / p99 ${l.p99.toFixed(1)} ms over ${l.count}`)
      .join('; ')})`,
  );
  say(
    `queue-to-ledger latency: p50 ${phase.queueToLedgerMs.p50.toFixed(0)} ms, p99 ${phase.queueToLedgerMs.p99.toFixed(0)} ms (sent to the queue -> its batch written)`,
  );
  say(
    `DynamoDB per completion: ${pc.dynamoCalls.toFixed(3)} calls (${pc.dynamoWriteCalls.toFixed(3)} writes, ${pc.dynamoReadCalls.toFixed(3)} reads), ` +
      `${pc.writeUnits.toFixed(3)} write units (of which ${pc.indexWriteUnits.toFixed(3)} GSI), ${pc.readUnits.toFixed(3)} read units (as DynamoDB reports them: ReturnConsumedCapacity=INDEXES)`,
  );
  say(
    `SQS per completion: ${pc.sqsCalls.toFixed(3)} calls; consumer batches: ${phase.consumerBatches.count}, ${phase.consumerBatches.meanMessages} messages each on average`,
  );
  const top = Object.entries(pc.byCommand).sort((a, b) => b[1] - a[1]);
  say(
    `  calls per completion by command: ${top.map(([name, n]) => `${name} ${n.toFixed(3)}${pc.errorsByCommand[name] ? ` (${pc.errorsByCommand[name].toFixed(3)} failed)` : ''}`).join('; ')}`,
  );
  printCpu(phase);
  say(`log bytes per completion: ${phase.logBytesPerCompletion}`);
  const v = phase.verification;
  say(
    `ledgers: ${v.matching}/${v.people} equal the scenario's expectation${v.mismatches ? `; ${v.mismatches} DIFFER, e.g. ${JSON.stringify(v.examples)}` : ''}; dead-lettered messages: ${phase.deadLettered}`,
  );
};

const printMemory = (memory: HubBenchResult['memory']) => {
  say(
    `peak memory (RSS): hub node ${mebibytes(memory.peakRssBytes.node ?? 0)} MiB, DynamoDB Local (Java) ${mebibytes(memory.peakRssBytes.java ?? 0)} MiB, SQS server ${mebibytes(memory.peakRssBytes.sqs ?? 0)} MiB, together at most ${mebibytes(memory.peakTotalRssBytes)} MiB`,
  );
};

/** The hub's storage work in units of the ceiling's own puts: DynamoDB Local CPU per completion over CPU per plain put. */
const storageWork = (ceilings: readonly CeilingResult[], phase: HubPhase) => {
  const puts = ceilings.reduce((sum, c) => sum + c.trials.reduce((n, t) => n + t.puts, 0), 0);
  const javaMsPerPut = (ceilings.reduce((sum, c) => sum + c.cpuSeconds.java, 0) * 1000) / puts;
  const clientMsPerPut = (ceilings.reduce((sum, c) => sum + c.cpuSeconds.client, 0) * 1000) / puts;
  const javaMsPerCompletion = msPerCompletion(phase, 'java');
  const hubNodeMsPerCompletion = msPerCompletion(phase, 'node');
  return {
    javaMsPerPut: round(javaMsPerPut, 3),
    clientMsPerPut: round(clientMsPerPut, 3),
    javaMsPerCompletion: round(javaMsPerCompletion, 3),
    hubNodeMsPerCompletion: round(hubNodeMsPerCompletion, 3),
    sqsServerMsPerCompletion: round(msPerCompletion(phase, 'sqs'), 3),
    putsWorth: round(javaMsPerCompletion / javaMsPerPut, 2),
  };
};

type Figures = Record<string, unknown>;

interface Run {
  readonly stamp: string;
  readonly benchDir: string;
  readonly storage: Storage;
  readonly figures: Figures;
  /** Writes every figure so far to `.bench/bench-<stamp>.json`. */
  readonly write: () => void;
}

const startRun = (): Run => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const benchDir = join(repoRoot, '.bench');
  mkdirSync(benchDir, { recursive: true });
  const storage = values.storage as Storage;
  if (storage !== 'memory' && storage !== 'disk') throw new Error(`--storage: memory or disk, not ${values.storage}`);
  const figures: Figures = {
    startedAt: new Date().toISOString(),
    node: process.version,
    argv: process.argv.slice(2),
    storage,
  };
  const write = () => {
    const file = join(benchDir, `bench-${stamp}.json`);
    writeFileSync(file, `${JSON.stringify(figures, null, 2)}\n`);
    say(`figures written to ${file}`);
  };
  return { stamp, benchDir, storage, figures, write };
};

const ceilingOnce = async (run: Run, label: string): Promise<CeilingResult> => {
  const result = await measureCeiling({
    storage: run.storage,
    scratchDir: run.benchDir,
    warmupSeconds: int('warmup'),
    trialSeconds: int('ceiling-seconds'),
    log: say,
  });
  say(
    `ceiling (${label}): ${result.best.putsPerSecond} puts/s at concurrency ${result.best.concurrency} (DynamoDB Local, ${run.storage}, ${result.itemBytes}-byte items)`,
  );
  return result;
};

const measureBundles = async (run: Run): Promise<void> => {
  say('bundling every topology function as the stack does');
  const bundles: BundleReport[] = await bundleFunctions({ initRuns: int('init-runs', 0), compareSdkExternal: true });
  for (const line of describeBundles(bundles)) say(line);
  run.figures.bundles = bundles;
};

const profileDirOf = (run: Run): string => join(run.benchDir, `profile-${run.stamp}`);

const hubOptionsOf = (run: Run, scenario: BenchTraffic) => ({
  scenario,
  completions: int('completions'),
  warmupSeconds: int('warmup'),
  storage: run.storage,
  scratchDir: run.benchDir,
  consumersMax: int('consumers'),
  senders: int('senders'),
  backlogMax: int('backlog'),
  halfLoadSeconds: int('half-load-seconds', 0),
  ...(values.profile ? { profileDir: profileDirOf(run) } : {}),
  log: say,
});

/** A surge above the hub's rate (the ceiling's, unless --surge-rate) and its drain. */
const runSurgeBench = async (run: Run, scenario: BenchTraffic, ceilingBefore: CeilingResult): Promise<void> => {
  const rate = values['surge-rate'] ? Number(values['surge-rate']) : Math.round(ceilingBefore.best.putsPerSecond);
  const surge: SurgeResult = await runSurge({
    ...hubOptionsOf(run, scenario),
    recordsPerSecond: rate,
    surgeSeconds: int('surge-seconds'),
  });
  run.figures.surge = surge;
  say(
    `surge: offered ${surge.offeredRecordsPerSecond} records/s; delivered ${surge.delivered.records} in ${surge.delivered.seconds} s (${surge.delivered.recordsPerSecond}/s)`,
  );
  say(
    `surge: backlog peak ${surge.backlogPeak.messages} messages at ${surge.backlogPeak.atSecond} s; drained ${surge.drainSeconds} s after the last delivery; hub rate over the whole surge ${surge.phase.recordsPerSecond} records/s`,
  );
  printPhase(surge.phase);
  printMemory(surge.memory);
  const lost = surge.phase.verification.mismatches + surge.phase.deadLettered;
  say(
    lost === 0
      ? 'surge: nothing lost: every ledger equals the expectation'
      : `surge: ${lost} ledgers or messages NOT as expected`,
  );
  run.write();
  if (lost !== 0) process.exitCode = 1;
};

const p50p99 = (latency: HubPhase['ackMs'], digits: number) => ({
  p50: round(latency.p50, digits),
  p99: round(latency.p99, digits),
});

/** The half-load phase's latencies beside the saturated ones, and its own ledgers' check. */
const printHalfLoad = (half: HalfLoadPhase, saturated: HubPhase) => {
  say(
    `half load: ${half.offeredRecordsPerSecond} records/s offered (half of ${saturated.recordsPerSecond}), open loop: ${half.records} record versions in ${half.seconds} s (${half.recordsPerSecond}/s to the last ledger change)`,
  );
  say(
    `half load: webhook acknowledgement p50 ${half.ackMs.p50.toFixed(1)} ms, p99 ${half.ackMs.p99.toFixed(1)} ms; queue to ledger p50 ${half.queueToLedgerMs.p50.toFixed(0)} ms, p99 ${half.queueToLedgerMs.p99.toFixed(0)} ms ` +
      `(saturated: acknowledgement p50 ${saturated.ackMs.p50.toFixed(1)} ms, p99 ${saturated.ackMs.p99.toFixed(1)} ms; queue to ledger p50 ${saturated.queueToLedgerMs.p50.toFixed(0)} ms, p99 ${saturated.queueToLedgerMs.p99.toFixed(0)} ms)`,
  );
  printCpu(half, 'half load: ');
  const v = half.verification;
  say(
    `half load: ledgers ${v.matching}/${v.people} equal the scenario's expectation${v.mismatches ? `; ${v.mismatches} DIFFER, e.g. ${JSON.stringify(v.examples)}` : ''}; dead-lettered messages: ${half.deadLettered}; answers other than 200: ${half.statusesNot200}`,
  );
};

/** The run's headline figures, as written to the JSON file's `summary`. */
const summaryOf = (hub: HubBenchResult, ceiling: number, value: number) => ({
  ceilingPutsPerSecond: ceiling,
  hubCompletionsPerSecond: hub.measured.recordsPerSecond,
  hubToCeiling: value,
  ackMs: p50p99(hub.measured.ackMs, 1),
  ackMsByPlatform: Object.fromEntries(
    Object.entries(hub.measured.ackMsByPlatform).map(([p, l]) => [p, { p50: round(l.p50, 1), p99: round(l.p99, 1) }]),
  ),
  queueToLedgerMs: p50p99(hub.measured.queueToLedgerMs, 0),
  ...(hub.halfLoad
    ? {
        halfLoad: {
          offeredRecordsPerSecond: hub.halfLoad.offeredRecordsPerSecond,
          ackMs: p50p99(hub.halfLoad.ackMs, 1),
          queueToLedgerMs: p50p99(hub.halfLoad.queueToLedgerMs, 0),
          ledgersEqual: `${hub.halfLoad.verification.matching}/${hub.halfLoad.verification.people}`,
        },
      }
    : {}),
  dynamoCallsPerCompletion: round(hub.measured.perCompletion.dynamoCalls, 3),
  writeUnitsPerCompletion: round(hub.measured.perCompletion.writeUnits, 3),
  gsiWriteUnitsPerCompletion: round(hub.measured.perCompletion.indexWriteUnits, 3),
  readUnitsPerCompletion: round(hub.measured.perCompletion.readUnits, 3),
  sqsCallsPerCompletion: round(hub.measured.perCompletion.sqsCalls, 3),
  logBytesPerCompletion: hub.measured.logBytesPerCompletion,
  peakRssMiB: {
    node: mebibytes(hub.memory.peakRssBytes.node ?? 0),
    java: mebibytes(hub.memory.peakRssBytes.java ?? 0),
    sqs: mebibytes(hub.memory.peakRssBytes.sqs ?? 0),
    together: mebibytes(hub.memory.peakTotalRssBytes),
  },
  writeUnitsSource: 'ReturnConsumedCapacity=INDEXES on every call of the hub process (aws/call-counter.ts)',
});

/** The steady run: the hub's rate against the ceiling's (best of before and after), and what a completion costs. */
const runHubVersusCeiling = async (run: Run, scenario: BenchTraffic, ceilingBefore: CeilingResult): Promise<void> => {
  const hub: HubBenchResult = await runHubBench(hubOptionsOf(run, scenario));
  run.figures.hub = hub;
  const ceilingAfter = values['no-ceiling-after'] ? undefined : await ceilingOnce(run, 'after');
  if (ceilingAfter) run.figures.ceilingAfter = ceilingAfter;
  const ceiling = Math.max(ceilingBefore.best.putsPerSecond, ceilingAfter?.best.putsPerSecond ?? 0);
  const value = ratio(hub.measured.recordsPerSecond, ceiling);
  const work = storageWork([ceilingBefore, ...(ceilingAfter ? [ceilingAfter] : [])], hub.measured);
  run.figures.summary = { ...summaryOf(hub, ceiling, value), storageWork: work };
  say(
    `ceiling: ${ceiling} puts/s (best of before ${ceilingBefore.best.putsPerSecond} and ${ceilingAfter ? `after ${ceilingAfter.best.putsPerSecond}` : 'no after'})`,
  );
  say(
    `hub: ${hub.measured.recordsPerSecond} completions/s (${hub.measured.records} record versions in ${hub.measured.deliveries} deliveries, ${hub.measured.seconds} s from first delivery to the last ledger change)`,
  );
  console.log(`hub/ceiling: ${formatRatio(value)}`);
  say(
    `storage work per completion: ${work.putsWorth.toFixed(2)} plain puts' worth of DynamoDB Local CPU (${work.javaMsPerCompletion.toFixed(3)} ms a completion / ${work.javaMsPerPut.toFixed(3)} ms a ceiling put); ` +
      `the ceiling's client spends ${work.clientMsPerPut.toFixed(3)} ms a put, the hub's node process ${work.hubNodeMsPerCompletion.toFixed(3)} ms a completion`,
  );
  printPhase(hub.measured);
  if (hub.halfLoad) printHalfLoad(hub.halfLoad, hub.measured);
  printMemory(hub.memory);
  if (values.profile) for (const line of describeProfileIn(profileDirOf(run), repoRoot)) say(line);
  run.write();
  const phases = [hub.measured, ...(hub.halfLoad ? [hub.halfLoad] : [])];
  if (phases.some((phase) => phase.verification.mismatches > 0 || phase.deadLettered > 0)) process.exitCode = 1;
};

const main = async (): Promise<void> => {
  const run = startRun();
  if (values.calls) {
    run.figures.callCosts = await measureCallCosts({
      storage: run.storage,
      scratchDir: run.benchDir,
      warmupSeconds: int('warmup'),
      trialSeconds: int('ceiling-seconds'),
      log: say,
    });
    run.write();
    return;
  }
  if (values.bundles || !values['no-bundles']) await measureBundles(run);
  if (values.bundles) {
    run.write();
    return;
  }
  const scenario: BenchTraffic = scenarioFor((values.source as SourceName | undefined) ?? undefined, say);
  say(`traffic: ${scenario.name}`);
  const ceilingBefore = await ceilingOnce(run, 'before');
  run.figures.ceilingBefore = ceilingBefore;
  if (values.surge) await runSurgeBench(run, scenario, ceilingBefore);
  else await runHubVersusCeiling(run, scenario, ceilingBefore);
};

main().catch((error: unknown) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
