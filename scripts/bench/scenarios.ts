/**
 * The traffic a bench run sends, always the simulators' (sim/): `sim` (the default) all three
 * platforms, `hnu` the same mix from hnu alone (a single-platform comparison).
 */
import type { BenchTraffic } from './hub-bench.js';
import { simulatorScenario } from './sim-scenario.js';

export type SourceName = 'sim' | 'hnu';

export const scenarioFor = (source: SourceName | undefined, say: (line: string) => void): BenchTraffic => {
  if (source === undefined || source === 'sim') return simulatorScenario(say);
  if (source === 'hnu') return simulatorScenario(say, ['hnu']);
  throw new Error(`--source: sim or hnu, not ${String(source)}`);
};
