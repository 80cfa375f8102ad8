/**
 * The runtime's own log lines: short, one line each, prefixed `[hub]`. Handlers log through
 * Powertools as they would in Lambda; these lines are only about the runtime itself. Never
 * pass a secret or a request body here.
 */
export interface RuntimeLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

const describeError = (error: unknown): string => {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
};

export const createRuntimeLog = (quiet = false): RuntimeLog => ({
  info: (message) => {
    if (!quiet) console.log(`[hub] ${message}`);
  },
  warn: (message) => {
    console.warn(`[hub] ${message}`);
  },
  error: (message, error) => {
    console.error(`[hub] ${message}${error === undefined ? '' : `\n${describeError(error)}`}`);
  },
});
