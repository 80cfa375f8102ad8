/**
 * Every error answer, a named problem or an unexpected throw, is the `Error` schema both OpenAPI
 * documents show: made in one place (functions/lib/http.ts), never revealing what was thrown.
 */
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../../functions/lib/http.js';
import { httpHandler } from '../../../functions/lib/http-middleware.js';
import { toApiGatewayEvent } from '../../../local/api-gateway-event.js';
import { topologyRoutes } from '../../../local/routes.js';
import { errorResponseSchema } from '../../../shared/api/portal-schemas.js';

/** `GET /v1/openapi.json` as API Gateway hands it over (the local runtime's event, for the topology's route). */
const httpEventOf = () => {
  const route = topologyRoutes().find((r) => r.method === 'GET' && r.path === '/v1/openapi.json');
  if (!route) throw new Error('the topology has no GET /v1/openapi.json');
  const request = {
    method: 'GET',
    url: '/v1/openapi.json',
    headers: { host: 'localhost' },
    body: Buffer.alloc(0),
    sourceIp: '127.0.0.1',
    requestId: 'req-1',
    receivedAt: new Date(),
  };
  return toApiGatewayEvent(request, { route, pathParameters: {} });
};

const contextOf = (): Context =>
  ({ functionName: 'errorAnswerTest', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 5_000 }) as Context;

const answerOf = async (thrown: unknown) => {
  const handler = httpHandler(async () => {
    throw thrown;
  });
  const response = await handler(httpEventOf(), contextOf());
  return { status: response.statusCode, body: JSON.parse(String(response.body)) as unknown };
};

describe('an error answer', () => {
  it('carries a named problem as it is: its status, code, message and the fields it names', async () => {
    const details = [{ field: 'idCardNos[0]', message: 'check character does not match' }];
    const answer = await answerOf(new HttpProblem(400, 'invalid-request', 'idCardNos[0]: wrong', details));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: { code: 'invalid-request', message: 'idCardNos[0]: wrong', details } });
    expect(errorResponseSchema.strict().safeParse(answer.body).success).toBe(true);
  });

  it('is a 500 that says nothing of what was thrown when the handler fails unexpectedly', async () => {
    const answer = await answerOf(new Error('table hub-ledgers is gone: 36042119850315002X'));
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      error: { code: 'internal', message: 'the hub could not complete the request; it has been logged', details: [] },
    });
    expect(JSON.stringify(answer.body)).not.toContain('hub-ledgers');
    expect(errorResponseSchema.strict().safeParse(answer.body).success).toBe(true);
  });
});
