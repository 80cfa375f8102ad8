/**
 * A generated scenario's traffic made rougher, as a soak wants it (scripts/soak/plan.ts gives
 * the shares): hnu deliveries again at a later place (a retry that arrives late), every hnu
 * delivery of a few people side by side so concurrent senders take them at once (bursts),
 * corrections that move a record to another person or credit year, and jxnu batches sent
 * twice. Pure: the same scenario, seed and shares give the same traffic.
 */
import { createRandom, type Random } from './random.js';
import type { HnuDelivery, JxnuSend, Scenario } from './scenario.js';
import { hnuTimeOf, wangtiTimeOf } from './times.js';
import type { WangtiExportRow } from './wangti-csv.js';

export interface RoughShares {
  /** Share of hnu deliveries delivered again later; twice this share of jxnu batches are sent twice. */
  readonly duplicateShare: number;
  /** Share of people whose hnu deliveries go out in bursts, of at most `burstSizeMax` deliveries. */
  readonly burstPeopleShare: number;
  readonly burstSizeMax: number;
  /** Share of records corrected later to another person or another credit year (the record moves ledgers). */
  readonly movingCorrectionShare: number;
}

export interface RoughTraffic {
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

/** hnu: a record's newest completion again, later, for another person or completed in the next year. */
const movedHnuOf = (scenario: Scenario, random: Random, others: readonly string[], share: number): HnuDelivery[] => {
  const newest = new Map<string, HnuDelivery>();
  for (const delivery of scenario.hnu) {
    const recordId = String((delivery.body.data as { recordId?: unknown }).recordId);
    const current = newest.get(recordId);
    if (!current || String(delivery.body.occurredAt) > String(current.body.occurredAt)) newest.set(recordId, delivery);
  }
  const moved: HnuDelivery[] = [];
  for (const [recordId, delivery] of newest) {
    if (delivery.body.event === 'completion.revoked' || !random.chance(share)) continue;
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
    moved.push({ eventId, body: { ...delivery.body, event: 'completion.updated', eventId, occurredAt, data } });
  }
  return moved;
};

/** jxnu: a record's newest version sent again for another person (the send order makes it the newest). */
const movedJxnuOf = (scenario: Scenario, random: Random, others: readonly string[], share: number): JxnuSend[] => {
  const newest = new Map<string, JxnuSend>();
  for (const send of scenario.jxnu) newest.set(String(send.record.xh), send);
  const moved: JxnuSend[] = [];
  for (const send of newest.values()) {
    if (send.record.zt !== 1 || !random.chance(share)) continue;
    moved.push({ record: { ...send.record, sfzh: random.pick(others) } });
  }
  return moved;
};

/** wangti: a record's newest row exported again for another person, after the export's last change. */
const movedWangtiOf = (
  scenario: Scenario,
  random: Random,
  others: readonly string[],
  share: number,
): WangtiExportRow[] => {
  const newest = new Map<string, WangtiExportRow>();
  for (const row of scenario.wangti) newest.set(row.流水号, row);
  const lastExportedMs = Math.max(
    ...scenario.wangti
      .map((row) => Date.parse(`${row.更新时间.replace(/\//g, '-').replace(' ', 'T')}+08:00`))
      .filter((ms) => !Number.isNaN(ms)),
    0,
  );
  const moved: WangtiExportRow[] = [];
  for (const row of newest.values()) {
    if (row.状态 !== '有效' || !random.chance(share)) continue;
    moved.push({
      ...row,
      身份证号: random.pick(others),
      更新时间: wangtiTimeOf(lastExportedMs + random.int(1, 5) * dayMs),
    });
  }
  return moved;
};

/**
 * Corrections the scenario does not make: a record's newest completion sent again, later, for
 * another person (a wrong ID card number put right) or with a completion time in the next
 * year. The hub must move the record: count it in the new ledger and nowhere else.
 */
const movingCorrectionsOf = (scenario: Scenario, random: Random, share: number): Moves => {
  const others = scenario.people.map((person) => person.idCardNo);
  const hnu = movedHnuOf(scenario, random, others, share);
  const jxnu = movedJxnuOf(scenario, random, others, share);
  return { hnu, jxnu, wangti: movedWangtiOf(scenario, random, others, share) };
};

/** Retries that arrive late: about `share` of the deliveries again, each somewhere after its first delivery. */
const withLateRetries = (hnu: readonly HnuDelivery[], random: Random, share: number): HnuDelivery[] => {
  const retriesAt = new Map<number, HnuDelivery[]>();
  hnu.forEach((delivery, at) => {
    if (!random.chance(share)) return;
    const after = random.int(at + 1, hnu.length);
    retriesAt.set(after, [...(retriesAt.get(after) ?? []), delivery]);
  });
  const out: HnuDelivery[] = [];
  for (let at = 0; at <= hnu.length; at += 1) {
    out.push(...(retriesAt.get(at) ?? []));
    if (at < hnu.length) out.push(hnu[at] as HnuDelivery);
  }
  return out;
};

const personOf = (delivery: HnuDelivery): string | undefined => {
  const learner = (delivery.body.data as { learner?: { idCardNo?: unknown } } | undefined)?.learner;
  return typeof learner?.idCardNo === 'string' ? learner.idCardNo.trim().toUpperCase() : undefined;
};

/** Bursts: every hnu delivery of a few people, side by side, so concurrent senders take them at once. */
const withBursts = (
  hnu: readonly HnuDelivery[],
  scenario: Scenario,
  random: Random,
  shares: RoughShares,
): HnuDelivery[] => {
  const bursting = new Set(scenario.people.filter(() => random.chance(shares.burstPeopleShare)).map((p) => p.idCardNo));
  const byPerson = new Map<string, HnuDelivery[]>();
  const rest: HnuDelivery[] = [];
  for (const delivery of hnu) {
    const person = personOf(delivery);
    if (person !== undefined && bursting.has(person)) byPerson.set(person, [...(byPerson.get(person) ?? []), delivery]);
    else rest.push(delivery);
  }
  for (const group of byPerson.values()) {
    for (let i = 0; i < group.length; i += shares.burstSizeMax)
      rest.splice(random.int(0, rest.length), 0, ...random.shuffle(group.slice(i, i + shares.burstSizeMax)));
  }
  return rest;
};

/**
 * The scenario's traffic with late retries, bursts, moving corrections and jxnu batches sent
 * twice (`batchesOf` cuts the jxnu records into the batches the sender will send).
 */
export const roughTrafficOf = (
  scenario: Scenario,
  seed: string,
  shares: RoughShares,
  batchesOf: (records: readonly Record<string, unknown>[]) => readonly (readonly Record<string, unknown>[])[],
): RoughTraffic => {
  const random = createRandom(seed).fork('soak-deliveries');
  const hnu = withBursts(withLateRetries(scenario.hnu, random, shares.duplicateShare), scenario, random, shares);
  const moves = movingCorrectionsOf(scenario, createRandom(seed).fork('soak-moves'), shares.movingCorrectionShare);
  for (const move of moves.hnu) hnu.splice(random.int(0, hnu.length), 0, move);
  const jxnu = [...scenario.jxnu, ...moves.jxnu];
  const wangti = [...scenario.wangti, ...moves.wangti];

  const batches = batchesOf(jxnu.map((send) => send.record));
  const twice = new Set<number>();
  batches.forEach((_, batch) => {
    if (random.chance(shares.duplicateShare * 2)) twice.add(batch);
  });
  const jxnuSent = batches.reduce((sum, batch, i) => sum + batch.length * (twice.has(i) ? 2 : 1), 0);
  return {
    hnu,
    jxnu,
    jxnuSentTwice: (batch) => twice.has(batch),
    wangti,
    events: hnu.length + jxnuSent + wangti.length,
    moves: moves.hnu.length + moves.jxnu.length + moves.wangti.length,
    oracle: {
      hnu: [...scenario.hnu, ...moves.hnu].map((delivery) => delivery.body),
      jxnu: jxnu.map((send) => send.record),
      wangti,
    },
  };
};
