/**
 * The bench's bundle script (scripts/bench/bundles.ts) bundles every topology function with
 * the stack's own options (infra/constructs/bundling.ts hubBundling, translated to esbuild's
 * API): one bundle per function, as the stack's asset would be, and it refuses a bundling
 * option it does not translate rather than measure something else.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubBundling, requireBanner } from '../../infra/constructs/bundling.js';
import { functionNames } from '../../infra/topology.js';
import { callsAws } from './support/calls-aws.js';
import {
  bundleFunctions,
  BundlingOptionsError,
  esbuildOptionsOf,
  repoRoot,
  type BundleReport,
} from '../../scripts/bench/bundles.js';

let outDir: string;
let reports: BundleReport[];

beforeAll(async () => {
  mkdirSync(join(repoRoot, '.bench'), { recursive: true });
  outDir = mkdtempSync(join(repoRoot, '.bench', 'test-bundles-'));
  reports = await bundleFunctions({ outDir, initRuns: 0 });
}, 120_000);
afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('the bench bundles', () => {
  it('makes one bundle per topology function', () => {
    expect(reports.map((r) => r.functionName)).toEqual(functionNames);
  });

  it.each(functionNames)(
    '%s: a minified ESM index.mjs with the banner, its size reported, the AWS SDK bundled in where it calls AWS',
    (name) => {
      const report = reports.find((r) => r.functionName === name)!;
      const file = join(repoRoot, report.file);
      expect(file.endsWith(join(name, 'index.mjs'))).toBe(true);
      expect(report.bytes).toBe(statSync(file).size);
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith(requireBanner)).toBe(true);
      // A function that calls AWS carries its SDK clients (bundled, as the stack bundles them); the console's page calls none.
      expect(report.packages.some((p) => p.name === '@aws-sdk/client-dynamodb')).toBe(callsAws(name));
      if (callsAws(name)) {
        expect(report.sdkBytes).toBeGreaterThan(0);
        expect(report.sdkBytes).toBeLessThan(report.bytes);
      } else expect(report.sdkBytes).toBe(0);
      expect(report.externalImports.filter((i) => !i.startsWith('node:'))).toEqual([]);
    },
  );

  it('translates the stack options and refuses one it does not know', () => {
    const options = esbuildOptionsOf(hubBundling, 'entry.ts', join(tmpdir(), 'x.mjs'));
    expect(options).toMatchObject({
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      treeShaking: true,
      external: [],
      target: 'node22',
      charset: 'utf8',
    });
    expect(() => esbuildOptionsOf({ ...hubBundling, define: { X: '1' } }, 'entry.ts', 'x.mjs')).toThrow(
      BundlingOptionsError,
    );
  });
});
