/**
 * `npm run demo`: the whole hub at work with one command. Starts the local hub (or uses the
 * one at HUB_URL), starts the wangti export simulator, runs the three platform simulators for
 * `--people` and `--completions`, waits until every accepted record is in a ledger, prints
 * what happened per platform and a few ledgers, and checks every ledger against the oracle
 * (sim/expected.ts, computed from the payloads alone) and every rejected record against the
 * operators' failures. Exits 1 if any ledger differs or a rejected record is not visible.
 */
import { randomBytes } from 'node:crypto';
import { sleep } from '../shared/sleep.js';
import { developmentDefaults } from '../shared/config.js';
import { expectLedgers, oracleInputOf, type Expectation } from '../sim/expected.js';
import type { LedgerView } from '../shared/api/ledger-view.js';
import type { HealthView } from '../shared/ops/health.js';
import { compareWithHub } from '../sim/hub-ledgers.js';
import { missingFailures, OpsUnavailableError } from '../sim/hub-failures.js';
import { runSimulators, type PollReport, type SimulatorRunReport } from '../sim/run.js';
import { generateScenario } from '../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../sim/wangti-server.js';
import { DemoArgumentError, parseDemoArguments } from './demo/arguments.js';

const say = (line = '') => console.log(line);
// The AWS SDK's notice about Node versions says nothing about the demo; other warnings still print.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'NodeVersionSupportWarning') console.error(`${warning.name}: ${warning.message}`);
});
const portalKey = process.env.DEMO_PORTAL_KEY ?? 'dev-portal-key';
const opsKey = process.env.DEMO_OPS_KEY ?? 'dev-ops-key';
/** How long the demo waits for a running hub's ledgers to settle. */
const settleTimeoutMs = 120_000;
const years = [2024, 2025] as const;

interface Target {
  readonly hubUrl: string;
  readonly wangti: WangtiServer;
  readonly credentials: { hnuSecret: string; jxnuAppId: string; jxnuSecret: string };
  readonly pollWangti: () => Promise<PollReport>;
  /** Resolves when the hub has applied everything enqueued (own hub), or immediately (a running one). */
  readonly idle: () => Promise<void>;
  readonly stop: () => Promise<void>;
  readonly own: boolean;
}

const credentialsFrom = (env: Record<string, string | undefined>) => ({
  hnuSecret: (env.HNU_WEBHOOK_SECRETS ?? developmentDefaults.HNU_WEBHOOK_SECRETS ?? '').split(',')[0]?.trim() ?? '',
  jxnuAppId: env.JXNU_APP_ID ?? developmentDefaults.JXNU_APP_ID ?? '',
  jxnuSecret: env.JXNU_APP_SECRET ?? developmentDefaults.JXNU_APP_SECRET ?? '',
});

const startOwnHub = async (): Promise<Target> => {
  // The handlers' JSON logs and metrics would drown the summary; warnings and errors still print.
  process.env.LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  // Powertools' metrics warn on every invocation without metrics; with POWERTOOLS_DEV they warn through the global console, where this one line is dropped.
  process.env.POWERTOOLS_DEV ??= 'true';
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('No application metrics to publish')) return;
    warn(...args);
  };
  const token = process.env.WANGTI_TOKEN ?? developmentDefaults.WANGTI_TOKEN ?? 'dev-wangti-token';
  const wangti = await startWangtiServer({ token });
  const { startHub } = await import('../local/hub.js');
  say('starting the local hub (DynamoDB Local in memory, SQS server) ...');
  const hub = await startHub({
    port: 0,
    dataDir: null,
    schedules: false,
    quiet: true,
    env: { WANGTI_BASE_URL: wangti.url, HUB_ACTIVITY_FLUSH_SECONDS: '0' },
  });
  say(`hub at ${hub.baseUrl}; wangti export simulator at ${wangti.url}`);
  return {
    hubUrl: hub.baseUrl,
    wangti,
    credentials: credentialsFrom(hub.env),
    pollWangti: async () => (await hub.runSchedule('wangtiPoller')) as PollReport,
    idle: () => hub.idle(120_000),
    stop: async () => {
      await hub.stop();
      await wangti.stop();
    },
    own: true,
  };
};

const useRunningHub = async (hubUrl: string): Promise<Target> => {
  const configured = new URL(
    process.env.WANGTI_BASE_URL ?? developmentDefaults.WANGTI_BASE_URL ?? 'http://127.0.0.1:3101',
  );
  const token = process.env.WANGTI_TOKEN ?? developmentDefaults.WANGTI_TOKEN ?? 'dev-wangti-token';
  const wangti = await startWangtiServer({ token, port: Number(configured.port) });
  say(
    `using the hub at ${hubUrl}; wangti export simulator at ${wangti.url} (the hub's WANGTI_BASE_URL must point here)`,
  );
  return {
    hubUrl,
    wangti,
    credentials: credentialsFrom(process.env),
    pollWangti: async () => {
      const response = await fetch(`${hubUrl}/ops/pollers/wangti/run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opsKey}` },
      });
      if (response.status === 409) return { outcome: 'busy', pagesRead: 0, recordsTaken: 0, rowsRejected: 0 };
      if (response.status !== 200)
        throw new OpsUnavailableError(
          `POST /ops/pollers/wangti/run answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
        );
      return (await response.json()) as PollReport;
    },
    idle: async () => undefined,
    stop: () => wangti.stop(),
    own: false,
  };
};

const health = async (hubUrl: string): Promise<Map<string, Record<string, number>> | undefined> => {
  try {
    const response = await fetch(`${hubUrl}/ops/health`, { headers: { authorization: `Bearer ${opsKey}` } });
    if (response.status !== 200) return undefined;
    const body = (await response.json()) as HealthView;
    return new Map(body.platforms.map((p) => [p.platform, p.last24h]));
  } catch (error) {
    say(`  (GET /ops/health failed: ${(error as Error).message})`);
    return undefined;
  }
};

const pad = (value: string | number, width: number) => String(value).padStart(width);

const printPlatforms = (
  report: SimulatorRunReport,
  expectation: Expectation,
  counts: Map<string, Record<string, number>> | undefined,
) => {
  say('');
  say(
    'platform   received   accepted   duplicate   rejected   (duplicate: versions that changed nothing - retries, pages read again, older versions - as the ledger writer counted them in /ops/health)',
  );
  const rows: Array<[string, number, number, number]> = [
    ['hnu', report.hnu.sent, report.hnu.accepted, report.hnu.rejected],
    ['jxnu', report.jxnu.sent, report.jxnu.accepted, report.jxnu.rejected],
    [
      'wangti',
      report.wangti.recordsTaken + report.wangti.rowsRejected,
      report.wangti.recordsTaken,
      report.wangti.rowsRejected,
    ],
  ];
  for (const [platform, received, accepted, rejected] of rows) {
    const duplicate = counts?.get(platform)?.duplicate;
    say(
      `${platform.padEnd(8)} ${pad(received, 10)} ${pad(accepted, 10)} ${pad(duplicate ?? 'n/a', 11)} ${pad(rejected, 10)}`,
    );
  }
  say(
    `(expected by the oracle: accepted hnu ${expectation.accepted.hnu}, jxnu ${expectation.accepted.jxnu}, wangti rows ${expectation.accepted.wangti}; rejected ${expectation.rejected.length})`,
  );
  say(
    `retried by the senders after a non-2xx or no answer: hnu ${report.hnu.retried} deliveries, jxnu ${report.jxnu.retried} records`,
  );
  say(
    `jxnu went in ${report.jxnu.batches} batch(es); the wangti export (${report.wangti.rows} rows) was read in ${report.wangti.pagesRead} page(s) by ${report.wangti.polls} poll(s)`,
  );
  const gaveUp = [...report.hnu.gaveUp, ...report.jxnu.gaveUp];
  if (gaveUp.length > 0) say(`deliveries given up on: ${gaveUp.length} (first: ${gaveUp[0]})`);
};

const hours = (value: number) => value.toFixed(2).replace(/\.?0+$/, '');

const printSamples = (ledgers: readonly LedgerView[]) => {
  const of2024 = ledgers.filter((l) => l.year === 2024);
  const samples = [
    of2024.find((l) => l.compliant),
    of2024.find((l) => !l.compliant && l.entries > 0),
    ledgers.find((l) => l.year === 2025 && l.entries > 0),
  ].filter((l): l is LedgerView => l !== undefined);
  say('');
  say('sample ledgers (POST /v1/ledgers/query; ID card numbers shown by their last 4 characters):');
  for (const l of samples) {
    const platforms = Object.entries(l.byPlatform)
      .map(([p, h]) => `${p} ${hours(h)}`)
      .join(', ');
    say(
      `  ****${l.idCardNo.slice(-4)} ${l.year}: public ${hours(l.publicHours)} + professional ${hours(l.professionalHours)} = ${hours(l.totalHours)} 学时, ${l.entries} counted entries, ${l.compliant ? 'compliant' : 'not compliant'} (${platforms || 'no hours'})`,
    );
  }
};

/** Compares until equal or the settle time is up (a running hub may still be applying). */
const settle = async (target: Target, expectation: Expectation, idCardNos: readonly string[]) => {
  const deadline = Date.now() + (target.own ? 0 : settleTimeoutMs);
  for (;;) {
    const result = await compareWithHub({ hubUrl: target.hubUrl, portalKey, expectation, idCardNos, years });
    if (result.differences.length === 0 || Date.now() > deadline) return result;
    await sleep(1_000);
  }
};

const main = async (): Promise<number> => {
  const args = parseDemoArguments(process.argv.slice(2));
  const hubUrl = process.env.HUB_URL?.replace(/\/+$/, '');
  const seed = args.seed ?? (hubUrl ? randomBytes(6).toString('hex') : 'demo');
  const scenario = generateScenario({ seed, people: args.people, completions: args.completions });
  say(
    `demo: ${args.people} people, ${args.completions} completions (seed ${seed}): ${scenario.hnu.length} hnu deliveries, ${scenario.jxnu.length} jxnu records, ${scenario.wangti.length} wangti export rows`,
  );
  const target = hubUrl ? await useRunningHub(hubUrl) : await startOwnHub();
  try {
    const report = await runSimulators({
      hubUrl: target.hubUrl,
      scenario,
      wangti: target.wangti,
      credentials: target.credentials,
      pollWangti: target.pollWangti,
      say,
    });
    await target.idle();
    const expectation = expectLedgers(oracleInputOf(scenario));
    const idCardNos = scenario.people.map((p) => p.idCardNo);
    const { differences, ledgers, compared } = await settle(target, expectation, idCardNos);
    printPlatforms(report, expectation, await health(target.hubUrl));
    const compliant = ledgers.filter((l) => l.year === 2024 && l.compliant).length;
    const expectedCompliant = idCardNos.filter((id) => expectation.ledgerOf(id, 2024).compliant).length;
    say('');
    say(`compliant for 2024: ${compliant} of ${args.people} people (the oracle says ${expectedCompliant})`);
    printSamples(ledgers);

    say('');
    say('final check:');
    say(
      `  ledgers: ${compared} (people × ${years.join(', ')}) compared with the oracle: ${differences.length === 0 ? 'all equal' : `${differences.length} difference(s)`}`,
    );
    for (const d of differences.slice(0, 10)) say(`    ${d.who} ${d.year}: ${d.what}`);
    if (expectation.ambiguous.length > 0)
      say(`  note: ${expectation.ambiguous.length} record(s) have versions the oracle cannot order`);
    let failuresOk = true;
    try {
      const missing = await missingFailures(target.hubUrl, opsKey, expectation.rejected);
      failuresOk = missing.length === 0;
      say(
        `  rejected records: ${expectation.rejected.length}, ${failuresOk ? 'every one visible in GET /ops/failures with its reason' : `${missing.length} not visible in GET /ops/failures`}`,
      );
      for (const m of missing.slice(0, 5)) say(`    missing: ${m.platform} ${m.recordId ?? '(no record id)'}`);
    } catch (error) {
      if (!(error instanceof OpsUnavailableError)) throw error;
      say(
        `  rejected records: ${expectation.rejected.length}; not checked against failures: the operators API is not available (${error.message})`,
      );
    }
    const ok =
      differences.length === 0 && failuresOk && report.hnu.gaveUp.length === 0 && report.jxnu.gaveUp.length === 0;
    say(
      `  ${ok ? 'OK: every record accounted for' : 'FAILED'} in ${(report.durationMs / 1000).toFixed(1)} s of sending`,
    );
    return ok ? 0 : 1;
  } finally {
    await target.stop();
  }
};

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof DemoArgumentError) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    console.error('demo failed:', error);
    process.exitCode = 1;
  }
}
