/**
 * The traffic a bench run sends. `sim`: all three platforms through the simulators in sim/
 * (the realistic mix, checked against the simulators' own oracle). `hnu`: the self-contained
 * hnu-only mix of hnu-scenario.ts (a fallback while the simulators are not there, and a
 * single-platform comparison).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './bundles.js';
import { hnuScenario, scenarioShapeDefault } from './hnu-scenario.js';
import type { Scenario } from './hub-bench.js';
import { verifyLedgers } from './load.js';

export type SourceName = 'sim' | 'hnu';

/** Completions per person in a run: a short window of a year in which each person makes about 40. */
const completionsPerPerson = 2;

export const hnuOnlyScenario = (): Scenario => ({
  name: 'hnu only (scripts/bench/hnu-scenario.ts): 10 % duplicates, 5 % corrections, 2 % withdrawals, 1 % of people make 5 % of completions',
  year: 2024,
  make: async (records, part) => {
    const people = Math.max(10, Math.round(records / completionsPerPerson));
    const made = hnuScenario(
      { ...scenarioShapeDefault, completions: records, people, personBase: part === 'warmup' ? 5_000_000 : 0 },
      part === 'warmup' ? 1 : 2,
    );
    return { deliveries: made.deliveries, verify: (baseUrl: string) => verifyLedgers(baseUrl, 2024, made.expected) };
  },
});

export const scenarioFor = async (source: SourceName | undefined, say: (line: string) => void): Promise<Scenario> => {
  const simulators = existsSync(join(repoRoot, 'sim', 'expected.ts'));
  if (source === 'hnu') return hnuOnlyScenario();
  if (source === 'sim' || (source === undefined && simulators)) {
    if (!simulators) throw new Error('--source sim: the simulators (sim/) are not in this checkout');
    const { simulatorScenario } = await import('./sim-scenario.js');
    return simulatorScenario(say);
  }
  say('the simulators (sim/) are not in this checkout: sending the hnu-only mix');
  return hnuOnlyScenario();
};
