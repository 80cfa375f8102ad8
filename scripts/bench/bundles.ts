/**
 * Lean functions: bundles every topology function exactly as the stack does (the stack's own
 * `hubBundling` options from infra/constructs/bundling.ts, translated to esbuild's API), and
 * reports each bundle's size and module-initialisation time: the bundle imported in a fresh
 * Node process `runs` times, the median of the time the import takes (what a cold start pays
 * before the first event, on top of starting the runtime itself).
 *
 * It also says what is in each bundle (the largest inputs by bytes in the output) and which
 * packages the bundle imports at start, so a regression names its cause.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import {
  functionNames,
  functions,
  queueNames,
  queueVariable,
  deadLetterQueueVariable,
  tableNames,
  tableVariable,
  type FunctionName,
} from '../../infra/topology.js';
import { bundleBytesMax, initMsMax } from '../../infra/function-limits.js';
import { median } from './stats.js';
import { isSdkPackage, packageOf } from './packages.js';

const run = promisify(execFile);

export { bundleBytesMax, initMsMax } from '../../infra/function-limits.js';
export const initRunsDefault = 10;

export const repoRoot = resolve(import.meta.dirname, '..', '..');

export class BundlingOptionsError extends Error {
  override readonly name = 'BundlingOptionsError';
}

/** The CDK options this translation understands; any other set option is refused, so the two cannot drift silently. */
const understood = new Set([
  'forceDockerBundling',
  'format',
  'mainFields',
  'target',
  'banner',
  'minify',
  'sourceMap',
  'charset',
  'externalModules',
  'esbuildArgs',
  'logLevel',
]);

/**
 * esbuild options equal to what NodejsFunction runs for `bundling` (its local bundling:
 * `esbuild --bundle --platform=node --outfile=index.mjs ...`).
 */
export const esbuildOptionsOf = (bundling: BundlingOptions, entry: string, outfile: string): BuildOptions => {
  const unknown = Object.entries(bundling).filter(([name, value]) => value !== undefined && !understood.has(name));
  if (unknown.length > 0)
    throw new BundlingOptionsError(
      `hubBundling sets ${unknown.map(([name]) => name).join(', ')}, which scripts/bench/bundles.ts does not translate yet`,
    );
  const args = bundling.esbuildArgs ?? {};
  const otherArgs = Object.keys(args).filter((name) => name !== '--tree-shaking');
  if (otherArgs.length > 0)
    throw new BundlingOptionsError(
      `hubBundling.esbuildArgs sets ${otherArgs.join(', ')}, which scripts/bench/bundles.ts does not translate yet`,
    );
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    write: true,
    metafile: true,
    format: bundling.format === 'esm' ? 'esm' : 'cjs',
    ...(bundling.mainFields ? { mainFields: bundling.mainFields } : {}),
    ...(bundling.target ? { target: bundling.target } : {}),
    ...(bundling.banner ? { banner: { js: bundling.banner } } : {}),
    minify: bundling.minify ?? false,
    sourcemap: bundling.sourceMap ?? false,
    ...(bundling.charset ? { charset: bundling.charset as 'utf8' | 'ascii' } : {}),
    external: bundling.externalModules ?? ['@aws-sdk/*'],
    ...(args['--tree-shaking'] !== undefined ? { treeShaking: String(args['--tree-shaking']) === 'true' } : {}),
    logLevel: (bundling.logLevel as BuildOptions['logLevel']) ?? 'warning',
  };
};

export interface BundleReport {
  readonly functionName: FunctionName;
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly overSizeGoal: boolean;
  /** Median import time over `runs` fresh processes, ms (undefined: not measured). */
  readonly initMsMedian?: number;
  readonly initMsMin?: number;
  readonly initMsMax?: number;
  readonly initRuns?: number;
  readonly overInitGoal?: boolean;
  /**
   * Of the init time: importing the AWS SDK packages the bundle imports at start (none when
   * the SDK is bundled in), alone in a fresh process (median, same runs), and the rest.
   */
  readonly sdkImportMsMedian?: number;
  readonly ownInitMsMedian?: number;
  /** Bytes of the AWS SDK (`@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*`) in the bundle. */
  readonly sdkBytes: number;
  /** For comparison: the same function with the AWS SDK left to the runtime (as shipped before issue 15; not deployed). */
  readonly sdkExternal?: { readonly bytes: number; readonly initMsMedian: number };
  /** Largest inputs by bytes in the output. */
  readonly largestInputs: ReadonlyArray<{ readonly path: string; readonly bytes: number }>;
  /** Packages (outside the repository) by bytes in the output. */
  readonly packages: ReadonlyArray<{ readonly name: string; readonly bytes: number }>;
  /** External modules the bundle imports (statically: at start). */
  readonly externalImports: readonly string[];
}

const contentsOf = (metafile: Metafile, outfile: string) => {
  const output = Object.entries(metafile.outputs).find(([path]) => resolve(repoRoot, path) === outfile)?.[1];
  if (!output) return { largestInputs: [], packages: [], externalImports: [] };
  const inputs = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({ path, bytes: bytesInOutput }));
  const packages = new Map<string, number>();
  for (const input of inputs) {
    const name = packageOf(input.path);
    if (name) packages.set(name, (packages.get(name) ?? 0) + input.bytes);
  }
  return {
    largestInputs: inputs.sort((a, b) => b.bytes - a.bytes).slice(0, 8),
    packages: [...packages].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes),
    externalImports: [
      ...new Set(output.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path)),
    ].sort(),
  };
};

/** Variables a handler may read at start: dummy resource names, as the stack would set. */
export const initEnvironment = (functionName: FunctionName): Record<string, string> => {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'cn-north-1',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(functions[functionName].memoryMb),
    POWERTOOLS_SERVICE_NAME: 'bench',
  };
  for (const table of tableNames) env[tableVariable(table)] = `bench-${table}`;
  for (const queue of queueNames) {
    env[queueVariable(queue)] = `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/bench-${queue}`;
    env[deadLetterQueueVariable(queue)] = `https://sqs.cn-north-1.amazonaws.com.cn/123456789012/bench-${queue}-dlq`;
  }
  return env;
};

/** The import of `file` (or of the packages, one after another) in a fresh Node process, ms (the process prints it). */
export const measureInitOnce = async (
  file: string | readonly string[],
  env: Record<string, string>,
): Promise<number> => {
  const script =
    typeof file === 'string'
      ? `const t0 = performance.now(); const m = await import(${JSON.stringify(file)}); const t1 = performance.now(); if (typeof m.handler !== 'function') throw new Error('no handler'); console.log(JSON.stringify({ ms: t1 - t0 }));`
      : `const t0 = performance.now(); for (const p of ${JSON.stringify(file)}) await import(p); const t1 = performance.now(); console.log(JSON.stringify({ ms: t1 - t0 }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env,
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return (JSON.parse(line) as { ms: number }).ms;
};

export interface BundleRunOptions {
  readonly outDir?: string;
  /** Fresh processes per function for the init time; 0: sizes only. */
  readonly initRuns?: number;
  readonly only?: readonly FunctionName[];
  /** Also bundle each function with the AWS SDK left to the runtime and time that (a comparison). */
  readonly compareSdkExternal?: boolean;
}

const medianInit = async (
  what: string | readonly string[],
  functionName: FunctionName,
  runs: number,
): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await measureInitOnce(what, initEnvironment(functionName)));
  return times;
};

export const bundleFunctions = async (options: BundleRunOptions = {}): Promise<BundleReport[]> => {
  // Imported here: loading aws-cdk-lib takes a second or two, and only this part needs it.
  const { hubBundling } = await import('../../infra/constructs/bundling.js');
  const outDir = resolve(options.outDir ?? join(repoRoot, '.bench', 'bundles'));
  rmSync(outDir, { recursive: true, force: true });
  const runs = options.initRuns ?? initRunsDefault;
  const reports: BundleReport[] = [];
  for (const functionName of options.only ?? functionNames) {
    const entry = resolve(repoRoot, functions[functionName].entry);
    const dir = join(outDir, functionName);
    mkdirSync(dir, { recursive: true });
    // index.mjs, as the stack's asset; inside the repository so `@aws-sdk/*` resolves from its node_modules (the runtime's copy in Lambda).
    const file = join(dir, 'index.mjs');
    const result = await build(esbuildOptionsOf(hubBundling, entry, file));
    const bytes = statSync(file).size;
    const contents = contentsOf(result.metafile as Metafile, file);
    let init: Partial<BundleReport> = {};
    if (runs > 0) {
      const times = await medianInit(file, functionName, runs);
      const mid = median(times);
      const sdkPackages = contents.externalImports.filter((name) => name.startsWith('@aws-sdk/'));
      const sdk = sdkPackages.length > 0 ? median(await medianInit(sdkPackages, functionName, runs)) : 0;
      init = {
        initMsMedian: mid,
        initMsMin: Math.min(...times),
        initMsMax: Math.max(...times),
        initRuns: runs,
        overInitGoal: mid > initMsMax,
        sdkImportMsMedian: sdk,
        ownInitMsMedian: Math.max(0, mid - sdk),
      };
      if (options.compareSdkExternal) {
        const outside = join(dir, 'sdk-external.mjs');
        await build({ ...esbuildOptionsOf(hubBundling, entry, outside), external: ['@aws-sdk/*'], metafile: false });
        init = {
          ...init,
          sdkExternal: {
            bytes: statSync(outside).size,
            initMsMedian: median(await medianInit(outside, functionName, runs)),
          },
        };
      }
    }
    reports.push({
      functionName,
      entry: functions[functionName].entry,
      file: relative(repoRoot, file),
      bytes,
      overSizeGoal: bytes > bundleBytesMax,
      sdkBytes: contents.packages.filter((p) => isSdkPackage(p.name)).reduce((sum, p) => sum + p.bytes, 0),
      ...init,
      ...contents,
    });
  }
  return reports;
};

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export const describeBundles = (reports: readonly BundleReport[]): string[] => {
  const lines = [`bundles (init median goal < ${initMsMax} ms; size ceiling ${kib(bundleBytesMax)}):`];
  for (const r of reports) {
    const init =
      r.initMsMedian === undefined
        ? ''
        : `  init ${r.initMsMedian.toFixed(0).padStart(4)} ms (min ${r.initMsMin?.toFixed(0)}, max ${r.initMsMax?.toFixed(0)}, ${r.initRuns} runs; of it the AWS SDK ${r.sdkImportMsMedian?.toFixed(0)} ms, own code ${r.ownInitMsMedian?.toFixed(0)} ms)`;
    const flags = [r.overSizeGoal ? 'OVER SIZE CEILING' : '', r.overInitGoal ? 'OVER INIT GOAL' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${r.functionName.padEnd(14)} ${kib(r.bytes).padStart(10)} (AWS SDK ${kib(r.sdkBytes)})${init}${flags ? `  <- ${flags}` : ''}`,
    );
    const top = r.packages
      .slice(0, 4)
      .map((p) => `${p.name} ${kib(p.bytes)}`)
      .join(', ');
    if (top) lines.push(`      packages: ${top}`);
    if (r.externalImports.length > 0) lines.push(`      imports at start: ${r.externalImports.join(', ')}`);
    if (r.sdkExternal)
      lines.push(
        `      with the AWS SDK left to the runtime (comparison, not deployed): ${kib(r.sdkExternal.bytes)}, init ${r.sdkExternal.initMsMedian.toFixed(0)} ms`,
      );
  }
  return lines;
};
