/**
 * `npm run capacity`: the province's yearly AWS bill and the December settings, from the
 * workload (scripts/capacity/model.ts), the unit costs measured by the latest `npm run bench`
 * (.bench/bench-*.json with a hub run; stated estimates when there is none), the hub's own item
 * encoding (scripts/capacity/item-sizes.ts) and the prices (scripts/capacity/prices.ts).
 * Prints Markdown (docs/capacity.md explains it). `--json` prints the figures instead.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { functions } from '../infra/topology.js';
import { feedShardCount } from '../shared/ledger/feed.js';
import { versionsPerMessageMax } from '../shared/completion.js';
import { ledgerSizes, readUnitsOf, recordIndexItemBytes, writeUnitsOf } from './capacity/item-sizes.js';
import {
  peakPlan,
  provinceWorkload,
  yearCost,
  type FixedCounts,
  type LambdaSettings,
  type UnitCosts,
  type Workload,
} from './capacity/model.js';
import { usEast1Prices } from './capacity/prices.js';
import type { HubPhase } from './bench/hub-bench.js';

const repoRoot = join(import.meta.dirname, '..');

interface BenchFile {
  readonly file: string;
  readonly startedAt: string;
  readonly records: number;
  readonly perCompletion: {
    readonly writeUnits: number;
    readonly indexWriteUnits: number;
    readonly readUnits: number;
    readonly byCommand: Record<string, number>;
  };
  readonly tallies: Array<{
    scope: string;
    service: string;
    command: string;
    table: string;
    calls: number;
    tableUnits: number;
    indexUnits: number;
  }>;
  readonly logBytesPerCompletion: number;
  readonly nodeCpuSeconds: number;
}

/** The newest bench JSON with a measured hub phase, if any. */
export const latestBench = (dir = join(repoRoot, '.bench')): BenchFile | undefined => {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((name) => /^bench-.*\.json$/.test(name))
      .sort()
      .reverse();
  } catch {
    return undefined;
  }
  for (const name of names) {
    const figures = JSON.parse(readFileSync(join(dir, name), 'utf8')) as {
      startedAt: string;
      hub?: { measured?: HubPhase };
    };
    const measured = figures.hub?.measured;
    // A run without a measured hub phase, or with a ledger not verified equal, is skipped.
    if (measured?.verification?.mismatches !== 0) continue;
    return {
      file: relative(repoRoot, join(dir, name)),
      startedAt: figures.startedAt,
      records: measured.records,
      perCompletion: measured.perCompletion,
      tallies: measured.tallies,
      logBytesPerCompletion: measured.logBytesPerCompletion,
      nodeCpuSeconds: measured.cpuSeconds?.node ?? 0,
    };
  }
  return undefined;
};

const completionPath = new Set(['hnuWebhook', 'jxnuWebhook', 'wangtiPoller', 'ledgerWriter', 'unscoped']);

/** Ledger write units of one write, averaged over the n-th write of a person's year (n = 1..entries). */
const yearAverage = (entriesAtYearEnd: number, units: (entries: number) => number): number => {
  let sum = 0;
  for (let n = 1; n <= entriesAtYearEnd; n += 1) sum += units(n);
  return sum / entriesAtYearEnd;
};

/** Handler times (ms): estimates, but for the writer's per-version time where a bench run measured it. */
const handlerMsEstimated: UnitCosts['handlerMs'] = {
  hnuRequest: 25,
  jxnuRequestFixed: 60,
  jxnuPerRecord: 1,
  wangtiRunFixed: 1500,
  wangtiPerRecord: 1,
  writerFixed: 50,
  writerPerVersion: 5,
  portalRequest: 40,
};
const versionBytes = 900;
const logBytesPerInvocation = 350;

/** What item sizes alone decide: write units of a ledger over a person's year, the index items, message sizes. */
const sizeCostsOf = (w: Workload) => {
  const entriesAtYearEnd = Math.round(w.completionsPerPerson);
  const sizes = new Map<number, ReturnType<typeof ledgerSizes>>();
  const sizeOf = (n: number) => {
    const known = sizes.get(n);
    if (known) return known;
    const s = ledgerSizes(n);
    sizes.set(n, s);
    return s;
  };
  const yearEnd = sizeOf(entriesAtYearEnd);
  const indexItemBytes = recordIndexItemBytes();
  return {
    ledgerWriteUnitsPerWrite: yearAverage(entriesAtYearEnd, (n) => writeUnitsOf(sizeOf(n).itemBytes)),
    // The change-feed index: every write after the first moves the ledger's position (a delete and a put).
    feedIndexWriteUnitsPerWrite: yearAverage(
      entriesAtYearEnd,
      (n) => writeUnitsOf(sizeOf(n).indexItemBytes) * (n === 1 ? 1 : 2),
    ),
    indexItemWriteUnits: writeUnitsOf(indexItemBytes),
    logBytesPerInvocation,
    versionBytes,
    versionsPerMessage: {
      hnu: 1,
      jxnu: Math.min(versionsPerMessageMax, w.jxnuRecordsPerRequest),
      wangti: versionsPerMessageMax,
    },
    ledgerItemBytesYearEnd: yearEnd.itemBytes,
    feedIndexItemBytes: yearEnd.indexItemBytes,
    indexItemBytes,
  };
};

/** The completion path's DynamoDB calls in a bench run, per record version. */
const benchWritesOf = (bench: BenchFile) => {
  const onPath = bench.tallies.filter((t) => completionPath.has(t.scope) && t.service === 'dynamodb');
  type Tally = BenchFile['tallies'][number];
  const sum = (pick: (t: Tally) => number, where: (t: Tally) => boolean) =>
    onPath.filter(where).reduce((a, t) => a + pick(t), 0);
  const ledgerPuts = sum(
    (t) => t.calls,
    (t) => t.command === 'PutItemCommand' && t.table === 'ledgers',
  );
  const indexItems = sum(
    (t) => t.tableUnits,
    (t) => t.command === 'BatchWriteItemCommand' && t.table === 'records',
  );
  const otherUnits = sum(
    (t) => t.tableUnits + t.indexUnits,
    (t) =>
      ['PutItemCommand', 'UpdateItemCommand', 'BatchWriteItemCommand', 'DeleteItemCommand'].includes(t.command) &&
      t.table !== 'ledgers' &&
      t.table !== 'records',
  );
  return {
    ledgerWritesPerVersion: ledgerPuts / bench.records,
    indexWritesPerVersion: indexItems / bench.records,
    otherWriteUnitsPerVersion: otherUnits / bench.records,
  };
};

export const unitCostsOf = (w: Workload, bench: BenchFile | undefined): UnitCosts => {
  const sized = sizeCostsOf(w);
  const yearEndReadUnits = readUnitsOf(sized.ledgerItemBytesYearEnd);
  if (!bench) {
    return {
      ...sized,
      source: 'estimates (no .bench/bench-*.json with a hub run yet: run `npm run bench`)',
      ledgerWritesPerVersion: 0.9,
      indexWritesPerVersion: 0.9,
      otherWriteUnitsPerVersion: 0.02,
      readUnitsPerVersion: 1.1 + yearEndReadUnits * 0.9 - 0.9,
      logBytesPerVersion: 900,
      handlerMs: handlerMsEstimated,
    };
  }
  const writes = benchWritesOf(bench);
  return {
    ...sized,
    ...writes,
    source: `${bench.file} (${bench.records} record versions, ${bench.startedAt}); ledger and index item sizes from the hub's own encoding`,
    // The bench's ledgers are young (few entries); a year-end ledger still reads in one 4 KB unit.
    readUnitsPerVersion: bench.perCompletion.readUnits + (yearEndReadUnits - 1) * writes.ledgerWritesPerVersion,
    logBytesPerVersion: bench.logBytesPerCompletion,
    // The writer's per-version time is the hub process's whole CPU per version in the bench (webhooks included): an upper bound.
    handlerMs: { ...handlerMsEstimated, writerPerVersion: Math.max(1, (bench.nodeCpuSeconds * 1000) / bench.records) },
  };
};

const settings: LambdaSettings = {
  memoryMb: {
    hnuWebhook: functions.hnuWebhook.memoryMb,
    jxnuWebhook: functions.jxnuWebhook.memoryMb,
    wangtiPoller: functions.wangtiPoller.memoryMb,
    ledgerWriter: functions.ledgerWriter.memoryMb,
    portalApi: functions.portalApi.memoryMb,
  },
  writerBatchSize: functions.ledgerWriter.queueSource?.batchSize ?? 100,
  writerBatchingWindowSeconds: functions.ledgerWriter.queueSource?.batchingWindowSeconds ?? 1,
  writerMaxConcurrency: functions.ledgerWriter.queueSource?.maxConcurrency ?? 20,
};

const fixed: FixedCounts = {
  kmsKeys: 1,
  kmsRequestsPerMonth: 1_000_000,
  secrets: 6,
  secretCallsPerMonth: 200_000,
  // 12 metric names x 4 platform values, plus the functions' own.
  customMetrics: 60,
  alarms: 21,
  dashboards: 1,
  logRetentionMonths: 12,
  // The Lambda event source keeps at least five pollers long-polling (20 s) an empty queue.
  idleReceivesPerMonth: 5 * 3 * 60 * 24 * 30,
};

/**
 * Write throughput the tables should be warmed to before December (DynamoDB on-demand "warm
 * throughput"): a new on-demand table takes 4,000 write units a second at once and adapts to
 * twice its previous peak over time; the December peak needs more, at once.
 */
export const warmWriteUnitsPerSecond = 12_000;

const usd = (value: number): string =>
  value >= 100 ? `$${value.toFixed(0)}` : value >= 1 ? `$${value.toFixed(2)}` : `$${value.toFixed(3)}`;
const count = (value: number): string =>
  value >= 1e6 ? `${(value / 1e6).toFixed(1)} M` : value >= 1e3 ? `${(value / 1e3).toFixed(1)} k` : value.toFixed(1);

type Year = ReturnType<typeof yearCost>;
type Peak = ReturnType<typeof peakPlan>;

/** What one record version costs, and where the figures come from. */
const unitCostLines = (w: Workload, u: UnitCosts): string[] => {
  const wruPerVersion =
    u.ledgerWritesPerVersion * (u.ledgerWriteUnitsPerWrite + u.feedIndexWriteUnitsPerWrite) +
    u.indexWritesPerVersion * u.indexItemWriteUnits +
    u.otherWriteUnitsPerVersion;
  return [
    `Unit costs from: ${u.source}.`,
    '',
    '| per record version | value |',
    '|---|---|',
    `| ledger writes | ${u.ledgerWritesPerVersion.toFixed(3)} |`,
    `| write units per ledger write, averaged over a person's year (1..${w.completionsPerPerson} entries) | ${u.ledgerWriteUnitsPerWrite.toFixed(2)} table + ${u.feedIndexWriteUnitsPerWrite.toFixed(2)} change-feed index |`,
    `| records-index items written (1 write unit each, ${u.indexItemBytes} bytes) | ${u.indexWritesPerVersion.toFixed(3)} |`,
    `| **write units in all** (over a year; the bench's young ledgers show fewer) | **${wruPerVersion.toFixed(2)}** |`,
    `| read units | ${u.readUnitsPerVersion.toFixed(2)} |`,
    `| log bytes | ${u.logBytesPerVersion.toFixed(0)} |`,
    `| ledger item at the year's end (${w.completionsPerPerson} entries) | ${u.ledgerItemBytesYearEnd} bytes (${ledgerSizes(w.completionsPerPerson).plainItemBytes} with entries as plain maps) |`,
    '',
  ];
};

/** The cost of a year by service, per million completions, and December's quantities. */
const yearCostLines = (year: Year): string[] => [
  '| service | ordinary month | December | year |',
  '|---|---:|---:|---:|',
  ...Object.keys(year.ordinary.costs).map(
    (service) =>
      `| ${service} | ${usd(year.ordinary.costs[service] ?? 0)} | ${usd(year.december.costs[service] ?? 0)} | ${usd(year.byServiceYear[service] ?? 0)} |`,
  ),
  `| **total** | **${usd(year.ordinary.total)}** | **${usd(year.december.total)}** | **${usd(year.yearTotal)}** |`,
  '',
  `Completions: ${count(year.ordinary.completions)} in an ordinary month, ${count(year.december.completions)} in December, ${count(year.ordinary.completions * 11 + year.december.completions)} a year. **Cost per million completions: ${usd(year.perMillionCompletions)}.**`,
  '',
  '| December quantity | value |',
  '|---|---:|',
  ...Object.entries(year.december.quantities).map(([name, value]) => `| ${name} | ${count(value)} |`),
  '',
];

/** The December peak: rates through the queue, the writers and the tables, and a stop's backlog. */
const peakLines = (w: Workload, peak: Peak): string[] => [
  `## The December peak (${w.peakPerSecond} completions/s)`,
  '',
  '| figure | value |',
  '|---|---:|',
  `| versions/s (x ${w.versionsPerCompletion} versions a completion) | ${peak.versionsPerSecond.toFixed(0)} |`,
  `| queue messages/s (${peak.versionsPerMessage.toFixed(2)} versions a message across the mix) | ${peak.messagesPerSecond.toFixed(0)} |`,
  `| writer batch: messages / versions / seconds (estimate) | ${peak.batchMessages} / ${peak.batchVersions.toFixed(0)} / ${peak.batchSeconds.toFixed(2)} |`,
  `| writers busy at once to keep up | ${peak.concurrencyNeeded.toFixed(1)} (maximum concurrency ${settings.writerMaxConcurrency}) |`,
  `| versions/s the writers drain at most (${settings.writerMaxConcurrency} at once) | ${peak.writersDrainVersionsPerSecond.toFixed(0)} |`,
  `| versions/s the tables take at ${warmWriteUnitsPerSecond.toLocaleString('en')} write units/s (warm throughput) | ${peak.tablesDrainVersionsPerSecond.toFixed(0)} |`,
  `| DynamoDB write units/s | ${peak.writeUnitsPerSecond.toFixed(0)} |`,
  `| change-feed index write units/s per shard (${feedShardCount} shards; a partition takes 1,000) | ${peak.feedShardWriteUnitsPerSecond.toFixed(0)} |`,
  `| a 10-minute stop at the peak: backlog / minutes to drain (at the lower of the two rates) | ${count(peak.outageBacklogVersions)} / ${peak.minutesToDrainOutage.toFixed(1)} |`,
];

const main = () => {
  const w = provinceWorkload;
  const u = unitCostsOf(w, latestBench());
  const p = usEast1Prices;
  const year = yearCost(w, u, settings, fixed, p);
  const peak = peakPlan(w, u, settings, feedShardCount, warmWriteUnitsPerSecond);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ workload: w, unitCosts: u, settings, fixed, prices: p, year, peak }, null, 2));
    return;
  }
  const lines = [
    `# Capacity and cost (generated by \`npm run capacity\`)`,
    '',
    `Prices: ${p.region}, ${p.currency}, ${p.asOf}. ${p.note}`,
    '',
    ...unitCostLines(w, u),
    ...yearCostLines(year),
    ...peakLines(w, peak),
  ];
  console.log(lines.join('\n'));
};

if (process.argv[1] && import.meta.filename === process.argv[1]) main();
else if (process.argv[1]?.endsWith('capacity.ts')) main();
