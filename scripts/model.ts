/**
 * `npm run model -- --runs N [--seed S] [--cases C]`: the model test (test/model/) at scale. Runs
 * N groups of C cases (default 25) through one local hub, compares each with the model of the
 * spec, and prints the figures and every kind of discrepancy with an example. Exit code 1 when
 * any group differs. `--avoid future-versions,jxnu-over-limit,…` takes out the inputs of findings
 * already known (test/model/avoid.ts), to see what else differs meanwhile.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { startModelHarness } from '../test/model/harness.js';
import { avoidable, planWithout, type Avoidable } from '../test/model/avoid.js';
import { casePlan } from '../test/model/plans.js';
import { signatureOf, type Discrepancy } from '../test/model/compare.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    seed: { type: 'string' },
    cases: { type: 'string', default: '25' },
    avoid: { type: 'string', default: '' },
  },
});
const avoid = new Set(values.avoid.split(',').filter(Boolean) as Avoidable[]);
for (const name of avoid)
  if (!avoidable.includes(name)) throw new Error(`--avoid: ${name} is not one of ${avoidable.join(', ')}`);
const runs = Number(values.runs);
const casesPerGroup = Number(values.cases);
const seed = values.seed === undefined ? Date.now() % 2_147_483_647 : Number(values.seed);
if (
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(casesPerGroup) ||
  casesPerGroup < 1 ||
  !Number.isInteger(seed)
) {
  console.error('usage: npm run model -- --runs N [--seed S] [--cases C]   (positive integers)');
  process.exit(2);
}

process.env.LOG_LEVEL ??= 'ERROR';
const harness = await startModelHarness();
const started = Date.now();
const found: Discrepancy[] = [];
let cases = 0;
let deliveries = 0;
let records = 0;
let groupsDiffering = 0;
try {
  const groups = fc.sample(fc.array(casePlan(), { minLength: casesPerGroup, maxLength: casesPerGroup }), {
    numRuns: runs,
    seed,
  });
  for (const [i, plans] of groups.entries()) {
    const report = await harness.runGroup(
      plans.map((plan) => planWithout(plan, avoid)),
      1 + i * casesPerGroup,
    );
    cases += plans.length;
    deliveries += report.deliveries;
    records += report.records;
    if (report.discrepancies.length > 0) groupsDiffering += 1;
    found.push(...report.discrepancies);
  }
} finally {
  await harness.stop();
}

const seconds = (Date.now() - started) / 1000;
console.log(
  `model test: seed ${seed}${avoid.size ? ` (avoiding ${[...avoid].join(', ')})` : ''}, ${runs} groups, ${cases} cases, ${deliveries} deliveries, ${records} records judged, ${seconds.toFixed(1)} s (${(cases / seconds).toFixed(1)} cases/s)`,
);
console.log(
  `discrepancies: ${found.length} in ${new Set(found.map((d) => d.caseNo)).size} cases, ${groupsDiffering} of ${runs} groups`,
);
/** Each kind of discrepancy: how many, and the first found. */
const kinds = new Map<string, { count: number; first: Discrepancy }>();
for (const d of found) {
  const kind = kinds.get(signatureOf(d.what));
  kinds.set(signatureOf(d.what), { count: (kind?.count ?? 0) + 1, first: kind?.first ?? d });
}
for (const [kind, { count, first }] of [...kinds].sort((a, b) => b[1].count - a[1].count))
  console.log(`  ${String(count).padStart(5)} × ${kind}\n          e.g. case ${first.caseNo}: ${first.what}`);
process.exitCode = found.length > 0 ? 1 : 0;
