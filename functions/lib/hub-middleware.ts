/**
 * What every invocation of every function does around its own work, written once as middy
 * middlewares: the Powertools logger's Lambda context, the platforms' metrics published, and
 * the operators' activity counters flushed (a failed flush is logged, never fails the
 * invocation whose real work is done).
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { activity } from './dependencies.js';
import { logger, publishMetrics } from './observability.js';

const flushActivity = async (): Promise<void> => {
  try {
    await activity().flush();
  } catch (error) {
    logger.warn('activity counters not written', { error: error as Error });
  }
};

const metricsAndActivity = <E, R>(): middy.MiddlewareObj<E, R> => {
  const done = async (): Promise<void> => {
    publishMetrics();
    await flushActivity();
  };
  return { after: done, onError: done };
};

/** Logger context, metrics and activity: the stack of every handler (HTTP ones add the error format). */
export const invocationPlumbing = <E, R>(): Array<middy.MiddlewareObj<E, R>> => [
  injectLambdaContext(logger, { resetKeys: true }) as middy.MiddlewareObj<E, R>,
  metricsAndActivity<E, R>(),
];

/** A queue or scheduled handler with the invocation's plumbing. */
export const hubHandler = <E, R>(handler: (event: E, context: Context) => Promise<R>) =>
  middy<E, R>(handler).use(invocationPlumbing<E, R>());
