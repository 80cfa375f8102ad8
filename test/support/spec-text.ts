/**
 * The spec's documents (`../shared/spec` from the repository root, as in CI; HUB_SPEC_DIR
 * overrides), for tests that take a table from the spec itself rather than from the hub's code
 * or a copy of their own. The model (test/model) reads the spec through this module, so it
 * imports nothing but Node.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
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

/** rules.md: the spellings of each category ("- Public: `公需科目`, ... Professional: ..."). */
export const categoryWords = ((): Readonly<Record<'public' | 'professional', readonly string[]>> => {
  const [, publicList = '', professionalList = ''] = specLine('rules.md', /^- Public: (.+)\. Professional: (.+?)\./);
  return { public: quotedWords(publicList), professional: quotedWords(professionalList) };
})();

/** The same as a map: spelling to category. */
export const categorySpellings: Readonly<Record<string, 'public' | 'professional'>> = Object.fromEntries([
  ...categoryWords.public.map((word) => [word, 'public'] as const),
  ...categoryWords.professional.map((word) => [word, 'professional'] as const),
]);

/** rules.md's year table: a row's list of topics ("| public topics (公需专题) | a · b · c |"). */
export const specTopics = (row: 'public topics (公需专题)' | 'professional topics (专业专题)'): readonly string[] => {
  const prefix = `| ${row} | `;
  const line = specText('rules.md')
    .split(/\r?\n/)
    .find((text) => text.startsWith(prefix) && text.endsWith(' |'));
  if (line === undefined) throw new SpecTableError(`rules.md has no row "${row}"`);
  return line
    .slice(prefix.length, -' |'.length)
    .split(' · ')
    .map((topic) => topic.trim());
};

/** platforms.md: the wangti export's header row, in its order. */
export const specWangtiHeader = (): readonly string[] =>
  (specLine('platforms.md', /^(流水号,\S+)$/)[1] ?? '').split(',');
