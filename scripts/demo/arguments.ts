/** `npm run demo -- --people N --completions M --seed S`: the demo's options, checked. */
export interface DemoArguments {
  readonly people: number;
  readonly completions: number;
  /** undefined: a fixed seed on the demo's own hub, a fresh one against HUB_URL (whose ledgers already hold earlier runs). */
  readonly seed: string | undefined;
}

export const demoDefaults = { people: 40, completions: 600 } as const;
export const demoPeopleMax = 100_000;
export const demoCompletionsMax = 1_000_000;

export class DemoArgumentError extends Error {
  override readonly name = 'DemoArgumentError';
}

export const demoUsage =
  'usage: npm run demo -- [--people N] [--completions M] [--seed S]   (HUB_URL: use a running hub)';

export const parseDemoArguments = (argv: readonly string[]): DemoArguments => {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const match = /^--(people|completions|seed)(?:=(.*))?$/.exec(arg);
    if (!match) throw new DemoArgumentError(`unknown argument ${arg}\n${demoUsage}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new DemoArgumentError(`--${match[1]} needs a value\n${demoUsage}`);
    values[match[1] as string] = value;
  }
  const count = (name: 'people' | 'completions', max: number): number => {
    const text = values[name];
    if (text === undefined) return demoDefaults[name];
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > max)
      throw new DemoArgumentError(`--${name} must be a whole number from 1 to ${max}, not ${text}`);
    return value;
  };
  return {
    people: count('people', demoPeopleMax),
    completions: count('completions', demoCompletionsMax),
    seed: values.seed,
  };
};
