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

/** An error as one line: its name and message (a value thrown that is not an Error, as text). */
export const errorLine = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const describeError = (error: unknown): string => (error instanceof Error && error.stack) || errorLine(error);

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
