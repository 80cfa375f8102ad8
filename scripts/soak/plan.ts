/**
 * What one soak run does, decided from its seed alone (pure): the scenario's size for the
 * events asked for (sim/scenario.ts generates the platform traffic), the shares of extra
 * duplicate deliveries, same-person bursts, corrections that move a record and jxnu batches
 * sent twice (sim/rough-traffic.ts adds them), the wangti export's faults
 * and the poller kills, and the HUB_FAULTS plan for the in-process faults. The same seed gives
 * the same events and the same fault positions.
 */
import { createRandom } from '../../sim/random.js';
import { type RoughTraffic, roughTrafficOf } from '../../sim/rough-traffic.js';
import type { Scenario } from '../../sim/scenario.js';

export const eventsDefault = 100_000;
export const seedDefault = '1';
/** Share of deliveries the platforms deliver again (retries) on top of the scenario's own. */
export const duplicateShare = 0.12;
/** Share of bad records among the events (rules.md: quarantined, never credited). */
export const badRecordShare = 0.05;
/** Completions per person: enough for repeats and for some people to reach the year's 90 学时. */
export const completionsPerPerson = 8;
/** Payloads per completion the scenario sends (versions and its own retries), measured. */
const payloadsPerCompletion = 1.27;
/** A burst: this many deliveries of one person sent at once. */
export const burstSizeMax = 12;
/** Share of people whose hnu deliveries go out as one concurrent burst. */
export const burstPeopleShare = 0.05;
/** Share of records corrected later to another person or another credit year (the record moves ledgers). */
export const movingCorrectionShare = 0.02;
/** jxnu records per batch (platforms.md allows 1 to 500). */
export const jxnuBatchRecords = 200;
/** wangti rows per export page the poller asks for. */
export const wangtiPageRows = 250;

export interface FaultShares {
  readonly 'dynamo-throttle': number;
  readonly 'dynamo-error': number;
  readonly 'dynamo-lost-ack': number;
  readonly 'sqs-duplicate': number;
  readonly 'writer-crash': number;
}

/** In-process fault shares (aws/fault-injection.ts): small per call, since one batch makes many calls. */
export const faultSharesDefault: FaultShares = {
  'dynamo-throttle': 0.004,
  'dynamo-error': 0.002,
  'dynamo-lost-ack': 0.003,
  'sqs-duplicate': 0.02,
  'writer-crash': 0.1,
};

export interface WangtiFaultPlan {
  /** Share of export requests answered 429 (with Retry-After 1). */
  readonly rateLimitedShare: number;
  /** Share answered 500/502/503. */
  readonly serverErrorShare: number;
  /** Share of pages served again on the next request (as after a re-used cursor). */
  readonly servedTwiceShare: number;
  /** Poll runs (by number, from 1) killed after taking a page, before storing its cursor. */
  readonly killedRuns: ReadonlySet<number>;
}

export interface SoakPlan {
  readonly seed: string;
  readonly scenario: { readonly people: number; readonly completions: number; readonly badRecords: number };
  readonly faults: string | undefined;
  readonly wangti: WangtiFaultPlan;
}

export const scenarioSizeFor = (events: number): SoakPlan['scenario'] => {
  const perCompletion = payloadsPerCompletion * (1 + duplicateShare);
  const badRecords = Math.max(3, Math.round(events * badRecordShare));
  const completions = Math.max(10, Math.round((events - badRecords) / perCompletion));
  return { people: Math.max(5, Math.round(completions / completionsPerPerson)), completions, badRecords };
};

export const faultsValueOf = (seed: string, shares: FaultShares = faultSharesDefault): string =>
  [`seed=${seed}`, ...Object.entries(shares).map(([kind, share]) => `${kind}=${share}`)].join(',');

export const planSoak = (options: { events: number; seed: string; faults: boolean }): SoakPlan => {
  const random = createRandom(options.seed).fork('soak-faults');
  const killedRuns = new Set<number>();
  for (let run = 1; run <= 200; run += 1) if (random.chance(0.15)) killedRuns.add(run);
  return {
    seed: options.seed,
    scenario: scenarioSizeFor(options.events),
    faults: options.faults ? faultsValueOf(options.seed) : undefined,
    wangti: options.faults
      ? { rateLimitedShare: 0.05, serverErrorShare: 0.05, servedTwiceShare: 0.1, killedRuns }
      : { rateLimitedShare: 0, serverErrorShare: 0, servedTwiceShare: 0, killedRuns: new Set() },
  };
};

/** The scenario's traffic roughened as the soak's shares say (sim/rough-traffic.ts). */
export const deliveriesOf = (
  scenario: Scenario,
  seed: string,
  batchesOf: (records: readonly Record<string, unknown>[]) => readonly (readonly Record<string, unknown>[])[],
): RoughTraffic =>
  roughTrafficOf(scenario, seed, { duplicateShare, burstPeopleShare, burstSizeMax, movingCorrectionShare }, batchesOf);
