/**
 * The spec's example payloads. They live in the shared folder beside the checkout
 * (`../shared/examples` from the repository root), as in CI; HUB_EXAMPLES_DIR overrides.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const examplesDir = process.env.HUB_EXAMPLES_DIR ?? join(repoRoot, '..', 'shared', 'examples');

export const exampleNames = [
  'hnu-completion-created.json',
  'hnu-completion-updated.json',
  'hnu-completion-revoked.json',
  'jxnu-batch.json',
  'wangti-export-page.csv',
] as const;
export type ExampleName = (typeof exampleNames)[number];

export class MissingExampleError extends Error {
  override readonly name = 'MissingExampleError';
}

/** The example's text exactly as stored (byte-order mark and CRLF included). */
export const exampleText = (name: ExampleName): string => {
  const path = join(examplesDir, name);
  if (!existsSync(path))
    throw new MissingExampleError(
      `example ${name} not found in ${examplesDir} (set HUB_EXAMPLES_DIR to the shared examples folder)`,
    );
  return readFileSync(path, 'utf8');
};

export const exampleJson = (name: ExampleName): Record<string, unknown> =>
  JSON.parse(exampleText(name)) as Record<string, unknown>;
