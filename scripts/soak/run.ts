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
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { faultKinds, faultsVariable, injectedFaultCounts } from '../../aws/fault-injection.js';
import { localCredentials, localRegion } from '../../local/aws-local.js';
import { startHub, type RunningHub } from '../../local/hub.js';
import { createPersonCrypto, type PersonKey } from '../../shared/person/person-key.js';
import type { IdCardNo } from '../../shared/person/id-card.js';
import { defaultRuleBook } from '../../shared/rules/year-rules.js';
import { expectLedgers, type Expectation } from '../../sim/expected.js';
import { jxnuBatchesOf } from '../../sim/jxnu.js';
import { createRandom } from '../../sim/random.js';
import { generateScenario } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import { callOps, type OpsTarget } from '../ops/client.js';
import { compareLedgers, type Verdict } from './compare.js';
import { driveHnu, driveJxnu, driveWangti, hnuSendersDefault, type PollRun } from './drive.js';
import { badRecordsOf, comparableLedgersOf, visibilityOf } from './expectation.js';
import { readAllFailures, readAllLedgers, readPortalTotals } from './hub-reads.js';
import { startLogCapture, type LogCapture } from './log-capture.js';
import { createPersonalDataScanner } from './personal-data.js';
import { deliveriesOf, jxnuBatchRecords, planSoak, wangtiPageRows } from './plan.js';

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
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const deadLetterDepth = async (hub: RunningHub): Promise<number> => {
  const sqs = new SQSClient({ endpoint: hub.sqsEndpoint, region: localRegion, credentials: localCredentials });
  try {
    const answer = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: hub.deadLetterQueueUrl('completions'),
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(answer.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(answer.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
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

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: over 70 lines before the rule came in; to be split into named steps (issue 14)
export const runSoak = async (options: SoakOptions): Promise<SoakFigures> => {
  const startedAt = Date.now();
  const say = (line: string) => options.progress?.(`[soak] ${line}`);
  const faults = options.faults ?? true;
  const plan = planSoak({ events: options.events, seed: options.seed, faults });
  const scenario = generateScenario({ seed: options.seed, ...plan.scenario });
  const deliveries = deliveriesOf(scenario, options.seed, (records) => jxnuBatchesOf(records, jxnuBatchRecords));
  const oracleNow = new Date();
  const expectation: Expectation = expectLedgers({ ...deliveries.oracle, now: oracleNow });
  say(
    `soak ${options.seed}: ${deliveries.events} events (${deliveries.hnu.length} hnu, ${deliveries.jxnu.length} jxnu records, ${deliveries.wangti.length} wangti rows), ${scenario.people.length} people, faults ${faults ? 'on' : 'off'}`,
  );

  const dir = mkdtempSync(join(options.keepLogIn ?? tmpdir(), 'hub-soak-'));
  const logPath = join(dir, 'hub.log');
  const capture: LogCapture = startLogCapture(logPath);
  // Progress goes to the real terminal, past the capture (whose file holds only what the hub wrote).
  const progress = options.progress;
  const sayNow = (line: string) => {
    if (progress) capture.sayError(`[soak] ${line}`);
  };
  const keys = {
    hnuSecret: 'soak-hnu-secret-1',
    jxnuAppId: 'jxnu-soak',
    jxnuSecret: 'soak-jxnu-secret',
    wangtiToken: 'soak-wangti-token',
    portal: 'soak-portal-key-0123',
    ops: 'soak-ops-key-0123',
    person: `soak-person-key-${options.seed}-0123456789`,
  };
  let hub: RunningHub | undefined;
  let wangti: WangtiServer | undefined;
  const details: Array<readonly [string, string | number]> = [];
  let verdict: Verdict;
  let visibility: ReturnType<typeof visibilityOf>;
  let portalDrift = 0;
  const examples: string[] = [];
  let gaveUp: string[] = [];
  const timings: string[] = [];
  try {
    wangti = await startWangtiServer({ token: keys.wangtiToken, rows: deliveries.wangti });
    hub = await startHub({
      port: 0,
      dataDir: null,
      schedules: false,
      quiet: true,
      env: {
        HNU_WEBHOOK_SECRETS: keys.hnuSecret,
        JXNU_APP_ID: keys.jxnuAppId,
        JXNU_APP_SECRET: keys.jxnuSecret,
        WANGTI_BASE_URL: wangti.url,
        WANGTI_TOKEN: keys.wangtiToken,
        PORTAL_API_KEYS: `portal:${keys.portal}`,
        OPS_API_KEYS: `ops:${keys.ops}`,
        PERSON_KEY_SECRET: keys.person,
        ...(plan.faults ? { [faultsVariable]: plan.faults } : {}),
      },
    });
    const running = hub;
    const ops: OpsTarget = { baseUrl: running.baseUrl, key: keys.ops };
    const { runWangtiPoll } = await import('../../functions/wangti-poller.js');
    const pollRun: PollRun = (poll) => runWangtiPoll(poll);

    let pushing = true;
    const timed = async <T>(name: string, work: Promise<T>): Promise<T> => {
      const at = Date.now();
      try {
        return await work;
      } finally {
        timings.push(`${name} ${Math.round((Date.now() - at) / 1000)} s`);
      }
    };
    const sending = Promise.all([
      timed('hnu', driveHnu(running.baseUrl, keys.hnuSecret, deliveries.hnu, options.hnuSenders ?? hnuSendersDefault)),
      timed(
        'jxnu',
        driveJxnu(
          running.baseUrl,
          { appId: keys.jxnuAppId, secret: keys.jxnuSecret },
          deliveries.jxnu,
          jxnuBatchRecords,
          deliveries.jxnuSentTwice,
        ),
      ),
    ]).finally(() => {
      pushing = false;
    });
    const [[hnu, jxnu], export_] = await Promise.all([
      sending,
      timed(
        'wangti',
        driveWangti(
          wangti,
          pollRun,
          plan.wangti,
          createRandom(options.seed).fork('soak-wangti'),
          wangtiPageRows,
          () => !pushing,
          wangtiRunsMax,
        ),
      ),
    ]);
    gaveUp = [...hnu.gaveUp, ...jxnu.gaveUp];
    sayNow(`delivered in ${Math.round((Date.now() - startedAt) / 1000)} s; waiting for the queue to drain`);
    await running.idle(idleTimeoutMs);

    // Recovery, faults off: what an operator does after an incident.
    if (plan.faults) process.env[faultsVariable] = `seed=${options.seed}`;
    const deadLettered = await redriveUntilEmpty(running, ops);
    const lastPoll = await runWangtiPoll({ limit: wangtiPageRows, leaseSeconds: 2, owner: 'soak-last-run' });
    await running.idle(idleTimeoutMs);
    sayNow(
      `idle after ${Math.round((Date.now() - startedAt) / 1000)} s (${deadLettered} dead letters redriven); comparing with the oracle`,
    );

    const crypto = createPersonCrypto(keys.person);
    const personKeyOf = (idCardNo: string) => crypto.personKey(idCardNo as IdCardNo) as PersonKey as string;
    const ledgers = await readAllLedgers(running.dynamoEndpoint, running.tableName('ledgers'));
    verdict = compareLedgers(comparableLedgersOf(expectation, personKeyOf), ledgers, defaultRuleBook);
    for (const example of verdict.examples) examples.push(`${example.figure}: ${example.where}: ${example.what}`);

    // The portal's view of every generated person, each year, against the oracle's totals.
    const people = scenario.people.map((person) => person.idCardNo);
    for (const year of years) {
      for (const seen of await readPortalTotals(running.baseUrl, keys.portal, year, people)) {
        const want = expectation.ledgerOf(seen.idCardNo, year);
        const same =
          Math.round(seen.publicHours * 100) === want.publicHundredths &&
          Math.round(seen.professionalHours * 100) === want.professionalHundredths &&
          seen.entries === want.entries;
        if (!same) {
          portalDrift += 1;
          if (portalDrift <= 5)
            examples.push(
              `portal drift: ${personKeyOf(seen.idCardNo)}#${year}: the portal shows ${seen.totalHours} 学时 in ${seen.entries} entries; the oracle has ${want.totalHundredths / 100} in ${want.entries}`,
            );
        }
      }
    }

    const failures = await readAllFailures(ops);
    visibility = visibilityOf(badRecordsOf(expectation), failures);
    for (const key of visibility.missing.slice(0, 5)) examples.push(`not visible as a failure: ${key}`);
    for (const key of visibility.unexpected.slice(0, 5)) examples.push(`refused although good: ${key}`);

    const injected = injectedFaultCounts();
    details.push(
      [
        'ledgers checked',
        `${verdict.ledgersFound} (oracle ${verdict.ledgersExpected}), portal ${people.length * years.length}`,
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
    );
    for (const line of gaveUp.slice(0, 5)) examples.push(`given up: ${line}`);
    for (const line of export_.runErrors.slice(0, 3)) examples.push(`poll run failed (the next run went on): ${line}`);
  } finally {
    if (plan.faults) delete process.env[faultsVariable];
    try {
      await hub?.stop();
      await wangti?.stop();
    } finally {
      await capture.stop();
    }
  }

  const scanner = createPersonalDataScanner(scenario.people.map((person) => person.name));
  for await (const line of capture.lines()) scanner.scanLine(line);
  const personal = scanner.findings();
  for (const example of personal.examples) examples.push(`personal data in the log: ${example}`);
  details.push(['log scanned', `${capture.bytes} bytes`]);
  if (options.keepLogIn === undefined) rmSync(dir, { recursive: true, force: true });
  else details.push(['log kept', logPath]);

  return {
    seed: options.seed,
    events: deliveries.events,
    lost: verdict.lost,
    doubleCounted: verdict.doubleCounted,
    ledgerDrift: verdict.ledgerDrift + portalDrift,
    failuresVisible: visibility.visible,
    badRecords: visibility.visible + visibility.missing.length,
    failuresMissing: visibility.missing.length,
    unexplained: verdict.unexplained + visibility.unexpected.length,
    personalDataInLogs: personal.idCards + personal.names,
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    details,
    examples,
  };
};
