/**
 * What one soak run does, decided from its seed alone (pure): the scenario's size for the
 * events asked for (sim/scenario.ts generates the platform traffic), the extra duplicate
 * deliveries and same-person bursts, the jxnu batches sent twice, the wangti export's faults
 * and the poller kills, and the HUB_FAULTS plan for the in-process faults. The same seed gives
 * the same events and the same fault positions.
 */
import { createRandom, type Random } from '../../sim/random.js';
import type { HnuDelivery, JxnuSend, Scenario } from '../../sim/scenario.js';
import { hnuTimeOf, wangtiTimeOf } from '../../sim/times.js';
import type { WangtiExportRow } from '../../sim/wangti-csv.js';

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

export interface Deliveries {
  /** hnu deliveries in send order: the scenario's, retries added, some people's in bursts. */
  readonly hnu: readonly HnuDelivery[];
  /** jxnu records in send order (the oracle reads order as version order; a batch sent twice changes no order). */
  readonly jxnu: readonly JxnuSend[];
  /** Batches (by index from jxnuBatchesOf) sent twice, as a platform that did not see the answer. */
  readonly jxnuSentTwice: (batch: number) => boolean;
  /** The export's rows, newest change last. */
  readonly wangti: readonly WangtiExportRow[];
  /** Deliveries the platforms make in all (the `events` figure): hnu requests, jxnu records sent, wangti rows exported. */
  readonly events: number;
  /** Corrections added that move a record to another person or year. */
  readonly moves: number;
  /** Every payload once, in the order that means something to the oracle (sim/expected.ts OracleInput without `now`). */
  readonly oracle: {
    readonly hnu: readonly unknown[];
    readonly jxnu: readonly unknown[];
    readonly wangti: readonly WangtiExportRow[];
  };
}

const dayMs = 86_400_000;
/** A completion time in 2025 (Beijing), for a correction that moves a record to the next credit year. */
const nextYearCompletionMs = Date.UTC(2025, 1, 10, 2, 0, 0);

interface Moves {
  readonly hnu: HnuDelivery[];
  readonly jxnu: JxnuSend[];
  readonly wangti: WangtiExportRow[];
}

/**
 * Corrections the scenario does not make: a record's newest completion sent again, later, for
 * another person (a wrong ID card number put right) or with a completion time in the next
 * year. The hub must move the record: count it in the new ledger and nowhere else.
 */
const movingCorrectionsOf = (scenario: Scenario, random: Random): Moves => {
  const others = scenario.people.map((person) => person.idCardNo);
  const moves: Moves = { hnu: [], jxnu: [], wangti: [] };

  const newestHnu = new Map<string, HnuDelivery>();
  for (const delivery of scenario.hnu) {
    const recordId = String((delivery.body.data as { recordId?: unknown }).recordId);
    const current = newestHnu.get(recordId);
    if (!current || String(delivery.body.occurredAt) > String(current.body.occurredAt))
      newestHnu.set(recordId, delivery);
  }
  for (const [recordId, delivery] of newestHnu) {
    if (delivery.body.event === 'completion.revoked' || !random.chance(movingCorrectionShare)) continue;
    const data = structuredClone(delivery.body.data) as {
      learner: { idCardNo: string };
      completedAt: string;
      trainingYear?: number;
    };
    let correctedAtMs = Date.parse(String(delivery.body.occurredAt));
    if (random.chance(0.5)) {
      data.learner.idCardNo = random.pick(others);
    } else {
      const completedAtMs = nextYearCompletionMs + random.int(0, 20) * dayMs;
      data.completedAt = hnuTimeOf(completedAtMs);
      delete data.trainingYear;
      correctedAtMs = Math.max(correctedAtMs, completedAtMs);
    }
    const occurredAt = hnuTimeOf(correctedAtMs + random.int(1, 10) * dayMs);
    const eventId = `evt_${recordId.toLowerCase()}_moved`;
    moves.hnu.push({ eventId, body: { ...delivery.body, event: 'completion.updated', eventId, occurredAt, data } });
  }

  const newestJxnu = new Map<string, JxnuSend>();
  for (const send of scenario.jxnu) newestJxnu.set(String(send.record.xh), send);
  for (const send of newestJxnu.values()) {
    if (send.record.zt !== 1 || !random.chance(movingCorrectionShare)) continue;
    moves.jxnu.push({ record: { ...send.record, sfzh: random.pick(others) } });
  }

  const newestWangti = new Map<string, WangtiExportRow>();
  for (const row of scenario.wangti) newestWangti.set(row['流水号'], row);
  const lastExportedMs = Math.max(
    ...scenario.wangti
      .map((row) => Date.parse(`${row['更新时间'].replace(/\//g, '-').replace(' ', 'T')}+08:00`))
      .filter((ms) => !Number.isNaN(ms)),
    0,
  );
  for (const row of newestWangti.values()) {
    if (row['状态'] !== '有效' || !random.chance(movingCorrectionShare)) continue;
    moves.wangti.push({
      ...row,
      身份证号: random.pick(others),
      更新时间: wangtiTimeOf(lastExportedMs + random.int(1, 5) * dayMs),
    });
  }
  return moves;
};

/**
 * The scenario's traffic with the soak's own: about `duplicateShare` of hnu deliveries again
 * at a later place (a retry that arrives late), same-person bursts moved together so they go
 * out concurrently, and jxnu batches sent twice.
 */
export const deliveriesOf = (
  scenario: Scenario,
  seed: string,
  batchesOf: (records: readonly Record<string, unknown>[]) => readonly (readonly Record<string, unknown>[])[],
): Deliveries => {
  const random = createRandom(seed).fork('soak-deliveries');
  const hnu: HnuDelivery[] = [...scenario.hnu];
  // Retries that arrive late: each inserted somewhere after its first delivery.
  const retries: Array<{ after: number; delivery: HnuDelivery }> = [];
  scenario.hnu.forEach((delivery, at) => {
    if (random.chance(duplicateShare)) retries.push({ after: random.int(at + 1, scenario.hnu.length), delivery });
  });
  const withRetries: HnuDelivery[] = [];
  const retriesAt = new Map<number, HnuDelivery[]>();
  for (const { after, delivery } of retries) retriesAt.set(after, [...(retriesAt.get(after) ?? []), delivery]);
  for (let at = 0; at <= hnu.length; at += 1) {
    withRetries.push(...(retriesAt.get(at) ?? []));
    if (at < hnu.length) withRetries.push(hnu[at] as HnuDelivery);
  }

  // Bursts: every hnu delivery of a few people, side by side, so concurrent senders take them at once.
  const personOf = (delivery: HnuDelivery): string | undefined => {
    const learner = (delivery.body.data as { learner?: { idCardNo?: unknown } } | undefined)?.learner;
    return typeof learner?.idCardNo === 'string' ? learner.idCardNo.trim().toUpperCase() : undefined;
  };
  const bursting = new Set(scenario.people.filter(() => random.chance(burstPeopleShare)).map((p) => p.idCardNo));
  const byPerson = new Map<string, HnuDelivery[]>();
  const rest: HnuDelivery[] = [];
  for (const delivery of withRetries) {
    const person = personOf(delivery);
    if (person !== undefined && bursting.has(person)) byPerson.set(person, [...(byPerson.get(person) ?? []), delivery]);
    else rest.push(delivery);
  }
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i += burstSizeMax)
      rest.splice(random.int(0, rest.length), 0, ...random.shuffle(group.slice(i, i + burstSizeMax)));
  }

  const moves = movingCorrectionsOf(scenario, createRandom(seed).fork('soak-moves'));
  for (const move of moves.hnu) rest.splice(random.int(0, rest.length), 0, move);
  const jxnu = [...scenario.jxnu, ...moves.jxnu];
  const wangti = [...scenario.wangti, ...moves.wangti];

  const batches = batchesOf(jxnu.map((send) => send.record));
  const twice = new Set<number>();
  batches.forEach((_, batch) => {
    if (random.chance(duplicateShare * 2)) twice.add(batch);
  });
  const jxnuSent = batches.reduce((sum, batch, i) => sum + batch.length * (twice.has(i) ? 2 : 1), 0);
  return {
    hnu: rest,
    jxnu,
    jxnuSentTwice: (batch) => twice.has(batch),
    wangti,
    events: rest.length + jxnuSent + wangti.length,
    moves: moves.hnu.length + moves.jxnu.length + moves.wangti.length,
    oracle: {
      hnu: [...scenario.hnu, ...moves.hnu].map((delivery) => delivery.body),
      jxnu: jxnu.map((send) => send.record),
      wangti,
    },
  };
};
