/**
 * The realistic mix for the benchmark: all three platforms through the simulators in sim/
 * (sim/scenario.ts: a third of the completions on each platform, 8 % duplicates on each,
 * 10 % corrections, 7 % withdrawals some before their completion, repeats, failed exams,
 * makeup study, year-boundary times, about 2 % bad records; 60 % of completions by a third
 * of the people), checked against the simulators' independent oracle (sim/expected.ts).
 *
 * Deliveries as the platforms make them: hnu one signed event per request (concurrent, any
 * order); jxnu batches of up to 500 records, one after another (a record's version time is its
 * request's timestamp); wangti rows added to the export (served by sim/wangti-server.ts in this
 * process) a thousand at a time, each followed by poll runs of the hub's wangtiPoller until the
 * export is drained. Both webhooks retry as the platforms do (sim/http-retry.ts).
 */
import { randomBytes } from 'node:crypto';
import { developmentDefaults } from '../../shared/config.js';
import { signHnu } from '../../shared/platforms/hnu/signature.js';
import { signJxnu } from '../../shared/platforms/jxnu/signature.js';
import { expectLedgers, oracleInputOf } from '../../sim/expected.js';
import { compareWithHub } from '../../sim/hub-ledgers.js';
import { postWithRetries } from '../../sim/http-retry.js';
import { jxnuBatchesOf } from '../../sim/jxnu.js';
import { generateScenario } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import type { Delivery, DeliveryTarget } from './hnu-scenario.js';
import type { Scenario } from './hub-bench.js';
import type { Verification } from './load.js';

/** Completions per person in a run: a short window of a year in which each person makes about 40. */
const completionsPerPerson = 2;
/** Rows added to the wangti export at a time (two of the poller's pages). */
export const wangtiRowsPerDelivery = 1_000;
const pollRunsMax = 200;

const credentials = {
  hnuSecret: (developmentDefaults.HNU_WEBHOOK_SECRETS ?? '').split(',')[0] ?? '',
  jxnuAppId: developmentDefaults.JXNU_APP_ID ?? '',
  jxnuSecret: developmentDefaults.JXNU_APP_SECRET ?? '',
  wangtiToken: developmentDefaults.WANGTI_TOKEN ?? '',
  portalKey: (developmentDefaults.PORTAL_API_KEYS ?? '').split(':')[1] ?? '',
};

interface PollSummary {
  readonly outcome: string;
  readonly pagesRead: number;
}

/** Poll runs until the export is drained (a run can end on its time budget or find another running). */
export const pollUntilDrained = async (target: DeliveryTarget): Promise<number> => {
  for (let runs = 1; runs <= pollRunsMax; runs += 1) {
    const summary = (await target.runSchedule('wangtiPoller')) as PollSummary;
    if (summary.outcome === 'drained') return runs;
    if (summary.outcome !== 'budget-spent' && summary.outcome !== 'busy')
      await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`the wangti export was not drained after ${pollRunsMax} poll runs`);
};

const hnuDelivery = (delivery: { eventId: string; body: Record<string, unknown> }): Delivery => {
  const body = JSON.stringify(delivery.body);
  return {
    platform: 'hnu',
    records: 1,
    kind: 'webhook',
    send: async ({ baseUrl }) => {
      const answer = await postWithRetries(`${baseUrl}/webhooks/hnu`, () => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        return {
          headers: {
            'content-type': 'application/json',
            'x-hnu-event-id': delivery.eventId,
            'x-hnu-timestamp': timestamp,
            'x-hnu-signature': signHnu(credentials.hnuSecret, timestamp, body),
          },
          body,
        };
      });
      return answer.status;
    },
  };
};

/** jxnu batches in order, timestamps strictly increasing across the whole run (one lane). */
let jxnuLastTimestamp = 0;
let jxnuBatchNo = 0;
const jxnuDelivery = (records: Record<string, unknown>[]): Delivery => {
  jxnuBatchNo += 1;
  const body = JSON.stringify({ batch_no: `BENCH-${String(jxnuBatchNo).padStart(6, '0')}`, records });
  return {
    platform: 'jxnu',
    records: records.length,
    kind: 'webhook',
    lane: 'jxnu',
    send: async ({ baseUrl }) => {
      const answer = await postWithRetries(`${baseUrl}/webhooks/jxnu`, () => {
        jxnuLastTimestamp = Math.max(Date.now(), jxnuLastTimestamp + 1);
        const timestamp = String(jxnuLastTimestamp);
        const nonce = randomBytes(16).toString('hex');
        return {
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'x-jxnu-appid': credentials.jxnuAppId,
            'x-jxnu-timestamp': timestamp,
            'x-jxnu-nonce': nonce,
            'x-jxnu-sign': signJxnu(credentials.jxnuSecret, {
              appId: credentials.jxnuAppId,
              timestamp,
              nonce,
              rawBody: body,
            }),
          },
          body,
        };
      });
      return answer.status;
    },
  };
};

const wangtiDelivery = (server: WangtiServer, rows: Parameters<WangtiServer['append']>[0]): Delivery => ({
  platform: 'wangti',
  records: rows.length,
  kind: 'pull',
  lane: 'wangti',
  send: async (target) => {
    server.append(rows);
    await pollUntilDrained(target);
    return 200;
  },
});

/** Interleaves the platforms' deliveries by records sent so far, so all three run side by side. */
const interleave = (lists: Delivery[][]): Delivery[] => {
  const out: Delivery[] = [];
  const at = lists.map(() => 0);
  const sent = lists.map(() => 0);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i += 1)
      if (at[i]! < lists[i]!.length && (pick < 0 || sent[i]! < sent[pick]!)) pick = i;
    if (pick < 0) return out;
    const delivery = lists[pick]![at[pick]!]!;
    at[pick]! += 1;
    sent[pick]! += delivery.records;
    out.push(delivery);
  }
};

export const simulatorScenario = (say: (line: string) => void): Scenario => {
  let server: WangtiServer | undefined;
  let runs = 0;
  return {
    name: 'all three platforms through the simulators (sim/scenario.ts, oracle sim/expected.ts): hnu events, jxnu batches of up to 500, the wangti export polled; 8 % duplicates, 10 % corrections, 7 % withdrawals, ~2 % bad records; 60 % of completions by a third of the people',
    year: 2024,
    environment: async () => {
      server = await startWangtiServer({ token: credentials.wangtiToken });
      return { WANGTI_BASE_URL: server.url, WANGTI_TOKEN: credentials.wangtiToken };
    },
    make: async (records, part) => {
      if (!server) throw new Error('the wangti export server is not running');
      runs += 1;
      // Versions delivered per completion in the simulators' mix (duplicates, corrections, withdrawals): about 1.26.
      const completions = Math.max(30, Math.round(records / 1.26));
      const scenario = generateScenario({
        seed: `bench-${part}-${runs}`,
        people: Math.max(10, Math.round(completions / completionsPerPerson)),
        completions,
      });
      const wangtiRows = [];
      for (let i = 0; i < scenario.wangti.length; i += wangtiRowsPerDelivery)
        wangtiRows.push(scenario.wangti.slice(i, i + wangtiRowsPerDelivery));
      const deliveries = interleave([
        scenario.hnu.map(hnuDelivery),
        jxnuBatchesOf(scenario.jxnu.map((s) => s.record)).map(jxnuDelivery),
        wangtiRows.map((rows) => wangtiDelivery(server as WangtiServer, rows)),
      ]);
      const idCardNos = scenario.people.map((p) => p.idCardNo);
      say(
        `${part}: ${scenario.hnu.length} hnu events, ${scenario.jxnu.length} jxnu records, ${scenario.wangti.length} wangti rows for ${idCardNos.length} people`,
      );
      const verify = async (baseUrl: string): Promise<Verification> => {
        const expectation = expectLedgers(oracleInputOf(scenario, new Date()));
        const ambiguous = new Set(expectation.ambiguous);
        const compared = await compareWithHub({
          hubUrl: baseUrl,
          portalKey: credentials.portalKey,
          expectation,
          idCardNos,
          years: [2024, 2025],
        });
        let lastUpdatedAt = 0;
        for (const ledger of compared.ledgers) {
          const updatedAt = (ledger as { updatedAt?: string | null }).updatedAt;
          if (updatedAt) lastUpdatedAt = Math.max(lastUpdatedAt, Date.parse(updatedAt));
        }
        if (ambiguous.size > 0)
          say(`${part}: the oracle finds ${ambiguous.size} record(s) ambiguous (versions tied on time)`);
        const differing = new Set(compared.differences.map((d) => `${d.who}#${d.year}`));
        return {
          people: compared.compared,
          matching: compared.compared - differing.size,
          mismatches: compared.differences.map((d) => ({ who: `${d.who} ${d.year}`, what: d.what })),
          lastUpdatedAt,
        };
      };
      return { deliveries, verify };
    },
    afterSend: async (target) => {
      await pollUntilDrained(target);
    },
    stop: async () => {
      await server?.stop();
    },
  };
};
