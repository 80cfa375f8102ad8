/** Pieces both OpenAPI documents (the portal's and the operators') are built from. */
import * as z from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { bodyBytesMax } from '../request-limits.js';
import { errorResponseSchema } from './portal-schemas.js';
import { apiLicense, apiServers } from './servers.js';

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

/** The answer to a body over the hub's limit, which any operation that takes a body may give. */
const bodyTooLarge = problem(`The body is larger than ${bodyBytesMax / 2 ** 20} MiB`);

/** A documented operation in the hub's terms; `operation` turns it into OpenAPI. */
export interface OperationSpec {
  readonly operationId: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly params?: ZodOpenApiOperationObject['requestParams'];
  /** A JSON body the operation requires. */
  readonly body?: z.ZodType;
  /** The operation's own answers: its successes and the errors only it gives. */
  readonly answers: ZodOpenApiOperationObject['responses'];
}

/**
 * An operation's OpenAPI object. Every operation may answer 401 and 500; one that takes input
 * (parameters or a body) also 400, and one that takes a body also 413. Those rules live here
 * so that no operation can state them differently.
 */
export const operation = (spec: OperationSpec): ZodOpenApiOperationObject => {
  const takesInput = spec.params !== undefined || spec.body !== undefined;
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    ...(spec.body === undefined ? {} : { requestBody: jsonBody(spec.body) }),
    ...(spec.params === undefined ? {} : { requestParams: spec.params }),
    responses: {
      ...spec.answers,
      ...(takesInput ? commonErrors : { '401': commonErrors['401'], '500': commonErrors['500'] }),
      ...(spec.body === undefined ? {} : { '413': bodyTooLarge }),
    },
  };
};

/** What a served OpenAPI document is promised to be: any document of some version. */
const openApiDocumentSchema = z.looseObject({ openapi: z.string() }).meta({ id: 'OpenApiDocument' });

/** The operation by which an API serves its own OpenAPI document. */
export const documentOperation = (operationId: string, tag: string, description: string) =>
  operation({ operationId, tag, summary: 'This document', answers: { '200': ok(description, openApiDocumentSchema) } });

/** Operations keyed by API Gateway route key (`METHOD path`) into OpenAPI paths. */
export const pathsOf = (routes: Record<string, ZodOpenApiOperationObject>) => {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const [routeKey, operation] of Object.entries(routes)) {
    const [method, path] = routeKey.split(' ') as [string, string];
    paths[path] = { ...paths[path], [method.toLowerCase()]: operation };
  }
  return paths;
};

export interface BearerApi {
  readonly title: string;
  readonly description: string;
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  /** The bearer key scheme every operation requires. */
  readonly scheme: { readonly name: string; readonly description: string };
  readonly routes: Record<string, ZodOpenApiOperationObject>;
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

/** An API's OpenAPI 3.1 document, every operation behind one bearer key scheme; made on first use, once. */
export const bearerApiDocument = (api: BearerApi): (() => OpenApiDocument) => {
  let made: OpenApiDocument | undefined;
  return () => {
    made ??= createDocument({
      openapi: '3.1.0',
      info: { title: api.title, version: '1.0.0', description: api.description, license: apiLicense },
      servers: apiServers,
      tags: [...api.tags],
      security: [{ [api.scheme.name]: [] }],
      components: {
        securitySchemes: {
          [api.scheme.name]: { type: 'http', scheme: 'bearer', description: api.scheme.description },
        },
      },
      paths: pathsOf(api.routes),
    });
    return made;
  };
};
