import { describe, expect, it } from 'vitest';
import { expectValidOpenApi31 } from '../../support/openapi-validity.js';
import { functions } from '../../../infra/topology.js';
import { portalRoutes } from '../../../functions/portal-api.js';
import { bearerSchemeName, documentedRoutes, portalOpenApiDocument } from '../../../shared/api/openapi.js';

const topologyRoutes = functions.portalApi.routes.map((route) => `${route.method} ${route.path}`).sort();

const documentedPathsAndMethods = (): string[] => {
  const doc = portalOpenApiDocument();
  return Object.entries(doc.paths ?? {})
    .flatMap(([path, item]) =>
      Object.keys(item ?? {})
        .filter((key) => ['get', 'post', 'put', 'patch', 'delete'].includes(key))
        .map((method) => `${method.toUpperCase()} ${path}`),
    )
    .sort();
};

describe('the portal OpenAPI document', () => {
  it('documents exactly the portal routes of the topology', () => {
    expect(documentedPathsAndMethods()).toEqual(topologyRoutes);
    expect(Object.keys(documentedRoutes).sort()).toEqual(topologyRoutes);
  });

  it('has a handler for exactly the routes of the topology', () => {
    expect(Object.keys(portalRoutes).sort()).toEqual(topologyRoutes);
  });

  it('is a valid OpenAPI 3.1 document by a real validator', async () => {
    await expectValidOpenApi31(portalOpenApiDocument());
  });

  it('secures every operation with the bearer scheme and documents 401 with the Error schema', () => {
    const doc = portalOpenApiDocument();
    expect(doc.components?.securitySchemes?.[bearerSchemeName]).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ [bearerSchemeName]: [] }]);
    for (const item of Object.values(doc.paths ?? {})) {
      for (const operation of [item?.get, item?.post].filter((op) => op !== undefined)) {
        expect(operation.responses?.['401']).toMatchObject({
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        });
      }
    }
  });

  it('shows the page limits and the adjustment body from the validating schemas', () => {
    const doc = portalOpenApiDocument();
    const changes = doc.paths?.['/v1/ledgers/{year}/changes']?.get?.parameters as Array<{
      name: string;
      schema: { maximum?: number };
    }>;
    expect(changes.find((p) => p.name === 'limit')?.schema.maximum).toBe(500);
    const adjustment = doc.components?.schemas?.AdjustmentRequest as {
      required: string[];
      properties: Record<string, { maximum?: number; enum?: string[] }>;
    };
    expect(adjustment.required).toEqual([
      'adjustmentId',
      'idCardNo',
      'year',
      'category',
      'hours',
      'kind',
      'approvedAt',
    ]);
    expect(adjustment.properties.hours?.maximum).toBe(100);
    expect(adjustment.properties.kind?.enum).toEqual(['xuexiqiangguo', 'research', 'project', 'paper', 'other']);
  });
});
