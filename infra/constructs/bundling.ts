/**
 * How every handler is bundled: the local esbuild (no Docker), minified and tree-shaken ESM
 * for Node 22, the AWS SDK included. Bundled, esbuild keeps only the SDK code a handler uses
 * (a third of `@smithy/core`, for one), where the runtime's copy is loaded and compiled whole:
 * AWS's own advice for Node functions, and what keeps every cold start under `initMsMax` (infra/function-limits.ts).
 * The banner gives CommonJS dependencies the `require` that ESM lacks.
 */
import { Charset, LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** esbuild target, matching the Lambda runtime (nodejs22.x). */
export const bundleTarget = 'node22';

export const requireBanner =
  "import { createRequire as __hubCreateRequire } from 'node:module'; const require = __hubCreateRequire(import.meta.url);";

export const hubBundling: BundlingOptions = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  mainFields: ['module', 'main'],
  target: bundleTarget,
  banner: requireBanner,
  minify: true,
  sourceMap: false,
  // Chinese text in rules and messages stays UTF-8 instead of \uXXXX escapes (smaller bundles).
  charset: Charset.UTF8,
  // Nothing external: the SDK is bundled and tree-shaken with the rest.
  externalModules: [],
  esbuildArgs: { '--tree-shaking': 'true' },
  logLevel: LogLevel.WARNING,
};
