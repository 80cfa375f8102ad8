/** HTTP calls of the operator's command line to a hub's /ops API; errors in the hub's format become OpsRequestError. */

export const hubUrlDefault = 'http://127.0.0.1:3000';
/** The development ops key of the local hub (shared/config.ts developmentDefaults). */
export const opsKeyDefault = 'dev-ops-key';
/** An operator's request that waits longer than this is abandoned. */
export const requestTimeoutMsDefault = 60_000;

export interface OpsTarget {
  readonly baseUrl: string;
  readonly key: string;
}

export class OpsRequestError extends Error {
  override readonly name = 'OpsRequestError';
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export const targetOf = (env: Readonly<Record<string, string | undefined>>): OpsTarget => ({
  baseUrl: (env.HUB_URL || hubUrlDefault).replace(/\/+$/, ''),
  key: env.OPS_API_KEY || opsKeyDefault,
});

/** `body`, when given, is sent as JSON (an ID card number travels only so, never in the path). */
export const callOps = async <T>(
  target: OpsTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> => {
  let response: Response;
  try {
    response = await fetch(`${target.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(requestTimeoutMsDefault),
    });
  } catch (cause) {
    throw new OpsRequestError(
      `${method} ${path}: could not reach the hub at ${target.baseUrl} (${(cause as Error).message})`,
      0,
      'unreachable',
    );
  }
  const text = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new OpsRequestError(
      `${method} ${path} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
      response.status,
      'not-json',
    );
  }
  if (!response.ok) {
    const error = (answer as { error?: { code?: string; message?: string } }).error;
    throw new OpsRequestError(
      `${method} ${path} answered ${response.status} ${error?.code ?? ''}: ${error?.message ?? text.slice(0, 200)}`,
      response.status,
      error?.code ?? 'unknown',
    );
  }
  return { status: response.status, body: answer as T };
};
