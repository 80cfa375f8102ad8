/**
 * Sends deliveries to the hub as the platforms would, and reads the ledgers back as the portal
 * would. Deliveries without a lane go out from `senders` concurrent senders; each lane (jxnu's
 * batches, wangti's export) has one sender that keeps its order. Senders keep going as fast as
 * the hub answers, but (unless told otherwise) pause while the completions queue holds more
 * than `backlogMax` messages: a steady run measures the hub at a bounded backlog (so
 * queue-to-ledger latency means something); a surge does not wait (`recordsPerSecond`: an
 * open-loop rate).
 */
import { sleep } from '../../shared/sleep.js';
import type { Delivery, DeliveryTarget } from '../../sim/deliveries.js';

export interface SendOptions {
  readonly target: DeliveryTarget;
  readonly senders: number;
  /** Pause senders while the queue holds more visible messages than this; undefined: never pause. */
  readonly backlogMax?: number;
  readonly depth?: () => Promise<number>;
  /** Stop after this many ms even if deliveries remain (a time-bounded phase). */
  readonly forMs?: number;
  /** Open loop: start deliveries at this many records a second regardless of the hub. */
  readonly recordsPerSecond?: number;
  readonly onProgress?: (records: number) => void;
}

export interface SendResult {
  readonly deliveries: number;
  readonly records: number;
  /** Acknowledgement latency of webhook deliveries, ms: all, and per platform. */
  readonly ackMs: number[];
  readonly ackMsByPlatform: Record<string, number[]>;
  readonly recordsByPlatform: Record<string, number>;
  readonly statuses: Record<string, number>;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Deliveries not sent (a time-bounded phase stopped first). */
  readonly remaining: number;
}

export const sendDeliveries = async (deliveries: readonly Delivery[], options: SendOptions): Promise<SendResult> => {
  const free = deliveries.filter((d) => d.lane === undefined);
  const lanes = new Map<string, Delivery[]>();
  for (const d of deliveries) if (d.lane !== undefined) lanes.set(d.lane, [...(lanes.get(d.lane) ?? []), d]);
  const ackMs: number[] = [];
  const ackMsByPlatform: Record<string, number[]> = {};
  const recordsByPlatform: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  let records = 0;
  let sent = 0;
  let backlog = 0;
  let done = false;
  let lastProgress = 0;
  const startedAt = Date.now();
  const deadline = options.forMs === undefined ? Infinity : startedAt + options.forMs;

  const watcher = (async () => {
    if (options.backlogMax === undefined || !options.depth) return;
    while (!done) {
      try {
        backlog = await options.depth();
      } catch {
        // the next look will tell
      }
      await sleep(100);
    }
  })();

  let recordsStarted = 0;
  const sendFrom = async (queue: Delivery[]): Promise<void> => {
    for (;;) {
      if (Date.now() >= deadline) return;
      while (options.backlogMax !== undefined && backlog > options.backlogMax && Date.now() < deadline) await sleep(20);
      if (options.recordsPerSecond !== undefined) {
        const due = startedAt + (recordsStarted * 1000) / options.recordsPerSecond;
        if (due > Date.now()) await sleep(due - Date.now());
      }
      const delivery = queue.shift();
      if (!delivery) return;
      recordsStarted += delivery.records;
      const t0 = performance.now();
      const status = await delivery.send(options.target);
      const ms = performance.now() - t0;
      if (delivery.kind === 'webhook') {
        ackMs.push(ms);
        const platformAckMs = ackMsByPlatform[delivery.platform] ?? [];
        platformAckMs.push(ms);
        ackMsByPlatform[delivery.platform] = platformAckMs;
      }
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
      records += delivery.records;
      recordsByPlatform[delivery.platform] = (recordsByPlatform[delivery.platform] ?? 0) + delivery.records;
      sent += 1;
      if (records - lastProgress >= 5000) {
        lastProgress = records;
        options.onProgress?.(records);
      }
    }
  };
  await Promise.all([
    ...Array.from({ length: options.senders }, () => sendFrom(free)),
    ...[...lanes.values()].map((lane) => sendFrom(lane)),
  ]);
  done = true;
  await watcher;
  const remaining = free.length + [...lanes.values()].reduce((sum, lane) => sum + lane.length, 0);
  return {
    deliveries: sent,
    records,
    ackMs,
    ackMsByPlatform,
    recordsByPlatform,
    statuses,
    startedAt,
    endedAt: Date.now(),
    remaining,
  };
};

export interface Verification {
  readonly people: number;
  readonly matching: number;
  readonly mismatches: Array<{ readonly who: string; readonly what: string }>;
  /** The latest `updatedAt` among the ledgers read (ms since the epoch). */
  readonly lastUpdatedAt: number;
}
