/**
 * One soak run (scripts/soak.ts prints it; test/integration/soak.test.ts runs a small one):
 *
 * 1. plan from the seed (plan.ts) and generate the platforms' traffic (sim/scenario.ts);
 * 2. start the wangti export simulator and the whole hub in this process (local/hub.ts), its
 *    DynamoDB in memory, with HUB_FAULTS from the plan, and capture all its log output;
 * 3. deliver: hnu from concurrent senders (retries, bursts of one person), jxnu batches in
 *    order (some twice), wangti polled again and again (429, 5xx, pages twice, runs killed);
 * 4. wait until the hub is idle; then, faults off, do what an operator would: redrive the
 *    dead-letter queue until it stays empty, poll once more;
 * 5. read every ledger (the table) and every person's totals (the portal API) and every
 *    failure (the ops API), and compare them with the oracle (sim/expected.ts);
 * 6. scan the captured log for full ID card numbers and generated names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faultKinds, faultsVariable, injectedFaultCounts } from '../../aws/fault-injection.js';
import { sleep } from '../../shared/sleep.js';
import type { RunningHub } from '../../local/hub.js';
import { hubSqsClient, queueDepthOf } from '../../local/hub-queues.js';
import { startInMemoryHub } from '../../local/in-memory-hub.js';
import { createPersonCrypto, type PersonKey } from '../../shared/person/person-key.js';
import type { IdCardNo } from '../../shared/person/id-card.js';
import { defaultRuleBook } from '../../shared/rules/year-rules.js';
import { expectLedgers, type Expectation } from '../../sim/expected.js';
import { queryLedgers } from '../../sim/hub-ledgers.js';
import { jxnuBatchesOf } from '../../sim/jxnu.js';
import { createRandom } from '../../sim/random.js';
import { generateScenario } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import { callOps, type OpsTarget } from '../ops/client.js';
import { compareLedgers } from './compare.js';
import { driveHnu, driveJxnu, driveWangti, hnuSendersDefault, type PollRun } from './drive.js';
import { badRecordsOf, comparableLedgersOf, visibilityOf } from './expectation.js';
import { readAllFailures, readAllLedgers } from './hub-reads.js';
import { startLogCapture, type LogCapture } from './log-capture.js';
import { createPersonalDataScanner } from './personal-data.js';
import { deliveriesOf, jxnuBatchRecords, planSoak, wangtiPageRows } from './plan.js';
import { queueNames } from '../../infra/topology.js';

export interface SoakOptions {
  readonly events: number;
  readonly seed: string;
  /** In-process and export faults (default on). */
  readonly faults?: boolean;
  readonly hnuSenders?: number;
  /** Progress lines (to the terminal, not the captured log). */
  readonly progress?: (line: string) => void;
  /** Keep the captured log here instead of deleting it. */
  readonly keepLogIn?: string;
}

export interface SoakFigures {
  readonly seed: string;
  readonly events: number;
  readonly lost: number;
  readonly doubleCounted: number;
  readonly ledgerDrift: number;
  readonly failuresVisible: number;
  readonly badRecords: number;
  readonly failuresMissing: number;
  readonly unexplained: number;
  readonly personalDataInLogs: number;
  readonly durationSeconds: number;
  /** Further figures, printed after the main ones. */
  readonly details: ReadonlyArray<readonly [string, string | number]>;
  /** First differences found, to start looking from (no personal data). */
  readonly examples: readonly string[];
}

/** The figures that must be zero, and the reasons the run failed. */
export const problemsOf = (figures: SoakFigures): string[] => [
  ...(figures.lost > 0 ? [`${figures.lost} lost`] : []),
  ...(figures.doubleCounted > 0 ? [`${figures.doubleCounted} double-counted`] : []),
  ...(figures.ledgerDrift > 0 ? [`${figures.ledgerDrift} ledgers drifted`] : []),
  ...(figures.unexplained > 0 ? [`${figures.unexplained} unexplained`] : []),
  ...(figures.failuresMissing > 0 ? [`${figures.failuresMissing} bad records not visible as failures`] : []),
  ...(figures.personalDataInLogs > 0 ? [`${figures.personalDataInLogs} pieces of personal data in the logs`] : []),
];

export const figureLines = (figures: SoakFigures): string[] => [
  `seed: ${figures.seed}`,
  `events: ${figures.events}`,
  `lost: ${figures.lost}`,
  `double-counted: ${figures.doubleCounted}`,
  `ledger drift: ${figures.ledgerDrift}`,
  `failures visible: ${figures.failuresVisible}`,
  `bad records: ${figures.badRecords}`,
  `unexplained: ${figures.unexplained}`,
  `personal data in logs: ${figures.personalDataInLogs}`,
  ...figures.details.map(([name, value]) => `${name}: ${value}`),
  `duration: ${figures.durationSeconds} s`,
];

const idleTimeoutMs = 45 * 60_000;
const redriveRoundsMax = 5;
const wangtiRunsMax = 2_000;
const years = [2024, 2025];
const examplesShownMax = 5;

/** The soak's own keys: the hub is started with these, the platforms sign with them. */
const keysOf = (seed: string) => ({
  hnuSecret: 'soak-hnu-secret-1',
  jxnuAppId: 'jxnu-soak',
  jxnuSecret: 'soak-jxnu-secret',
  wangtiToken: 'soak-wangti-token',
  portal: 'soak-portal-key-0123',
  ops: 'soak-ops-key-0123',
  person: `soak-person-key-${seed}-0123456789`,
});
type SoakKeys = ReturnType<typeof keysOf>;

const deadLetterDepth = async (hub: RunningHub): Promise<number> => {
  const sqs = hubSqsClient(hub.sqsEndpoint);
  try {
    // Every queue's dead letters: the redrive moves them all back.
    const depths = await Promise.all(queueNames.map((queue) => queueDepthOf(sqs, hub.deadLetterQueueUrl(queue))));
    return depths.reduce((sum, depth) => sum + depth.visible + depth.inFlight, 0);
  } finally {
    sqs.destroy();
  }
};

/** What an operator does after an incident: redrive the dead letters until none are left. */
const redriveUntilEmpty = async (hub: RunningHub, ops: OpsTarget): Promise<number> => {
  let redriven = 0;
  for (let round = 0; round < redriveRoundsMax; round += 1) {
    const depth = await deadLetterDepth(hub);
    if (depth === 0) return redriven;
    redriven += depth;
    await callOps(ops, 'POST', '/ops/dead-letters/redrive');
    for (let waited = 0; waited < 60 && (await deadLetterDepth(hub)) > 0; waited += 1) await sleep(500);
    await hub.idle(idleTimeoutMs);
  }
  return redriven;
};

/** The traffic of one run (plan.ts and sim/), and what the oracle says the ledgers must be. */
const prepare = (options: SoakOptions) => {
  const faults = options.faults ?? true;
  const plan = planSoak({ events: options.events, seed: options.seed, faults });
  const scenario = generateScenario({ seed: options.seed, ...plan.scenario });
  const deliveries = deliveriesOf(scenario, options.seed, (records) => jxnuBatchesOf(records, jxnuBatchRecords));
  const expectation: Expectation = expectLedgers({ ...deliveries.oracle, now: new Date() });
  options.progress?.(
    `[soak] soak ${options.seed}: ${deliveries.events} events (${deliveries.hnu.length} hnu, ${deliveries.jxnu.length} jxnu records, ${deliveries.wangti.length} wangti rows), ${scenario.people.length} people, faults ${faults ? 'on' : 'off'}`,
  );
  return { plan, scenario, deliveries, expectation };
};
type Prepared = ReturnType<typeof prepare>;

const startSoakHub = (keys: SoakKeys, wangti: WangtiServer, faults: string | undefined): Promise<RunningHub> =>
  startInMemoryHub({
    env: {
      HNU_WEBHOOK_SECRETS: keys.hnuSecret,
      JXNU_APP_ID: keys.jxnuAppId,
      JXNU_APP_SECRET: keys.jxnuSecret,
      WANGTI_BASE_URL: wangti.url,
      WANGTI_TOKEN: keys.wangtiToken,
      PORTAL_API_KEYS: `portal:${keys.portal}`,
      OPS_API_KEYS: `ops:${keys.ops}`,
      PERSON_KEY_SECRET: keys.person,
      ...(faults ? { [faultsVariable]: faults } : {}),
    },
  });

/** The three platforms at once: hnu and jxnu push, the wangti export is polled until they are done and it is drained. */
const deliver = async (
  hub: RunningHub,
  wangti: WangtiServer,
  keys: SoakKeys,
  { plan, deliveries }: Prepared,
  options: SoakOptions,
) => {
  const { runWangtiPoll } = await import('../../functions/wangti-poller.js');
  const pollRun: PollRun = (poll) => runWangtiPoll(poll);
  const timings: string[] = [];
  const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
    const at = Date.now();
    try {
      return await work;
    } finally {
      timings.push(`${name} ${Math.round((Date.now() - at) / 1000)} s`);
    }
  };
  let pushing = true;
  const sending = Promise.all([
    timed('hnu', driveHnu(hub.baseUrl, keys.hnuSecret, deliveries.hnu, options.hnuSenders ?? hnuSendersDefault)),
    timed(
      'jxnu',
      driveJxnu(
        hub.baseUrl,
        { appId: keys.jxnuAppId, secret: keys.jxnuSecret },
        deliveries.jxnu,
        jxnuBatchRecords,
        deliveries.jxnuSentTwice,
      ),
    ),
  ]).finally(() => {
    pushing = false;
  });
  const wangtiRandom = createRandom(options.seed).fork('soak-wangti');
  const [[hnu, jxnu], export_] = await Promise.all([
    sending,
    timed(
      'wangti',
      driveWangti(wangti, pollRun, plan.wangti, wangtiRandom, wangtiPageRows, () => !pushing, wangtiRunsMax),
    ),
  ]);
  return { hnu, jxnu, export_, timings, runWangtiPoll };
};
type Delivered = Awaited<ReturnType<typeof deliver>>;

/** Faults off, what an operator would do: redrive the dead-letter queue until it stays empty, poll once more. */
const recover = async (hub: RunningHub, keys: SoakKeys, { plan }: Prepared, seed: string, delivered: Delivered) => {
  await hub.idle(idleTimeoutMs);
  if (plan.faults) process.env[faultsVariable] = `seed=${seed}`;
  const deadLettered = await redriveUntilEmpty(hub, { baseUrl: hub.baseUrl, key: keys.ops });
  const lastPoll = await delivered.runWangtiPoll({ limit: wangtiPageRows, leaseSeconds: 2, owner: 'soak-last-run' });
  await hub.idle(idleTimeoutMs);
  return { deadLettered, lastPoll };
};

/** The portal's view of every generated person, each year, against the oracle's totals. */
const portalDriftOf = async (
  hub: RunningHub,
  keys: SoakKeys,
  { scenario, expectation }: Prepared,
  personKeyOf: (idCardNo: string) => string,
  examples: string[],
): Promise<number> => {
  let drift = 0;
  const people = scenario.people.map((person) => person.idCardNo);
  for (const year of years) {
    for (const seen of await queryLedgers(hub.baseUrl, keys.portal, year, people)) {
      const want = expectation.ledgerOf(seen.idCardNo, year);
      const same =
        Math.round(seen.publicHours * 100) === want.publicHundredths &&
        Math.round(seen.professionalHours * 100) === want.professionalHundredths &&
        seen.entries === want.entries;
      if (same) continue;
      drift += 1;
      if (drift <= examplesShownMax)
        examples.push(
          `portal drift: ${personKeyOf(seen.idCardNo)}#${year}: the portal shows ${seen.totalHours} 学时 in ${seen.entries} entries; the oracle has ${want.totalHundredths / 100} in ${want.entries}`,
        );
    }
  }
  return drift;
};

/** Every ledger, the portal's totals and every failure the hub holds, against the oracle. */
const judge = async (hub: RunningHub, keys: SoakKeys, prepared: Prepared, examples: string[]) => {
  const crypto = createPersonCrypto(keys.person);
  const personKeyOf = (idCardNo: string) => crypto.personKey(idCardNo as IdCardNo) as PersonKey as string;
  const ledgers = await readAllLedgers(hub.dynamoEndpoint, hub.tableName('ledgers'));
  const verdict = compareLedgers(comparableLedgersOf(prepared.expectation, personKeyOf), ledgers, defaultRuleBook);
  for (const example of verdict.examples) examples.push(`${example.figure}: ${example.where}: ${example.what}`);
  const portalDrift = await portalDriftOf(hub, keys, prepared, personKeyOf, examples);
  const failures = await readAllFailures({ baseUrl: hub.baseUrl, key: keys.ops });
  const visibility = visibilityOf(badRecordsOf(prepared.expectation), failures);
  for (const key of visibility.missing.slice(0, examplesShownMax)) examples.push(`not visible as a failure: ${key}`);
  for (const key of visibility.unexpected.slice(0, examplesShownMax)) examples.push(`refused although good: ${key}`);
  return { verdict, portalDrift, visibility };
};
type Judged = Awaited<ReturnType<typeof judge>>;

const detailsOf = (
  { deliveries, expectation, scenario }: Prepared,
  { hnu, jxnu, export_, timings }: Delivered,
  { deadLettered, lastPoll }: Awaited<ReturnType<typeof recover>>,
  { verdict, visibility }: Judged,
  examples: string[],
): Array<readonly [string, string | number]> => {
  const gaveUp = [...hnu.gaveUp, ...jxnu.gaveUp];
  const injected = injectedFaultCounts();
  for (const line of gaveUp.slice(0, examplesShownMax)) examples.push(`given up: ${line}`);
  for (const line of export_.runErrors.slice(0, 3)) examples.push(`poll run failed (the next run went on): ${line}`);
  return [
    [
      'ledgers checked',
      `${verdict.ledgersFound} (oracle ${verdict.ledgersExpected}), portal ${scenario.people.length * years.length}`,
    ],
    ['records counted', verdict.recordsCounted],
    ['records moved by a correction', deliveries.moves],
    ['failures missing', visibility.missing.length],
    ['other failures', visibility.other],
    ['deliveries given up', gaveUp.length],
    ['dead-lettered and redriven', deadLettered],
    ['faults injected', faultKinds.map((kind) => `${kind} ${injected[kind]}`).join(', ')],
    [
      'wangti export',
      `${export_.runs} poll runs, ${export_.killed} killed, ${export_.runErrors.length} failed, 429 ${export_.rateLimited}, 5xx ${export_.serverErrors}, pages twice ${export_.pagesTwice}, last run ${lastPoll.outcome}`,
    ],
    ['retried deliveries', `hnu ${hnu.retried}, jxnu batches ${jxnu.retried}`],
    ['oracle ambiguous records', expectation.ambiguous.length],
    ['delivery times', timings.join(', ')],
  ];
};

/** Runs the hub and the platforms against each other, faults and all, and judges what the hub holds. */
const runAgainstHub = async (
  prepared: Prepared,
  options: SoakOptions,
  capture: LogCapture,
  startedAt: number,
  examples: string[],
) => {
  // Progress goes to the real terminal, past the capture (whose file holds only what the hub wrote).
  const sayNow = (line: string) => {
    if (options.progress) capture.sayError(`[soak] ${line}`);
  };
  const keys = keysOf(options.seed);
  let hub: RunningHub | undefined;
  let wangti: WangtiServer | undefined;
  try {
    wangti = await startWangtiServer({ token: keys.wangtiToken, rows: prepared.deliveries.wangti });
    hub = await startSoakHub(keys, wangti, prepared.plan.faults);
    const delivered = await deliver(hub, wangti, keys, prepared, options);
    sayNow(`delivered in ${Math.round((Date.now() - startedAt) / 1000)} s; waiting for the queue to drain`);
    const recovered = await recover(hub, keys, prepared, options.seed, delivered);
    sayNow(
      `idle after ${Math.round((Date.now() - startedAt) / 1000)} s (${recovered.deadLettered} dead letters redriven); comparing with the oracle`,
    );
    const judged = await judge(hub, keys, prepared, examples);
    return { ...judged, details: detailsOf(prepared, delivered, recovered, judged, examples) };
  } finally {
    if (prepared.plan.faults) delete process.env[faultsVariable];
    await hub?.stop();
    await wangti?.stop();
  }
};

/** The captured log scanned for full ID card numbers and the generated names. */
const scanLog = async (capture: LogCapture, { scenario }: Prepared, examples: string[]) => {
  const scanner = createPersonalDataScanner(scenario.people.map((person) => person.name));
  for await (const line of capture.lines()) scanner.scanLine(line);
  const personal = scanner.findings();
  for (const example of personal.examples) examples.push(`personal data in the log: ${example}`);
  return personal.idCards + personal.names;
};

export const runSoak = async (options: SoakOptions): Promise<SoakFigures> => {
  const startedAt = Date.now();
  const prepared = prepare(options);
  const dir = mkdtempSync(join(options.keepLogIn ?? tmpdir(), 'hub-soak-'));
  const logPath = join(dir, 'hub.log');
  const capture: LogCapture = startLogCapture(logPath);
  const examples: string[] = [];
  let judged: Awaited<ReturnType<typeof runAgainstHub>>;
  try {
    judged = await runAgainstHub(prepared, options, capture, startedAt, examples);
  } finally {
    await capture.stop();
  }
  const personalDataInLogs = await scanLog(capture, prepared, examples);
  const { verdict, visibility, portalDrift } = judged;
  const details = [...judged.details, ['log scanned', `${capture.bytes} bytes`] as const];
  if (options.keepLogIn === undefined) rmSync(dir, { recursive: true, force: true });
  else details.push(['log kept', logPath]);
  return {
    seed: options.seed,
    events: prepared.deliveries.events,
    lost: verdict.lost,
    doubleCounted: verdict.doubleCounted,
    ledgerDrift: verdict.ledgerDrift + portalDrift,
    failuresVisible: visibility.visible,
    badRecords: visibility.visible + visibility.missing.length,
    failuresMissing: visibility.missing.length,
    unexplained: verdict.unexplained + visibility.unexpected.length,
    personalDataInLogs,
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    details,
    examples,
  };
};
