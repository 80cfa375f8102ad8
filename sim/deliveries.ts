/**
 * A generated scenario (scenario.ts) as a list of deliveries, each sent on its own by whoever
 * runs the load (the bench's senders, scripts/bench/load.ts): hnu one signed event per request
 * (any order), jxnu batches of up to 500 records in one lane (a record's version time is its
 * request's timestamp), wangti rows added to the export a thousand at a time, each followed by
 * poll runs of the hub's wangtiPoller until the export is drained (the export is a log). The
 * platforms' deliveries are interleaved by records sent so far, so all of them run side by side.
 */
import { postHnu } from './hnu.js';
import { jxnuBatchesOf, jxnuBatchNoOf, type JxnuPost } from './jxnu.js';
import type { HnuDelivery, Scenario } from './scenario.js';
import type { WangtiExportRow } from './wangti-csv.js';
import type { WangtiServer } from './wangti-server.js';
import { sleep } from '../shared/sleep.js';

/** What a delivery needs of the hub: its URL, and (for the export the hub polls) a poll run. */
export interface DeliveryTarget {
  readonly baseUrl: string;
  runSchedule(functionName: 'wangtiPoller'): Promise<unknown>;
}

/**
 * One delivery as the platform makes it, carrying `records` record versions: a webhook
 * request (`webhook`: its answer is the acknowledgement), or rows added to the export the hub
 * then polls (`pull`). Deliveries with a `lane` go one after another in their lane's order
 * (jxnu: a record's version time is its request's timestamp; wangti: the export is a log).
 */
export interface Delivery {
  readonly platform: 'hnu' | 'jxnu' | 'wangti';
  readonly records: number;
  readonly kind: 'webhook' | 'pull';
  readonly lane?: string;
  send(target: DeliveryTarget): Promise<number>;
}

/** Rows added to the wangti export at a time (two of the poller's pages). */
export const wangtiRowsPerDelivery = 1_000;
const pollRunsMax = 200;
const pollPauseMs = 200;

interface PollSummary {
  readonly outcome: string;
}

/** Poll runs until the export is drained (a run can end on its time budget or find another running). */
export const pollUntilDrained = async (target: DeliveryTarget): Promise<number> => {
  for (let runs = 1; runs <= pollRunsMax; runs += 1) {
    const summary = (await target.runSchedule('wangtiPoller')) as PollSummary;
    if (summary.outcome === 'drained') return runs;
    if (summary.outcome !== 'budget-spent' && summary.outcome !== 'busy') await sleep(pollPauseMs);
  }
  throw new Error(`the wangti export was not drained after ${pollRunsMax} poll runs`);
};

const hnuDeliveryOf =
  (secret: string) =>
  (delivery: HnuDelivery): Delivery => ({
    platform: 'hnu',
    records: 1,
    kind: 'webhook',
    send: async ({ baseUrl }) => (await postHnu(baseUrl, delivery, secret)).status,
  });

const jxnuDeliveryOf = (post: JxnuPost, batchNo: string, records: Record<string, unknown>[]): Delivery => ({
  platform: 'jxnu',
  records: records.length,
  kind: 'webhook',
  lane: 'jxnu',
  send: async ({ baseUrl }) => (await post(baseUrl, batchNo, records)).status,
});

const wangtiDeliveryOf =
  (server: WangtiServer) =>
  (rows: readonly WangtiExportRow[]): Delivery => ({
    platform: 'wangti',
    records: rows.length,
    kind: 'pull',
    lane: 'wangti',
    send: async (target) => {
      server.append(rows);
      await pollUntilDrained(target);
      return 200;
    },
  });

/** Interleaves the platforms' deliveries by records sent so far, so all of them run side by side. */
const interleave = (lists: readonly Delivery[][]): Delivery[] => {
  const out: Delivery[] = [];
  const lanes = lists.map((deliveries) => ({ deliveries, at: 0, sent: 0 }));
  for (;;) {
    // The lane with deliveries left that has sent the fewest records; the first of equals.
    let pick: (typeof lanes)[number] | undefined;
    for (const lane of lanes)
      if (lane.at < lane.deliveries.length && (pick === undefined || lane.sent < pick.sent)) pick = lane;
    const delivery = pick?.deliveries[pick.at];
    if (pick === undefined || delivery === undefined) return out;
    pick.at += 1;
    pick.sent += delivery.records;
    out.push(delivery);
  }
};

export interface DeliveryOptions {
  readonly hnuSecret: string;
  /** The jxnu client the batches go through (createJxnuClient): one a hub, so timestamps increase across scenarios too. */
  readonly jxnu: JxnuPost;
  /** The export the wangti rows are added to; none: the scenario must have no wangti rows. */
  readonly wangti?: WangtiServer;
}

/** The scenario's deliveries, interleaved; jxnu batches are named by the scenario's tag. */
export const deliveriesOf = (scenario: Scenario, options: DeliveryOptions): Delivery[] => {
  const { wangti } = options;
  if (!wangti && scenario.wangti.length > 0) throw new Error('wangti rows to deliver, but no export server');
  const wangtiRows: WangtiExportRow[][] = [];
  for (let i = 0; i < scenario.wangti.length; i += wangtiRowsPerDelivery)
    wangtiRows.push(scenario.wangti.slice(i, i + wangtiRowsPerDelivery));
  const batches = jxnuBatchesOf(scenario.jxnu.map((s) => s.record));
  return interleave([
    scenario.hnu.map(hnuDeliveryOf(options.hnuSecret)),
    batches.map((records, n) => jxnuDeliveryOf(options.jxnu, jxnuBatchNoOf(scenario.tag, n), records)),
    wangti ? wangtiRows.map(wangtiDeliveryOf(wangti)) : [],
  ]);
};
