/**
 * How every handler is bundled: the local esbuild (no Docker), minified and tree-shaken ESM
 * for Node 22, with the AWS SDK left to the Lambda runtime. The banner gives CommonJS
 * dependencies the `require` that ESM lacks.
 */
import { Charset, LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/** esbuild target, matching the Lambda runtime (nodejs22.x). */
export const bundleTarget = 'node22';

/** Size a bundled handler should stay under, bytes (cold starts grow with it). */
export const bundleBytesMax = 250 * 1024;

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
  externalModules: ['@aws-sdk/*'],
  esbuildArgs: { '--tree-shaking': 'true' },
  logLevel: LogLevel.WARNING,
};
