import { appendFileSync } from 'node:fs';
/** The model property over groups of cases, shared by the test and `npm run model`. */
import fc from 'fast-check';
import type { Discrepancy } from './compare.js';
import type { ModelHarness } from './harness.js';
import type { RenderedCase } from './deliveries.js';
import { casePlan, type CasePlan } from './plans.js';

/** Even generated numbers are shown to their last 4 characters only (house rule). */
const maskIds = (text: string): string => text.replace(/\d{14}(\d{3}[\dXx])/g, '…$1');

export const modelTestSettings = {
  groups: 10,
  casesPerGroup: 25,
  seed: Number(process.env.MODEL_SEED ?? Date.now() % 2_147_483_647),
  // Generous: the 2-core machine may be shared; a quiet run takes about a minute.
  timeoutMs: 600_000,
} as const;

/** Shown when a group fails: its discrepancies and the plan of each case with one. */
export class ModelDiscrepancyError extends Error {
  override readonly name = 'ModelDiscrepancyError';
  constructor(
    readonly discrepancies: readonly Discrepancy[],
    readonly plans: ReadonlyMap<number, CasePlan>,
    readonly rendered: ReadonlyMap<number, RenderedCase>,
  ) {
    const cases = [...new Set(discrepancies.map((d) => d.caseNo))];
    super(
      [
        `${discrepancies.length} discrepancies in ${cases.length} case(s):`,
        ...discrepancies.slice(0, 40).map((d) => `  case ${d.caseNo}: ${d.what}`),
        ...cases
          .slice(0, 2)
          .flatMap((c) => [
            `plan of case ${c}: ${JSON.stringify(plans.get(c))}`,
            `deliveries of case ${c} (IDs masked): ${maskIds(JSON.stringify(rendered.get(c)?.deliveries))}`,
          ]),
      ].join('\n'),
    );
  }
}

let nextCaseNo = 1;

export interface GroupFigures {
  groups: number;
  cases: number;
  deliveries: number;
  records: number;
}
export const figures: GroupFigures = { groups: 0, cases: 0, deliveries: 0, records: 0 };

export const groupProperty = (harness: ModelHarness, casesPerGroup: number) =>
  fc.asyncProperty(fc.array(casePlan(), { minLength: casesPerGroup, maxLength: casesPerGroup }), async (plans) => {
    const first = nextCaseNo;
    nextCaseNo += plans.length;
    const report = await harness.runGroup(plans, first);
    figures.groups += 1;
    figures.cases += plans.length;
    figures.deliveries += report.deliveries;
    figures.records += report.records;
    if (process.env.MODEL_DUMP)
      appendFileSync(process.env.MODEL_DUMP, `${report.runs.map((r) => JSON.stringify(r.rendered)).join('\n')}\n`);
    if (report.discrepancies.length > 0)
      throw new ModelDiscrepancyError(
        report.discrepancies,
        new Map(plans.map((p, i) => [first + i, p])),
        new Map(report.runs.map((r) => [r.rendered.caseNo, r.rendered])),
      );
  });

export const describeDiscrepancies = <T>(report: fc.RunDetails<T>): string =>
  report.failed
    ? `seed ${report.seed}: ${report.errorInstance instanceof Error ? report.errorInstance.message : String(report.errorInstance)}`
    : '';
