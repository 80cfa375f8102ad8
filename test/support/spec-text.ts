/**
 * The spec's documents (`../shared/spec` from the repository root, as in CI; HUB_SPEC_DIR
 * overrides), for tests that take a table from the spec itself rather than from the hub's code
 * or a copy of their own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './examples.js';

export const specDir = process.env.HUB_SPEC_DIR ?? join(repoRoot, '..', 'shared', 'spec');

export type SpecDocument = 'rules.md' | 'platforms.md' | 'hub-api.md';

export class SpecTableError extends Error {
  override readonly name = 'SpecTableError';
}

export const specText = (document: SpecDocument): string => readFileSync(join(specDir, document), 'utf8');

/** The first line of `document` that `pattern` matches, its groups; a spec edited out of shape fails loudly. */
export const specLine = (document: SpecDocument, pattern: RegExp): RegExpMatchArray => {
  for (const line of specText(document).split(/\r?\n/)) {
    const match = pattern.exec(line);
    if (match) return match;
  }
  throw new SpecTableError(`${document} has no line like ${pattern}`);
};

/** The words of a backquoted list: "`a`, `b`, `c`" gives a, b, c. */
export const quotedWords = (text: string): string[] => [...text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);

/** rules.md: the six category spellings, and the category each names. */
export const categorySpellings = ((): Readonly<Record<string, 'public' | 'professional'>> => {
  const [, publicList = '', professionalList = ''] = specLine('rules.md', /^- Public: (.+)\. Professional: (.+?)\./);
  return Object.fromEntries([
    ...quotedWords(publicList).map((word) => [word, 'public'] as const),
    ...quotedWords(professionalList).map((word) => [word, 'professional'] as const),
  ]);
})();
