/**
 * The operators' OpenAPI document: exactly the topology's /ops routes, each with a handler, valid
 * by a real validator, clean under redocly's recommended rules, with the limits and shapes of
 * the schemas that validate the requests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValidOpenApi31 } from '../../support/openapi-validity.js';
import { opsRoutes } from '../../../functions/ops-api.js';
import { opsDocumentRoutes } from '../../../functions/ops-documents.js';
import { opsInsightRoutes } from '../../../functions/ops-insight-api.js';
import { functionNames, functions } from '../../../infra/topology.js';
import { documentedOpsRoutes, opsKeySchemeName, opsOpenApiDocument } from '../../../shared/api/ops-openapi.js';
import { replayChunkFailuresMax } from '../../../shared/ops/replay-job.js';

/** The /ops API's routes: every /ops route of the topology but the console's page (HTML for a browser, no API operation). */
const topologyOpsRoutes = functionNames
  .filter((name) => name !== 'opsConsole')
  .flatMap((name) => functions[name].routes)
  .filter((route) => route.path.startsWith('/ops/'))
  .map((route) => `${route.method} ${route.path}`)
  .sort();

const operationsOf = (doc: ReturnType<typeof opsOpenApiDocument>) =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    (['get', 'post'] as const).flatMap((method) =>
      item?.[method] ? [{ key: `${method.toUpperCase()} ${path}`, operation: item[method] }] : [],
    ),
  );

describe('the operators OpenAPI document', () => {
  it('documents exactly the /ops routes of the topology, and each has a handler', () => {
    const doc = opsOpenApiDocument();
    expect(
      operationsOf(doc)
        .map((o) => o.key)
        .sort(),
    ).toEqual(topologyOpsRoutes);
    expect(Object.keys(documentedOpsRoutes).sort()).toEqual(topologyOpsRoutes);
    expect(
      [...Object.keys(opsRoutes), ...Object.keys(opsInsightRoutes), ...Object.keys(opsDocumentRoutes)].sort(),
    ).toEqual(topologyOpsRoutes);
  });

  it('is a valid OpenAPI 3.1 document by a real validator', async () => {
    await expectValidOpenApi31(opsOpenApiDocument());
  });

  it('passes redocly lint with the recommended rules, warnings included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ops-openapi-'));
    try {
      const file = join(dir, 'ops-openapi.json');
      writeFileSync(file, JSON.stringify(opsOpenApiDocument()));
      let output: string;
      try {
        output = execFileSync(
          join('node_modules', '.bin', 'redocly'),
          ['lint', '--extends', 'recommended', '--format', 'json', file],
          {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
          },
        );
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      const problems = (
        JSON.parse(output) as {
          problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
        }
      ).problems;
      expect(problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}: ${p.message}`)).toEqual(
        [],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('secures every operation with the ops key, tags it, and documents 401 with the Error schema', () => {
    const doc = opsOpenApiDocument();
    expect(doc.components?.securitySchemes?.[opsKeySchemeName]).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ [opsKeySchemeName]: [] }]);
    expect(doc.servers?.length).toBeGreaterThan(0);
    const tagNames = (doc.tags ?? []).map((tag) => tag.name);
    for (const { key, operation } of operationsOf(doc)) {
      expect(operation.tags?.length, key).toBeGreaterThan(0);
      for (const tag of operation.tags ?? []) expect(tagNames, key).toContain(tag);
      expect(operation.responses?.['401'], key).toMatchObject({
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      });
    }
  });

  it('shows the bulk replay, job and lookup shapes from the schemas that validate them', () => {
    const doc = opsOpenApiDocument();
    const schemas = doc.components?.schemas as Record<
      string,
      { required?: string[]; properties?: Record<string, { enum?: string[] }>; additionalProperties?: unknown }
    >;
    expect(schemas.ReplayRequest?.additionalProperties).toBe(false);
    expect(Object.keys(schemas.ReplayRequest?.properties ?? {}).sort()).toEqual([
      'dryRun',
      'platform',
      'reasonCode',
      'since',
      'until',
    ]);
    expect(schemas.ReplayJob?.required).toEqual(
      expect.arrayContaining(['jobId', 'matched', 'replayed', 'credited', 'stillFailing', 'status']),
    );
    expect(schemas.ReplayJob?.properties?.status?.enum).toEqual(['running', 'done']);
    expect(schemas.PersonLookupRequest?.required).toEqual(['idCardNo']);
    expect(schemas.FailureSummaryGroup?.required).toEqual(
      expect.arrayContaining(['platform', 'reasonCode', 'open', 'replayed', 'stillFailing']),
    );
    expect(doc.paths?.['/ops/failures/replay']?.post?.description).toContain(`chunks of ${replayChunkFailuresMax}`);
    expect(Object.keys(doc.paths?.['/ops/failures/replay']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '202']),
    );
  });
});
