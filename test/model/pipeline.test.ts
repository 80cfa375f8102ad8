/**
 * The adversarial model test of the whole pipeline (issue 11): deliveries drawn from the spec's
 * whole space go through the real webhooks and the real poller on the local runtime, and every
 * ledger, transcript, webhook answer and failure is compared with a model written from
 * rules.md and platforms.md alone (test/model/spec/, which imports nothing of the hub).
 * `npm run model -- --runs N` runs many more groups.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDiscrepancies, groupProperty, modelTestSettings } from './property.js';
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
      const report = await fc.check(groupProperty(harness, modelTestSettings.casesPerGroup), { numRuns: modelTestSettings.groups, endOnFailure: true, seed: modelTestSettings.seed });
      expect(report.failed, describeDiscrepancies(report)).toBe(false);
    },
    modelTestSettings.timeoutMs,
  );
});
