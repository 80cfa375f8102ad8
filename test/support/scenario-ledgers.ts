/** A simulated scenario's people's ledgers in the running hub against the oracle's, through the portal API. */
import type { RunningHub } from '../../local/hub.js';
import type { Expectation } from '../../sim/expected.js';
import { compareWithHub } from '../../sim/hub-ledgers.js';
import type { Scenario } from '../../sim/scenario.js';
import { devKeys } from './hub-client.js';

/** The scenarios' years: the simulators send 2024 completions and corrections into 2025. */
const scenarioYears = [2024, 2025] as const;

export const compareScenarioLedgers = (
  hub: RunningHub,
  scenario: Pick<Scenario, 'people'>,
  expectation: Expectation,
): ReturnType<typeof compareWithHub> =>
  compareWithHub({
    hubUrl: hub.baseUrl,
    portalKey: devKeys.portal,
    expectation,
    idCardNos: scenario.people.map((person) => person.idCardNo),
    years: scenarioYears,
  });
