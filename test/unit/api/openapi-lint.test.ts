/**
 * The hub's OpenAPI documents as a third party's linter sees them: `redocly lint` with its
 * recommended rules, no problem at all (errors or warnings), and what every consumer relies on
 * (servers, every operation tagged with a tag the document describes). A new document is one
 * more line in `documents`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { portalOpenApiDocument } from '../../../shared/api/openapi.js';
import { opsOpenApiDocument } from '../../../shared/api/ops-openapi.js';

const documents: Record<string, () => object> = {
  'the portal API (GET /v1/openapi.json)': portalOpenApiDocument,
  'the operators API (GET /ops/openapi.json)': opsOpenApiDocument,
};

const scratch = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface LintReport {
  readonly totals: { readonly errors: number; readonly warnings: number };
  readonly problems: ReadonlyArray<{
    readonly ruleId: string;
    readonly message: string;
    readonly location?: ReadonlyArray<{ readonly pointer?: string }>;
  }>;
}

const redoclyLint = async (document: object, name: string): Promise<LintReport> => {
  const path = join(scratch, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
  writeFileSync(path, JSON.stringify(document, null, 2));
  // Exit code 1 when there are errors; the report is on stdout either way.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['node_modules/@redocly/cli/bin/cli.js', 'lint', '--extends', 'recommended', '--format', 'json', path],
    {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as LintReport;
};

type Document = {
  servers?: unknown[];
  tags?: Array<{ name: string }>;
  paths: Record<string, Record<string, { tags?: string[] }>>;
};

describe.each(Object.entries(documents))('%s', (name, documentOf) => {
  it('passes redocly lint with its recommended rules, without a warning', async () => {
    const report = await redoclyLint(documentOf(), name);
    const problems = report.problems.map((p) => `${p.ruleId} at ${p.location?.[0]?.pointer ?? '?'}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('names its servers and tags every operation with a tag it describes', () => {
    const document = documentOf() as Document;
    expect(document.servers?.length).toBeGreaterThan(0);
    const described = new Set((document.tags ?? []).map((tag) => tag.name));
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        expect(operation.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const tag of operation.tags ?? []) expect(described, `${method} ${path}: ${tag}`).toContain(tag);
      }
    }
  });
});
