/**
 * The wangti export poller through the local runtime: the spec's example page to the ledgers it
 * implies, a run killed between enqueueing and storing its cursor (nothing lost, nothing counted
 * twice), 429 / 5xx / 401 from the export, and pages served twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWangtiPoll } from '../../functions/wangti-poller.js';
import type { RunningHub } from '../../local/hub.js';
import { compareScenarioLedgers } from '../support/scenario-ledgers.js';
import { startTestHub } from '../support/local-hub.js';
import { startOnePageExport, type OnePageExport } from '../support/one-page-export.js';
import type { PollerStatePort } from '../../shared/platforms/wangti/poll-loop.js';
import { expectLedgers } from '../../sim/expected.js';
import { generateScenario } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import { exampleText, portalLedgerOf } from '../support/hub-client.js';
import { opsGet } from '../support/ops-client.js';

let hub: RunningHub;
/** Serves the example page byte for byte, once, then an empty drained page. */
let exampleExport: OnePageExport | undefined;
let simulator: WangtiServer;

beforeAll(async () => {
  exampleExport = await startOnePageExport({
    token: 'dev-wangti-token',
    page: exampleText('wangti-export-page.csv'),
    nextCursor: 'after-example',
  });
  simulator = await startWangtiServer({ token: 'dev-wangti-token' });
  hub = await startTestHub({
    env: { WANGTI_BASE_URL: exampleExport.baseUrl, HUB_ACTIVITY_FLUSH_SECONDS: '0' },
  });
});
afterAll(async () => {
  await hub?.stop();
  await simulator?.stop();
  await exampleExport?.stop();
});

const ledgerOf = (idCardNo: string, year = 2024) => portalLedgerOf(hub.baseUrl, idCardNo, year);

/** Points the running hub's poller at another export, from the stored cursor's beginning. */
const pointAt = (baseUrl: string) => {
  process.env.WANGTI_BASE_URL = baseUrl;
};

describe('the wangti poller', () => {
  it('reads the example page and gives the ledgers it implies', async () => {
    const summary = (await hub.runSchedule('wangtiPoller')) as {
      outcome: string;
      pagesRead: number;
      recordsTaken: number;
    };
    expect(summary).toMatchObject({
      outcome: 'drained',
      pagesRead: 1,
      recordsTaken: 5,
      rowsRejected: 0,
      cursor: 'after-example',
    });
    await hub.idle();
    expect(await ledgerOf('360102198001011235')).toMatchObject({
      professionalHours: 2.5,
      entries: 1,
      byTopic: { 新材料: 2.5 },
    });
    expect(await ledgerOf('360702199007204414')).toMatchObject({ publicHours: 10, entries: 1 });
    // 周八: 电子信息 3 学时 counted; WT-88000077 withdrawn (撤销), recorded, not counted.
    expect(await ledgerOf('361102197511110061')).toMatchObject({ professionalHours: 3, entries: 1 });
    // 吴九: completed 2025/01/10 for training year 2024: makeup study in 2024.
    expect(await ledgerOf('360721199202290038')).toMatchObject({ professionalHours: 4, entries: 1 });
    expect((await ledgerOf('360721199202290038', 2025)).entries).toBe(0);
  });

  it('shows its state to operators: cursor, last success, lag', async () => {
    const health = await opsGet(hub.baseUrl, '/ops/health');
    const wangti = health.body.platforms.find((p: { platform: string }) => p.platform === 'wangti');
    expect(wangti.poller).toMatchObject({ cursor: 'after-example', lastError: null, lagSeconds: 0 });
    expect(wangti.poller.lastSuccessAt).toEqual(expect.any(String));
  });

  it('loses nothing and counts nothing twice when a run dies between enqueueing a page and storing its cursor', async () => {
    const scenario = generateScenario({ seed: 'poller-crash', people: 8, completions: 90 });
    simulator.append(scenario.wangti);
    pointAt(simulator.url);
    // Dies at the third cursor write: pages 1-2 stored, page 3 enqueued but not stored; nothing after works (the process is gone).
    let saves = 0;
    const dying = (state: PollerStatePort): PollerStatePort => ({
      acquire: (...args) => state.acquire(...args),
      saveCursor: async (...args) => {
        saves += 1;
        if (saves >= 3) throw new Error('killed');
        return state.saveCursor(...args);
      },
      finish: async () => {
        throw new Error('killed');
      },
    });
    // The lease outlasts the dying run however loaded the machine (the next run must find it held), then is waited out.
    const leaseSeconds = 20;
    const leasedAt = Date.now();
    await expect(runWangtiPoll({ limit: 10, leaseSeconds, wrapState: dying })).rejects.toThrow('killed');
    expect((await runWangtiPoll({ limit: 10 })).outcome).toBe('busy');
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, leasedAt + leaseSeconds * 1000 + 100 - Date.now())));
    const again = await runWangtiPoll({ limit: 10 });
    expect(again.outcome).toBe('drained');
    await hub.idle();
    const expectation = expectLedgers({ hnu: [], jxnu: [], wangti: scenario.wangti, now: new Date() });
    const { differences, compared } = await compareScenarioLedgers(hub, scenario, expectation);
    expect(compared).toBe(16);
    expect(differences).toEqual([]);
  });

  it('waits out a 429, backs off a 5xx, and still reads pages served twice exactly once into the ledgers', async () => {
    const scenario = generateScenario({ seed: 'poller-faults', people: 6, completions: 60 });
    simulator.append(scenario.wangti);
    simulator.failNext(1, 429, 1);
    simulator.failNext(2, 503);
    simulator.servePagesTwice(2);
    const summary = await runWangtiPoll({ limit: 7 });
    expect(summary).toMatchObject({ outcome: 'drained', ok: true });
    await hub.idle();
    const expectation = expectLedgers({ hnu: [], jxnu: [], wangti: scenario.wangti, now: new Date() });
    const { differences } = await compareScenarioLedgers(hub, scenario, expectation);
    expect(differences).toEqual([]);
    expect(simulator.stats.faultsServed).toBe(3);
  });

  it('keeps the cursor when the export asks to wait longer than a run may', async () => {
    const before = (await opsGet(hub.baseUrl, '/ops/health')).body.platforms.find(
      (p: { platform: string }) => p.platform === 'wangti',
    ).poller.cursor;
    simulator.append(generateScenario({ seed: 'poller-429', people: 2, completions: 6 }).wangti);
    simulator.failNext(1, 429, 600);
    const summary = await runWangtiPoll({ limit: 5 });
    expect(summary).toMatchObject({ outcome: 'rate-limited', ok: false, pagesRead: 0, cursor: before });
    expect((await runWangtiPoll({ limit: 5 })).outcome).toBe('drained');
  });

  it('reports a 401 as an operator-visible failure, once per run', async () => {
    simulator.setToken('a-new-token-the-hub-does-not-have');
    const summary = await runWangtiPoll();
    expect(summary).toMatchObject({ outcome: 'unauthorized', ok: false, error: 'unauthorized' });
    const failures = await opsGet(hub.baseUrl, '/ops/failures?platform=wangti&reason=poller-unauthorized');
    expect(failures.body.failures).toHaveLength(1);
    const health = await opsGet(hub.baseUrl, '/ops/health');
    const wangti = health.body.platforms.find((p: { platform: string }) => p.platform === 'wangti');
    expect(wangti.poller).toMatchObject({ lastError: 'unauthorized' });
    expect(wangti.status).toBe('attention');
    simulator.setToken('dev-wangti-token');
  });
});
