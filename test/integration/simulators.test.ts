/**
 * All three simulated platforms at once through the local runtime, with faults on the way (the
 * export answering 5xx and serving pages twice, DynamoDB errors and duplicate SQS sends inside
 * the hub): every ledger ends equal to the oracle's, computed from the payloads alone, and every
 * rejected record is a failure operators can see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { compareScenarioLedgers } from '../support/scenario-ledgers.js';
import { quietHubEnv, startTestHub } from '../support/local-hub.js';
import { expectLedgers, oracleInputOf } from '../../sim/expected.js';
import { missingFailures } from '../../sim/hub-failures.js';
import { runSimulators, type PollReport } from '../../sim/run.js';
import { generateScenario } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';

let hub: RunningHub;
let wangti: WangtiServer;

beforeAll(async () => {
  wangti = await startWangtiServer({ token: 'dev-wangti-token' });
  hub = await startTestHub({
    env: {
      WANGTI_BASE_URL: wangti.url,
      HUB_ACTIVITY_FLUSH_SECONDS: '0',
      HUB_FAULTS: 'seed=simulators,dynamo-error=0.01,sqs-duplicate=0.1',
      ...quietHubEnv,
    },
  });
});
afterAll(async () => {
  await hub?.stop();
  await wangti?.stop();
});

describe('the three simulated platforms together', () => {
  it('end with every ledger equal to the oracle and every rejection visible', async () => {
    const scenario = generateScenario({ seed: 'integration', people: 20, completions: 300 });
    wangti.failNext(2, 503);
    wangti.servePagesTwice(2);
    const report = await runSimulators({
      hubUrl: hub.baseUrl,
      scenario,
      wangti,
      credentials: {
        hnuSecret: hub.env.HNU_WEBHOOK_SECRETS as string,
        jxnuAppId: hub.env.JXNU_APP_ID as string,
        jxnuSecret: hub.env.JXNU_APP_SECRET as string,
      },
      pollWangti: async () => (await hub.runSchedule('wangtiPoller')) as PollReport,
    });
    expect(report.hnu.gaveUp).toEqual([]);
    expect(report.jxnu.gaveUp).toEqual([]);
    await hub.idle(60_000);

    const expectation = expectLedgers(oracleInputOf(scenario));
    expect(expectation.ambiguous).toEqual([]);
    expect(report.hnu.accepted).toBe(expectation.accepted.hnu);
    expect(report.jxnu.accepted).toBe(expectation.accepted.jxnu);
    expect(report.hnu.rejected + report.jxnu.rejected).toBe(
      expectation.rejected.filter((r) => r.platform !== 'wangti').length,
    );
    // Every jxnu rejection names the field the oracle expects.
    for (const rejection of report.jxnu.rejections) {
      const expected = expectation.rejected.find((r) => r.platform === 'jxnu' && r.recordId === rejection.recordId);
      expect(rejection.error.split(':')[0]).toBe(expected?.fields[0]);
    }

    const { differences, compared } = await compareScenarioLedgers(hub, scenario, expectation);
    expect(compared).toBe(40);
    expect(differences).toEqual([]);
    expect(await missingFailures(hub.baseUrl, 'dev-ops-key', expectation.rejected)).toEqual([]);
  }, 480_000);
});
