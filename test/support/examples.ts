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

/**
 * The answer to the example jxnu batch (platforms.md: a result per record, in order): record 2's
 * check character is wrong; record 4, withdrawn (zt = 0), is accepted like any other.
 */
export const jxnuExampleAnswer = {
  batch_no: '20241231-0007',
  results: [
    { xh: 'JXNU202412310001', status: 'accepted' },
    { xh: 'JXNU202412310002', status: 'rejected', error: 'sfzh: check character does not match' },
    { xh: 'JXNU202412310003', status: 'accepted' },
    { xh: 'JXNU202401150044', status: 'accepted' },
  ],
} as const;
