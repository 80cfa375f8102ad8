/** The operator's command-line arguments: `--name value` flags, the usage error every command throws, where commands print. */

/** Where a command prints its lines (the terminal; a test's list). */
export type Print = (line: string) => void;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `--name value` from the arguments; undefined when absent, a UsageError when the value is missing. */
export const flagOf = (args: readonly string[], name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
};
