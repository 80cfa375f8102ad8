/**
 * One hub for many cases: the local runtime (real DynamoDB Local, SQS server and handlers) with
 * its wangti poller pointed at the test's own export server. A group of cases is sent at once
 * (each case's deliveries in its own order), the export polled through the operators' API, the
 * pipeline drained once, and everything compared with the model.
 */
import type { RunningHub } from '../../local/hub.js';
import { quietHubEnv, startTestHub } from '../support/local-hub.js';
import { compareGroup, type CaseRun, type Discrepancy } from './compare.js';
import type { RenderedCase } from './deliveries.js';
import type { CasePlan } from './plans.js';
import { renderCase } from './render.js';
import { modelOf } from './spec/ledgers.js';
import { startExportServer, type ExportServer } from './wire/export-server.js';
import { opsPost, sendAdjustment, sendHnu, sendJxnu, type Answer, type HubAccess } from './wire/hub-client.js';

const exportToken = 'model-wangti-token';
const pollRunsMax = 20;
/** Poll outcomes after which the cursor is kept and another run reads on (platforms.md: 429 and 5xx are transient). */
const pollOutcomesToRunAgain: ReadonlySet<string> = new Set(['budget-spent', 'server-error', 'rate-limited']);
const drainTimeoutMs = 120_000;
const sendAttemptsMax = 4;
const retryStepMs = 1_000;

export interface ModelHarness {
  readonly access: HubAccess;
  readonly exportServer: ExportServer;
  /** Sends, polls, drains and compares one group of cases, numbered from `firstCaseNo`. */
  runGroup(plans: readonly CasePlan[], firstCaseNo: number): Promise<GroupReport>;
  /** The same for cases already made into deliveries (regressions build them by hand). */
  runCases(cases: readonly RenderedCase[]): Promise<GroupReport>;
  /** Resolves when the pipeline is drained (after a replay, say). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface GroupReport {
  readonly runs: readonly CaseRun[];
  readonly discrepancies: readonly Discrepancy[];
  readonly deliveries: number;
  readonly records: number;
}

/**
 * As the platforms do (platforms.md): a 5xx or no answer is retried, the same event or batch
 * again (a jxnu retry keeps its timestamp, so its records' version time stays what the model
 * judged). A loaded machine can time a handler out; a 5xx that persists is a discrepancy.
 */
const sendAsPlatform = async (send: () => Promise<Answer>): Promise<Answer> => {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await send().catch(
      (error: unknown): Answer => ({ status: 599, body: String(error), text: String(error) }),
    );
    if (answer.status < 500 || attempt >= sendAttemptsMax) return answer;
    await new Promise((resolve) => setTimeout(resolve, attempt * retryStepMs));
  }
};

const sendCase = async (access: HubAccess, rendered: RenderedCase): Promise<CaseRun> => {
  const answers: (Answer | null)[] = [];
  const received: { delivery: RenderedCase['deliveries'][number]; receivedAtMs: number }[] = [];
  for (const delivery of rendered.deliveries) {
    const receivedAtMs = Date.now();
    if (delivery.platform === 'hnu') answers.push(await sendAsPlatform(() => sendHnu(access, delivery)));
    else if (delivery.platform === 'jxnu') answers.push(await sendAsPlatform(() => sendJxnu(access, delivery)));
    else if (delivery.platform === 'portal') answers.push(await sendAsPlatform(() => sendAdjustment(access, delivery)));
    else answers.push(null);
    received.push({ delivery, receivedAtMs: delivery.platform === 'wangti' ? rendered.sentAtMs : receivedAtMs });
  }
  return { rendered, model: modelOf(received), answers };
};

/** Polls until the export is drained (each run reads what its budget allows). */
const pollExport = async (access: HubAccess): Promise<void> => {
  for (let run = 0; run < pollRunsMax; run += 1) {
    const answer = await opsPost(access, '/ops/pollers/wangti/run');
    if (answer.status !== 200)
      throw new Error(`POST /ops/pollers/wangti/run answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const outcome = answer.body.outcome;
    if (outcome === 'drained') return;
    // The next run goes on from the kept cursor, as the schedule's would: the export (this test's server) can be slow on a loaded machine.
    if (!pollOutcomesToRunAgain.has(outcome)) throw new Error(`the wangti poll ended ${JSON.stringify(answer.body)}`);
  }
  throw new Error(`the export was not drained in ${pollRunsMax} poll runs`);
};

/** `name:key,name:key` (hub-api.md's key lists, each key named for its consumer): the first key. */
const firstKey = (list: string | undefined): string => {
  const first = (list ?? '').split(',')[0] ?? '';
  return first.includes(':') ? first.slice(first.indexOf(':') + 1) : first;
};

export const startModelHarness = async (): Promise<ModelHarness> => {
  const exportServer = await startExportServer(exportToken);
  let hub: RunningHub;
  try {
    hub = await startTestHub({
      env: {
        WANGTI_BASE_URL: exportServer.url,
        WANGTI_TOKEN: exportToken,
        HUB_ACTIVITY_FLUSH_SECONDS: '0',
        ...quietHubEnv,
      },
    });
  } catch (error) {
    await exportServer.stop();
    throw error;
  }
  const access: HubAccess = {
    baseUrl: hub.baseUrl,
    hnuSecret: hub.env.HNU_WEBHOOK_SECRETS!.split(',')[0]!,
    jxnuAppId: hub.env.JXNU_APP_ID!,
    jxnuAppSecret: hub.env.JXNU_APP_SECRET!,
    portalKey: firstKey(hub.env.PORTAL_API_KEYS),
    opsKey: firstKey(hub.env.OPS_API_KEYS),
  };
  const runCases = casesRunner(access, exportServer, hub);
  return {
    access,
    exportServer,
    runGroup: (plans, firstCaseNo) => runCases(plans.map((plan, i) => renderCase(plan, firstCaseNo + i, Date.now()))),
    runCases,
    idle: () => hub.idle(drainTimeoutMs),
    stop: async () => {
      await hub.stop();
      await exportServer.stop();
    },
  };
};

const casesRunner =
  (access: HubAccess, exportServer: ExportServer, hub: RunningHub) =>
  async (rendered: readonly RenderedCase[]): Promise<GroupReport> => {
    const sinceIso = new Date(Date.now() - 1_000).toISOString();
    exportServer.append(
      rendered.flatMap((r) => r.deliveries.flatMap((d) => (d.platform === 'wangti' ? [d.rows] : []))),
    );
    const runs = await Promise.all(rendered.map((r) => sendCase(access, r)));
    await pollExport(access);
    await hub.idle(drainTimeoutMs);
    const discrepancies = await compareGroup(access, runs, sinceIso);
    return {
      runs,
      discrepancies,
      deliveries: rendered.reduce((n, r) => n + r.deliveries.length, 0),
      records: runs.reduce((n, r) => n + r.model.judgements.length, 0),
    };
  };
