/**
 * The small bench inside `npm test`: the same code as `npm run bench`, on a few hundred
 * completions, so the benchmark itself cannot rot. It checks what the bench's figures rest on
 * (every ledger equal to the scenario's expectation, calls and write units counted, the
 * ceiling and the call costs measured); the speed goals are the full run's to show.
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
      const ceiling = await measureCeiling({ storage: 'memory', scratchDir, warmupSeconds: 1, trialSeconds: 1, concurrencies: [4, 8], log: quiet });
      expect(ceiling.trials).toHaveLength(2);
      expect(ceiling.best.errors).toBe(0);
      expect(ceiling.best.putsPerSecond).toBeGreaterThan(0);

      const hub = await runHubBench({ scenario: simulatorScenario(quiet), completions: 400, warmupSeconds: 1, storage: 'memory', scratchDir, consumersMax: 2, senders: 4, backlogMax: 100, log: quiet });
      const { measured } = hub;
      expect(measured.verification.mismatches, JSON.stringify(measured.verification.examples)).toBe(0);
      expect(measured.verification.matching).toBe(measured.verification.people);
      expect(measured.verification.people).toBeGreaterThan(0);
      expect(measured.deadLettered).toBe(0);
      expect(measured.statusesNot200).toBe(0);
      expect(Object.keys(measured.recordsByPlatform).sort()).toEqual(['hnu', 'jxnu', 'wangti']);
      // Every completion costs at least a share of a ledger write and an index item, counted from the hub's own calls.
      expect(measured.perCompletion.byCommand['DynamoDB PutItem ledgers']).toBeGreaterThan(0.3);
      expect(measured.perCompletion.writeUnits).toBeGreaterThan(1);
      expect(measured.perCompletion.indexWriteUnits).toBeGreaterThan(0);
      expect(measured.queueToLedgerMs.count).toBeGreaterThan(0);
      expect(measured.cpuSeconds.java).toBeGreaterThan(0);
      const value = ratio(measured.recordsPerSecond, ceiling.best.putsPerSecond);
      expect(value).toBeGreaterThan(0);
      expect(Number.isFinite(value)).toBe(true);
    },
    benchTimeoutMs,
  );

  it(
    "prices every kind of hub call in plain puts' worth, the plain put being one",
    async () => {
      const costs = await measureCallCosts({ storage: 'memory', scratchDir, warmupSeconds: 1, trialSeconds: 1, log: quiet });
      expect(costs.map((c) => c.call)).toHaveLength(6);
      expect(costs[0]?.putsWorth).toBe(1);
      for (const cost of costs) {
        expect(cost.itemsPerSecond, cost.call).toBeGreaterThan(0);
        expect(cost.javaMsPerItem, cost.call).toBeGreaterThan(0);
      }
    },
    benchTimeoutMs,
  );
});
