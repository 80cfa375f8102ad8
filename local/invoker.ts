/**
 * Calls a function's handler in this process, as Lambda would call it: the module named by
 * the topology's `entry` is imported on first use (after the environment is set, and so that a
 * missing or broken module fails only its own routes), with a Lambda-like context and the
 * function's timeout.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functions, type FunctionName } from '../infra/topology.js';
import { localAccountId, localRegion } from './aws-local.js';
import { asFunction } from './resource-access.js';

/**
 * A function's handler, as the invoker calls it: with the event its trigger delivers, unchecked, as
 * Lambda does. Declared as a method so that a handler typed for its own event (an SQSEvent, say) fits.
 */
interface HandlerModule {
  handler(event: unknown, context: Context): Promise<unknown>;
}
export type Handler = HandlerModule['handler'];

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The handler ran past the function's timeout. In-process code cannot be stopped: it may still be running. */
export class HandlerTimeoutError extends Error {
  override readonly name = 'HandlerTimeoutError';
}

export class HandlerLoadError extends Error {
  override readonly name = 'HandlerLoadError';
}

export interface Invocation {
  readonly requestId?: string;
}

export interface Invoker {
  invoke(functionName: FunctionName, event: unknown, invocation?: Invocation): Promise<unknown>;
  /** Handler calls not yet settled (including ones past their timeout that are still running). */
  readonly running: number;
}

/** A handler called a Lambda context method the local runtime does not provide. */
export class UnsupportedContextError extends Error {
  override readonly name = 'UnsupportedContextError';
}

const lambdaContext = (functionName: FunctionName, requestId: string, deadline: number): Context => {
  const def = functions[functionName];
  const unsupported = (what: string) => () => {
    throw new UnsupportedContextError(`context.${what}() is not supported: return or throw from the async handler`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB: String(def.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${functionName}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported('done'),
    fail: unsupported('fail'),
    succeed: unsupported('succeed'),
  };
};

export const createInvoker = (overrides: Partial<Record<FunctionName, Handler>> = {}): Invoker => {
  const loaded = new Map<FunctionName, Handler>();
  let running = 0;

  const load = async (functionName: FunctionName): Promise<Handler> => {
    const override = overrides[functionName];
    if (override) return override;
    const cached = loaded.get(functionName);
    if (cached) return cached;
    const entry = functions[functionName].entry;
    let module: { handler?: unknown };
    try {
      module = (await import(pathToFileURL(resolve(repoRoot, entry)).href)) as { handler?: unknown };
    } catch (cause) {
      throw new HandlerLoadError(`could not load ${entry} for ${functionName}`, { cause });
    }
    if (typeof module.handler !== 'function') throw new HandlerLoadError(`${entry} does not export a handler function`);
    const handler = module.handler as Handler;
    loaded.set(functionName, handler);
    return handler;
  };

  const invoke = async (functionName: FunctionName, event: unknown, invocation: Invocation = {}): Promise<unknown> => {
    running += 1;
    let settled = false;
    const done = () => {
      if (!settled) running -= 1;
      settled = true;
    };
    try {
      const handler = await load(functionName);
      const timeoutMs = functions[functionName].timeoutSeconds * 1000;
      const requestId = invocation.requestId ?? randomUUID();
      const call = Promise.resolve().then(() =>
        asFunction(functionName, () => handler(event, lambdaContext(functionName, requestId, Date.now() + timeoutMs))),
      );
      // The count drops when the handler really finishes, not when its time is up.
      call.then(done, done);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new HandlerTimeoutError(`${functionName} did not finish within its ${timeoutMs / 1000} s timeout`)),
          timeoutMs,
        );
      });
      try {
        return await Promise.race([call, timeout]);
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      if (!(error instanceof HandlerTimeoutError)) done();
      throw error;
    }
  };

  return {
    invoke,
    get running() {
      return running;
    },
  };
};
