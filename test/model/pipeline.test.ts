/**
 * The adversarial model test of the whole pipeline (issue 11): deliveries drawn from the spec's
 * whole space go through the real webhooks and the real poller on the local runtime, and every
 * ledger, transcript, webhook answer and failure is compared with a model written from
 * rules.md and platforms.md alone (test/model/spec/, which imports nothing of the hub).
 * `npm run model -- --runs N` runs many more groups.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareLedgers } from './compare.js';
import { casePlan } from './plans.js';
import { describeDiscrepancies, groupProperty, modelTestSettings } from './property.js';
import { failuresSince, opsPost } from './wire/hub-client.js';
import { startModelHarness, type ModelHarness } from './harness.js';

let harness: ModelHarness;

beforeAll(async () => {
  harness = await startModelHarness();
});
afterAll(async () => {
  await harness?.stop();
});

describe('the whole pipeline against the model of the spec', () => {
  it(
    `counts every generated delivery as the spec's model does (${modelTestSettings.groups} groups of ${modelTestSettings.casesPerGroup} cases)`,
    async () => {
      const report = await fc.check(groupProperty(harness, modelTestSettings.casesPerGroup), {
        numRuns: modelTestSettings.groups,
        endOnFailure: true,
        seed: modelTestSettings.seed,
      });
      expect(report.failed, describeDiscrepancies(report)).toBe(false);
    },
    modelTestSettings.timeoutMs,
  );

  it(
    'changes no ledger when every failure of a group is replayed, twice (bad input stays bad, nothing is credited twice)',
    async () => {
      const plans = fc.sample(
        fc.array(casePlan(), {
          minLength: modelTestSettings.casesPerGroup,
          maxLength: modelTestSettings.casesPerGroup,
        }),
        { numRuns: 1, seed: modelTestSettings.seed },
      )[0]!;
      const sinceIso = new Date(Date.now() - 1_000).toISOString();
      const report = await harness.runGroup(plans, replayCaseNoFirst);
      expect(report.discrepancies).toEqual([]);
      const failures = (
        await Promise.all(
          ['hnu', 'jxnu', 'wangti'].map((platform) => failuresSince(harness.access, platform, sinceIso)),
        )
      ).flat();
      expect(failures.length).toBeGreaterThan(0);
      for (let round = 1; round <= 2; round += 1) {
        for (const failure of failures)
          expect((await opsPost(harness.access, `/ops/failures/${failure.id}/replay`)).status).toBe(200);
        await harness.idle();
        expect(await compareLedgers(harness.access, report.runs), `after replay round ${round}`).toEqual([]);
      }
    },
    modelTestSettings.timeoutMs,
  );
});

/** Case numbers of the replay test: apart from the property's. */
const replayCaseNoFirst = 800_000;
