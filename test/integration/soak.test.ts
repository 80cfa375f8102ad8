/**
 * The small soak inside `npm test`: a few thousand events from all three simulated platforms
 * through the local hub with faults injected (DynamoDB errors before and after writes, a
 * ledger writer crashing mid-batch, duplicate SQS sends, the wangti export answering 429 and
 * 5xx and serving pages twice, poll runs killed), compared with the oracle. The full run is
 * `npm run soak` (100,000 events by default).
 */
import { describe, expect, it } from 'vitest';
import { figureLines, runSoak } from '../../scripts/soak/run.js';

const soakEvents = 2_500;
const soakTimeoutMs = 8 * 60_000;

describe('the soak with an oracle', () => {
  it(
    `loses nothing, counts nothing twice, and leaks nothing under faults (${soakEvents} events)`,
    async () => {
      const figures = await runSoak({ events: soakEvents, seed: 'npm-test-1' });
      const report = [...figureLines(figures), ...figures.examples].join('\n');
      expect(figures.events, report).toBeGreaterThan(soakEvents * 0.9);
      expect(
        {
          lost: figures.lost,
          doubleCounted: figures.doubleCounted,
          ledgerDrift: figures.ledgerDrift,
          unexplained: figures.unexplained,
        },
        report,
      ).toEqual({
        lost: 0,
        doubleCounted: 0,
        ledgerDrift: 0,
        unexplained: 0,
      });
      expect(figures.failuresMissing, report).toBe(0);
      expect(figures.failuresVisible, report).toBe(figures.badRecords);
      expect(figures.badRecords, report).toBeGreaterThan(0);
      expect(figures.personalDataInLogs, report).toBe(0);
      const injected = figures.details.find(([name]) => name === 'faults injected')?.[1];
      expect(String(injected), report).toMatch(/dynamo-lost-ack [1-9]/);
    },
    soakTimeoutMs,
  );
});
