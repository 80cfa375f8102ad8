/** Pieces both OpenAPI documents (the portal's and the operators') are built from. */
import type * as z from 'zod';
import type { ZodOpenApiOperationObject } from 'zod-openapi';
import { errorResponseSchema } from './portal-schemas.js';

export const problem = (description: string) => ({
  description,
  content: { 'application/json': { schema: errorResponseSchema } },
});

export const ok = (description: string, schema: z.ZodType) => ({
  description,
  content: { 'application/json': { schema } },
});

export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema } } });

/** Answers every operation can give. */
export const commonErrors = {
  '400': problem('The request is malformed; `error.details` names each bad field'),
  '401': problem('No bearer key, or not a valid one'),
  '500': problem('The hub could not complete the request (logged)'),
};

/** Operations keyed by API Gateway route key (`METHOD path`) into OpenAPI paths. */
export const pathsOf = (routes: Record<string, ZodOpenApiOperationObject>) => {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const [routeKey, operation] of Object.entries(routes)) {
    const [method, path] = routeKey.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return paths;
};
