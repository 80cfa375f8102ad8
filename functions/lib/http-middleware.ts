/**
 * The middy stack every HTTP handler shares: the invocation's plumbing (hub-middleware.ts:
 * logger context, metrics and activity flushed) and errors turned into the hub's error format
 * (a named HttpProblem as is, anything else a logged 500 that reveals nothing).
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ConfigurationError } from '../../shared/config.js';
import { HttpProblem, problemResponse } from './http.js';
import { invocationPlumbing } from './hub-middleware.js';
import { logger } from './observability.js';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const hubErrors = (): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => ({
  onError: async (request) => {
    const error = request.error;
    if (error instanceof HttpProblem) {
      request.response = problemResponse(error);
      return;
    }
    logger.error('request failed', { error: error as Error, isConfiguration: error instanceof ConfigurationError });
    request.response = problemResponse(
      new HttpProblem(500, 'internal', 'the hub could not complete the request; it has been logged'),
    );
  },
});

export const httpHandler = (handler: HttpHandler) =>
  middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(handler)
    .use(invocationPlumbing<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>())
    .use(hubErrors());
