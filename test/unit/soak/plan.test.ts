import { describe, expect, it } from 'vitest';
import { soakArgsOf } from '../../../scripts/soak.js';
import {
  deliveriesOf,
  duplicateShare,
  jxnuBatchRecords,
  movingCorrectionShare,
  planSoak,
} from '../../../scripts/soak/plan.js';
import { jxnuBatchesOf } from '../../../sim/jxnu.js';
import { generateScenario } from '../../../sim/scenario.js';

const runOf = (events: number, seed: string) => {
  const plan = planSoak({ events, seed, faults: true });
  const scenario = generateScenario({ seed, ...plan.scenario });
  return {
    plan,
    scenario,
    deliveries: deliveriesOf(scenario, seed, (records) => jxnuBatchesOf(records, jxnuBatchRecords)),
  };
};

describe('the soak plan', () => {
  it('gives the same events, duplicates and fault positions for the same seed, and others for another', () => {
    const a = runOf(3_000, 's1');
    const b = runOf(3_000, 's1');
    expect(JSON.stringify(b.deliveries.hnu)).toBe(JSON.stringify(a.deliveries.hnu));
    expect(b.plan.faults).toBe(a.plan.faults);
    expect([...b.plan.wangti.killedRuns]).toEqual([...a.plan.wangti.killedRuns]);
    expect(JSON.stringify(runOf(3_000, 's2').deliveries.hnu)).not.toBe(JSON.stringify(a.deliveries.hnu));
  });

  it('comes near the events asked for, with about 5 % bad records and retries on top of the scenario', () => {
    const { plan, scenario, deliveries } = runOf(10_000, 's3');
    expect(deliveries.events).toBeGreaterThan(9_000);
    expect(deliveries.events).toBeLessThan(11_000);
    expect(plan.scenario.badRecords).toBe(500);
    const extra = deliveries.hnu.length - scenario.hnu.length;
    expect(extra / scenario.hnu.length).toBeGreaterThan(duplicateShare * 0.7);
    expect(extra / scenario.hnu.length).toBeLessThan(duplicateShare * 1.3 + movingCorrectionShare);
  });

  it('adds corrections that move records to another person or year, each newer than what it corrects, and gives them to the oracle too', () => {
    const { scenario, deliveries } = runOf(10_000, 's4');
    expect(deliveries.moves).toBeGreaterThan(50);
    const moved = deliveries.hnu.filter((d) => d.eventId.endsWith('_moved'));
    expect(moved.length).toBeGreaterThan(0);
    for (const move of moved) {
      const recordId = (move.body.data as { recordId: string }).recordId;
      const earlier = scenario.hnu.filter((d) => (d.body.data as { recordId: string }).recordId === recordId);
      for (const before of earlier)
        expect(Date.parse(String(move.body.occurredAt))).toBeGreaterThan(Date.parse(String(before.body.occurredAt)));
    }
    expect(deliveries.oracle.hnu).toHaveLength(scenario.hnu.length + moved.length);
    expect(deliveries.oracle.jxnu).toHaveLength(deliveries.jxnu.length);
  });

  it('turns every fault off when asked', () => {
    const plan = planSoak({ events: 1_000, seed: 's', faults: false });
    expect(plan.faults).toBeUndefined();
    expect(plan.wangti.killedRuns.size).toBe(0);
  });
});

describe('the soak command line', () => {
  it('reads --events and --seed, with defaults, and names a bad option', () => {
    expect(soakArgsOf(['--events', '100_000', '--seed', '42'])).toEqual({ events: 100_000, seed: '42', faults: true });
    expect(soakArgsOf([])).toMatchObject({ events: 100_000, seed: '1' });
    expect(soakArgsOf(['--no-faults'])).toMatchObject({ faults: false });
    expect(() => soakArgsOf(['--events', 'many'])).toThrow(/--events must be a whole number/);
    expect(() => soakArgsOf(['--event', '5'])).toThrow(/unknown option --event/);
  });
});
