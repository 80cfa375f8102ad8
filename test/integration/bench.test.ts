/**
 * The small bench inside `npm test`: the same code as `npm run bench`, on a few hundred
 * completions, so the benchmark itself cannot rot. It checks only what the bench's figures
 * rest on and what no machine load can change (every ledger equal to the scenario's
 * expectation, in the measured phase and in a short half-load phase, calls and write units
 * counted, the SQS server's process measured apart, every trial run); how fast, and how many calls
 * a completion costs under batching, vary with the load and are the full run's to show. The
 * figures are printed only when a check fails (in its message).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureCallCosts } from '../../scripts/bench/call-costs.js';
import { measureCeiling } from '../../scripts/bench/ceiling.js';
import { runHubBench } from '../../scripts/bench/hub-bench.js';
import { simulatorScenario } from '../../scripts/bench/sim-scenario.js';
import { ratio } from '../../scripts/bench/stats.js';

const benchTimeoutMs = 5 * 60_000;
const scratchDir = mkdtempSync(join(tmpdir(), 'hub-bench-test-'));
const quiet = () => undefined;

afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

describe('npm run bench, small', () => {
  it(
    'measures the hub on the simulators mix with every ledger equal to the expectation, and its ratio to the ceiling',
    async () => {
      const ceiling = await measureCeiling({
        storage: 'memory',
        scratchDir,
        warmupSeconds: 1,
        trialSeconds: 1,
        concurrencies: [4, 8],
        log: quiet,
      });
      const ceilingFigures = JSON.stringify(ceiling);
      expect(ceiling.trials, ceilingFigures).toHaveLength(2);
      expect(ceiling.best.errors, ceilingFigures).toBe(0);
      expect(ceiling.best.putsPerSecond, ceilingFigures).toBeGreaterThan(0);

      const hub = await runHubBench({
        scenario: simulatorScenario(quiet),
        completions: 400,
        warmupSeconds: 1,
        storage: 'memory',
        scratchDir,
        consumersMax: 2,
        senders: 4,
        backlogMax: 100,
        halfLoadSeconds: 2,
        log: quiet,
      });
      const { measured } = hub;
      const figures = JSON.stringify(measured);
      expect(measured.verification.mismatches, JSON.stringify(measured.verification.examples)).toBe(0);
      expect(measured.verification.matching, figures).toBe(measured.verification.people);
      expect(measured.verification.people, figures).toBeGreaterThan(0);
      expect(measured.deadLettered, figures).toBe(0);
      expect(measured.statusesNot200, figures).toBe(0);
      expect(Object.keys(measured.recordsByPlatform).sort(), figures).toEqual(['hnu', 'jxnu', 'wangti']);
      // Counted from the hub's own calls; how many a completion costs depends on how the load batches them.
      expect(measured.perCompletion.byCommand['DynamoDB PutItem ledgers'], figures).toBeGreaterThan(0);
      expect(measured.perCompletion.writeUnits, figures).toBeGreaterThan(0);
      expect(measured.perCompletion.indexWriteUnits, figures).toBeGreaterThan(0);
      expect(measured.queueToLedgerMs.count, figures).toBeGreaterThan(0);
      expect(measured.cpuSeconds.java, figures).toBeGreaterThan(0);
      // The SQS server is a process of its own, measured apart from the hub node's.
      expect(hub.memory.peakRssBytes.sqs, figures).toBeGreaterThan(0);
      expect(measured.cpuSeconds.sqs, figures).toBeGreaterThan(0);
      // Half the measured throughput, open loop: its own ledgers equal too, its latencies measured.
      const half = hub.halfLoad;
      const halfFigures = JSON.stringify(half);
      expect(half?.offeredRecordsPerSecond, halfFigures).toBe(Math.max(1, Math.round(measured.recordsPerSecond / 2)));
      expect(half?.verification.mismatches, JSON.stringify(half?.verification.examples)).toBe(0);
      expect(half?.verification.matching, halfFigures).toBe(half?.verification.people);
      expect(half?.verification.people, halfFigures).toBeGreaterThan(0);
      expect(half?.deadLettered, halfFigures).toBe(0);
      expect(half?.statusesNot200, halfFigures).toBe(0);
      expect(half?.ackMs.count, halfFigures).toBeGreaterThan(0);
      expect(half?.queueToLedgerMs.count, halfFigures).toBeGreaterThan(0);
      const value = ratio(measured.recordsPerSecond, ceiling.best.putsPerSecond);
      expect(Number.isFinite(value) && value > 0, `hub/ceiling ${value}: ${figures} ${ceilingFigures}`).toBe(true);
    },
    benchTimeoutMs,
  );

  it(
    "prices every kind of hub call in plain puts' worth, the plain put being one",
    async () => {
      const costs = await measureCallCosts({
        storage: 'memory',
        scratchDir,
        warmupSeconds: 1,
        trialSeconds: 1,
        log: quiet,
      });
      const figures = JSON.stringify(costs);
      expect(
        costs.map((c) => c.call),
        figures,
      ).toHaveLength(6);
      for (const cost of costs) {
        // Every lane sends at least once, so each trial has items; Java's CPU is read in 10 ms ticks, so a short trial may show none.
        expect(cost.itemsPerSecond, `${cost.call}: ${figures}`).toBeGreaterThan(0);
        expect(cost.javaMsPerItem, `${cost.call}: ${figures}`).toBeGreaterThanOrEqual(0);
      }
      const plain = costs[0];
      if (plain && plain.javaMsPerItem > 0) expect(plain.putsWorth, figures).toBe(1);
    },
    benchTimeoutMs,
  );
});
