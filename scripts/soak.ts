/**
 * `npm run soak -- --events N --seed S [--no-faults] [--keep-log DIR]`: the fault-injecting
 * soak test with an oracle (scripts/soak/run.ts). Prints one figure a line as `name: value`,
 * then the first differences if any; exit code 1 when anything was lost, double-counted,
 * drifted or unexplained, a bad record is not visible as a failure, or the logs hold personal
 * data. The same seed gives the same events and fault positions.
 */
import { eventsDefault, seedDefault } from './soak/plan.js';
import { figureLines, problemsOf, runSoak } from './soak/run.js';

export class SoakArgumentError extends Error {
  override readonly name = 'SoakArgumentError';
}

export const soakArgsOf = (args: readonly string[]) => {
  const flagValue = (flag: string): string | undefined => {
    const at = args.indexOf(flag);
    if (at < 0) return undefined;
    const value = args[at + 1];
    if (value === undefined || value.startsWith('--')) throw new SoakArgumentError(`${flag} needs a value`);
    return value;
  };
  const eventsText = flagValue('--events');
  const events = eventsText === undefined ? eventsDefault : Number(eventsText.replace(/[_,]/g, ''));
  if (!Number.isInteger(events) || events < 100 || events > 10_000_000)
    throw new SoakArgumentError('--events must be a whole number from 100 to 10,000,000');
  const known = new Set(['--events', '--seed', '--no-faults', '--keep-log']);
  const unknown = args.filter(
    (arg, i) =>
      arg.startsWith('--') && !known.has(arg) && !['--events', '--seed', '--keep-log'].includes(args[i - 1] ?? ''),
  );
  if (unknown.length > 0)
    throw new SoakArgumentError(
      `unknown option ${unknown.join(', ')} (known: --events N --seed S --no-faults --keep-log DIR)`,
    );
  const keepLogIn = flagValue('--keep-log');
  return {
    events,
    seed: flagValue('--seed') ?? seedDefault,
    faults: !args.includes('--no-faults'),
    ...(keepLogIn === undefined ? {} : { keepLogIn }),
  };
};

const main = async (): Promise<number> => {
  let options: ReturnType<typeof soakArgsOf>;
  try {
    options = soakArgsOf(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof SoakArgumentError)) throw error;
    console.error(error.message);
    return 2;
  }
  const figures = await runSoak({ ...options, progress: (line) => console.error(line) });
  for (const line of figureLines(figures)) console.log(line);
  const problems = problemsOf(figures);
  if (figures.examples.length > 0) {
    console.log('first differences:');
    for (const example of figures.examples) console.log(`  ${example}`);
  }
  console.log(problems.length === 0 ? 'result: pass' : `result: FAIL (${problems.join(', ')})`);
  return problems.length === 0 ? 0 : 1;
};

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/soak.ts')) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('[soak] the run could not complete', error);
      process.exit(1);
    },
  );
}
