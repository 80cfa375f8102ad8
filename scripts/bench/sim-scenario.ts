/**
 * The bench's traffic: the simulators' mix (sim/scenario.ts: 8 % duplicates on each platform,
 * 10 % corrections, 7 % withdrawals some before their completion, repeats, failed exams,
 * makeup study, year-boundary times, about 2 % bad records; 60 % of completions by a third of
 * the people) delivered as the platforms deliver it (sim/deliveries.ts), and checked against
 * the simulators' independent oracle (sim/expected.ts). The bench only chooses the sizes, the
 * seeds and the platforms that send: all three (a third of the completions each), or one.
 */
import { developmentDefaults } from '../../shared/config.js';
import type { SimPlatform } from '../../sim/courses.js';
import { deliveriesOf, pollUntilDrained } from '../../sim/deliveries.js';
import { expectLedgers, oracleInputOf } from '../../sim/expected.js';
import { compareWithHub } from '../../sim/hub-ledgers.js';
import { createJxnuClient } from '../../sim/jxnu.js';
import { generateScenario, type Scenario, simPlatforms } from '../../sim/scenario.js';
import { startWangtiServer, type WangtiServer } from '../../sim/wangti-server.js';
import type { BenchTraffic } from './hub-bench.js';
import type { Verification } from './load.js';

/** Completions per person in a run: a short window of a year in which each person makes about 40. */
const completionsPerPerson = 2;
/** Versions delivered per completion in the simulators' mix (duplicates, corrections, withdrawals): about 1.26. */
const versionsPerCompletion = 1.26;
const years = [2024, 2025];

const credentials = {
  hnuSecret: (developmentDefaults.HNU_WEBHOOK_SECRETS ?? '').split(',')[0] ?? '',
  jxnuAppId: developmentDefaults.JXNU_APP_ID ?? '',
  jxnuSecret: developmentDefaults.JXNU_APP_SECRET ?? '',
  wangtiToken: developmentDefaults.WANGTI_TOKEN ?? '',
  portalKey: (developmentDefaults.PORTAL_API_KEYS ?? '').split(':')[1] ?? '',
};

/** Every ledger of the scenario's people, read through the portal, against the oracle's. */
const verifierOf =
  (scenario: Scenario, say: (line: string) => void, part: string) =>
  async (baseUrl: string): Promise<Verification> => {
    const expectation = expectLedgers(oracleInputOf(scenario, new Date()));
    const compared = await compareWithHub({
      hubUrl: baseUrl,
      portalKey: credentials.portalKey,
      expectation,
      idCardNos: scenario.people.map((p) => p.idCardNo),
      years,
    });
    let lastUpdatedAt = 0;
    for (const { updatedAt } of compared.ledgers)
      if (updatedAt) lastUpdatedAt = Math.max(lastUpdatedAt, Date.parse(updatedAt));
    if (expectation.ambiguous.length > 0)
      say(`${part}: the oracle finds ${expectation.ambiguous.length} record(s) ambiguous (versions tied on time)`);
    const differing = new Set(compared.differences.map((d) => `${d.who}#${d.year}`));
    return {
      people: compared.compared,
      matching: compared.compared - differing.size,
      mismatches: compared.differences.map((d) => ({ who: `${d.who} ${d.year}`, what: d.what })),
      lastUpdatedAt,
    };
  };

const describe = (platforms: readonly SimPlatform[]): string =>
  platforms.length === simPlatforms.length
    ? 'all three platforms through the simulators (sim/scenario.ts, oracle sim/expected.ts): hnu events, jxnu batches of up to 500, the wangti export polled; 8 % duplicates, 10 % corrections, 7 % withdrawals, ~2 % bad records; 60 % of completions by a third of the people'
    : `only ${platforms.join(' and ')} through the simulators (sim/scenario.ts, oracle sim/expected.ts): 8 % duplicates, 10 % corrections, 7 % withdrawals, ~2 % bad records; 60 % of completions by a third of the people`;

export const simulatorScenario = (
  say: (line: string) => void,
  platforms: readonly SimPlatform[] = simPlatforms,
): BenchTraffic => {
  const polled = platforms.includes('wangti');
  const jxnu = createJxnuClient({ appId: credentials.jxnuAppId, secret: credentials.jxnuSecret });
  let server: WangtiServer | undefined;
  let runs = 0;
  return {
    name: describe(platforms),
    year: 2024,
    ...(polled
      ? {
          environment: async () => {
            server = await startWangtiServer({ token: credentials.wangtiToken });
            return { WANGTI_BASE_URL: server.url, WANGTI_TOKEN: credentials.wangtiToken };
          },
          afterSend: async (target) => {
            await pollUntilDrained(target);
          },
        }
      : {}),
    make: async (records, part) => {
      if (polled && !server) throw new Error('the wangti export server is not running');
      runs += 1;
      const completions = Math.max(30, Math.round(records / versionsPerCompletion));
      const scenario = generateScenario({
        seed: `bench-${part}-${runs}`,
        people: Math.max(10, Math.round(completions / completionsPerPerson)),
        completions,
        platforms,
      });
      say(
        `${part}: ${scenario.hnu.length} hnu events, ${scenario.jxnu.length} jxnu records, ${scenario.wangti.length} wangti rows for ${scenario.people.length} people`,
      );
      return {
        deliveries: deliveriesOf(scenario, {
          hnuSecret: credentials.hnuSecret,
          jxnu,
          ...(server ? { wangti: server } : {}),
        }),
        verify: verifierOf(scenario, say, part),
      };
    },
    stop: async () => {
      await server?.stop();
    },
  };
};
