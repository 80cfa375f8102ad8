/**
 * The portal API as a client written only from `GET /v1/openapi.json` sees it: the document is
 * valid OpenAPI 3.1, and every operation it documents, called with the document's own examples,
 * answers (not 404, not 500) with a valid key, and 401 without a key or with a wrong one.
 */
import { validate, compileErrors } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../local/hub.js';
import { startTestHub } from '../support/local-hub.js';
import { functions } from '../../infra/topology.js';
import { portalOpenApiDocument } from '../../shared/api/openapi.js';
import { authedGet, devKeys, type Answer } from '../support/hub-client.js';
import { answerOf } from '../support/answer.js';

let hub: RunningHub;

beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(async () => {
  await hub?.stop();
});

interface Operation {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly url: string;
  readonly body?: unknown;
}

type Doc = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema: { example?: unknown } }>;
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
      }
    >
  >;
  components: { schemas: Record<string, { example?: unknown }> };
};

/** Each documented operation, with path parameters and body from the document's examples, in document order. */
const operationsOf = (doc: Doc): Operation[] =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => {
      const url = path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const example = operation.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema.example;
        if (example === undefined) throw new Error(`${method} ${path}: path parameter ${name} has no example`);
        return encodeURIComponent(String(example));
      });
      const ref = operation.requestBody?.content['application/json']?.schema.$ref;
      const body = ref === undefined ? undefined : doc.components.schemas[ref.split('/').at(-1) as string]?.example;
      if (ref !== undefined && body === undefined)
        throw new Error(`${method} ${path}: request body ${ref} has no example`);
      return {
        method: method.toUpperCase() as Operation['method'],
        path,
        url,
        ...(body === undefined ? {} : { body }),
      };
    }),
  );

const call = async (operation: Operation, authorization?: string): Promise<Answer> => {
  const response = await fetch(`${hub.baseUrl}${operation.url}`, {
    method: operation.method,
    headers: {
      ...(authorization ? { authorization } : {}),
      ...(operation.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(operation.method === 'POST' ? { body: JSON.stringify(operation.body ?? {}) } : {}),
  });
  return answerOf(response);
};

describe('the served OpenAPI document', () => {
  it('is the generated document and valid OpenAPI 3.1', async () => {
    const answer = await authedGet(hub.baseUrl, '/v1/openapi.json', devKeys.portal);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(JSON.parse(JSON.stringify(portalOpenApiDocument())));
    const result = await validate(answer.body);
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('documents every portal route of the topology, and each answers with a valid key', async () => {
    const doc = (await authedGet(hub.baseUrl, '/v1/openapi.json', devKeys.portal)).body as Doc;
    const operations = operationsOf(doc);
    expect(operations.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      functions.portalApi.routes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    for (const operation of operations) {
      const answer = await call(operation, `Bearer ${devKeys.portal}`);
      expect(
        [404, 500],
        `${operation.method} ${operation.url}: ${answer.status} ${JSON.stringify(answer.body)}`,
      ).not.toContain(answer.status);
      expect(answer.status, `${operation.method} ${operation.url}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    }
  });

  it('answers every documented route 401 without a key and with a wrong key', async () => {
    const operations = operationsOf(JSON.parse(JSON.stringify(portalOpenApiDocument())) as Doc);
    for (const operation of operations) {
      for (const authorization of [undefined, 'Bearer not-a-valid-key', `Basic ${devKeys.portal}`]) {
        const answer = await call(operation, authorization);
        expect(answer.status, `${operation.method} ${operation.url} with ${authorization ?? 'no key'}`).toBe(401);
        expect(answer.body.error.code).toBe('unauthorized');
      }
    }
  });
});
