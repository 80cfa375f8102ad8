/**
 * The real bundles: synthesises the stack once with esbuild bundling of every topology entry
 * (as `npm run synth` does) and checks each bundle: ESM with the `require` banner, the AWS SDK
 * bundled in (no package imported at run time), a size in bounds, loadable by Node on its own
 * with its handler exported. Also
 * proves the stub mode of the other infra tests changes nothing but the code.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBanner } from '../../infra/constructs/bundling.js';
import { bundleBytesMax } from '../../infra/function-limits.js';
import { repositoryRoot } from '../../infra/hub-stack.js';
import { functionNames, functions, type FunctionName } from '../../infra/topology.js';
import { callsAws } from './support/calls-aws.js';
import { logicalIdOf, synthHub, type CfnTemplate, type SynthesisedHub } from './support/hub.js';

let real: SynthesisedHub;
let stub: SynthesisedHub;
const sizes = new Map<FunctionName, number>();

const missingEntries = functionNames.filter((name) => !existsSync(path.join(repositoryRoot, functions[name].entry)));

beforeAll(() => {
  if (missingEntries.length > 0) return;
  real = synthHub({ bundle: true, builtinValidation: true });
  stub = synthHub({ bundle: false, builtinValidation: true });
}, 240_000);
afterAll(() => {
  real?.cleanup();
  stub?.cleanup();
  if (sizes.size > 0) {
    const lines = [...sizes].map(
      ([name, bytes]) =>
        `  ${name.padEnd(14)} ${(bytes / 1024).toFixed(1).padStart(7)} KiB${bytes > bundleBytesMax ? '  (over the ceiling)' : ''}`,
    );
    console.log(`bundle sizes (index.mjs):\n${lines.join('\n')}`);
  }
});

const bundleOf = (name: FunctionName): string => {
  const code = real.json.Resources[logicalIdOf(real.stack.functions[name].fn)]!.Properties?.Code as { S3Key: string };
  const hash = code.S3Key.replace(/\.zip$/, '');
  return path.join(real.outdir, `asset.${hash}`, 'index.mjs');
};

describe('real bundles', () => {
  it('every topology entry exists', () => {
    expect(missingEntries).toEqual([]);
  });

  it.each(functionNames)('%s: an ESM asset with the require banner and index.handler', (name) => {
    expect(missingEntries).toEqual([]);
    const properties = real.json.Resources[logicalIdOf(real.stack.functions[name].fn)]!.Properties!;
    expect(properties.Handler).toBe('index.handler');
    expect(properties.Code).toMatchObject({ S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/) });
    const file = bundleOf(name);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(requireBanner)).toBe(true);
    expect(text).not.toMatch(/sourceMappingURL/);
    sizes.set(name, statSync(file).size);
  });

  it.each(functionNames)('%s: the AWS SDK is bundled in where it calls AWS, not imported from the runtime', (name) => {
    expect(missingEntries).toEqual([]);
    const text = readFileSync(bundleOf(name), 'utf8');
    // Statements only: the SDK's own error text mentions `require("@aws-sdk/signature-v4-crt")` in brackets.
    const imports = [...text.matchAll(/(?<![[\w])(from|import\(?|require\()\s*"@aws-sdk\/[^"]+"/g)].map(
      (match) => match[0],
    );
    expect(imports).toEqual([]);
    // The DynamoDB client's own code is inside (its service name appears in its endpoint rules); the console's page calls no AWS.
    if (callsAws(name)) expect(text).toMatch(/dynamodb/i);
    else expect(text).not.toMatch(/@aws-sdk/);
  });

  it.each(functionNames)('%s: under the regression ceiling', (name) => {
    expect(missingEntries).toEqual([]);
    expect(statSync(bundleOf(name)).size).toBeLessThanOrEqual(bundleBytesMax);
  });

  it('every bundle loads in Node and exports handler', () => {
    expect(missingEntries).toEqual([]);
    // Alone in a directory without node_modules: the bundle needs nothing but Node.
    const dir = mkdtempSync(path.join(tmpdir(), 'hub-bundles-'));
    try {
      for (const name of functionNames) {
        const file = path.join(dir, `${name}.mjs`);
        writeFileSync(file, readFileSync(bundleOf(name)));
        const out = execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`,
          ],
          {
            env: { PATH: process.env.PATH ?? '', AWS_REGION: 'cn-north-1', AWS_LAMBDA_FUNCTION_NAME: name },
            encoding: 'utf8',
          },
        );
        expect(out.trim().split('\n').at(-1), name).toBe('function');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('differs from the stub synthesis only in function code and asset metadata', () => {
    expect(missingEntries).toEqual([]);
    const normalise = (template: CfnTemplate): CfnTemplate => {
      const copy = structuredClone(template) as {
        Resources: Record<
          string,
          { Type: string; Properties?: Record<string, unknown>; Metadata?: Record<string, unknown> }
        >;
      };
      for (const resource of Object.values(copy.Resources)) {
        if (resource.Type === 'AWS::Lambda::Function') delete resource.Properties?.Code;
        delete resource.Metadata;
      }
      return copy as unknown as CfnTemplate;
    };
    expect(normalise(real.json)).toEqual(normalise(stub.json));
  });
});
