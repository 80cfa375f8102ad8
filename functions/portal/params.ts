/** Path and query parameters of the portal routes, validated with the schemas the OpenAPI document shows. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { rules } from '../lib/dependencies.js';
import { HttpProblem, parseWith } from '../lib/http.js';

export const pathOf = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  parseWith(schema, event.pathParameters ?? {}, 'path');
export const queryOf = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  parseWith(schema, event.queryStringParameters ?? {}, 'query');

/** The year's rules, or a 400 naming `year`. */
export const yearRulesOf = (year: number) => {
  const yearRules = rules().get(year);
  if (!yearRules)
    throw new HttpProblem(400, 'invalid-request', `year: no rules are configured for ${year}`, [
      { field: 'year', message: `no rules are configured for ${year}` },
    ]);
  return yearRules;
};
