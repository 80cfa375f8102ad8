/**
 * The one shape of the three platforms' input fuzz tests (test/unit/fuzz/<platform>-inputs): a
 * valid payload is broken one field at a time, and each outcome must be a refusal that names
 * the field as the platform names it, or a version faithful to what was sent (checked by the
 * test's own reading of platforms.md, never by the adapter's code). A fuzz test imports it as
 * `fuzz` and reads as its steps: `fuzz.setAt`, `fuzz.itRefusesEachInvalidField`, ...
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { CompletionVersion } from '../../shared/completion.js';
import { idCardCheckCharacter } from '../../shared/person/id-card.js';
import type { Result } from '../../shared/result.js';
import { dotted, remove, setAt, type Path } from './mutations.js';
import { categorySpellings } from './spec-text.js';

/** The mutations the harness builds on, so a fuzz test reads everything of its shape from one module. */
export * from './mutations.js';

type Problems = ReadonlyArray<{ readonly field: string }>;

/** A problem names the touched field when its field is that path, inside it, or the object that holds it. */
export const namesPath = (problems: Problems, path: Path): boolean =>
  problems.some(
    ({ field }) =>
      field !== '' &&
      (field === dotted(path) || field.startsWith(`${dotted(path)}.`) || dotted(path).startsWith(`${field}.`)),
  );

/** Names the field exactly: a problem whose field is `fieldName(path)` (by default the dotted path). */
export const namesExactly =
  (fieldName: (path: Path) => string = dotted) =>
  (problems: Problems, path: Path): boolean =>
    problems.some(({ field }) => field === fieldName(path));

/** With each of `paths` taken away from a copy of `valid`, a refusal that `names` says names it. */
export const expectEachRemovalNamed = (
  valid: unknown,
  paths: readonly Path[],
  normalise: (sent: unknown) => Result<unknown>,
  names: (problems: Problems, path: Path) => boolean = namesPath,
): void => {
  for (const path of paths) {
    const result = normalise(setAt(valid, path, remove));
    expect({ path: dotted(path), ok: result.ok }).toEqual({ path: dotted(path), ok: false });
    if (!result.ok)
      expect(names(result.problems, path), `${dotted(path)}: ${JSON.stringify(result.problems)}`).toBe(true);
  }
};

/**
 * For every change (a path, and a value put there in a copy of `valid`): a refusal that `names`
 * says names the path (by default: `namesPath`), or a version `expectFaithful` finds true to what
 * was sent.
 */
export const expectEachChangeNamedOrFaithful = <V>(
  valid: unknown,
  changes: fc.Arbitrary<readonly [Path, unknown]>,
  normalise: (sent: unknown) => Result<V>,
  expectFaithful: (sent: Record<string, unknown>, version: V) => void,
  options: { readonly numRuns: number; readonly names?: (problems: Problems, path: Path) => boolean },
): void => {
  const names = options.names ?? namesPath;
  fc.assert(
    fc.property(changes, ([path, value]) => {
      const sent = setAt(valid, path, value) as Record<string, unknown>;
      const result = normalise(sent);
      if (result.ok) expectFaithful(sent, result.value);
      else
        expect(
          names(result.problems, path),
          `${dotted(path)} = ${JSON.stringify(value).slice(0, 80)}: ${JSON.stringify(result.problems)}`,
        ).toBe(true);
    }),
    { numRuns: options.numRuns },
  );
};

/** Whether a version takes its record back (a revocation, or a completion marked withdrawn). */
export const withdraws = (version: CompletionVersion): boolean =>
  version.kind === 'withdrawal' || (version.kind === 'completion' && version.withdrawn === true);

/** An ID card number of the right shape whose check character is wrong (either case of X). */
export const wrongCheckIdCardArbitrary: fc.Arbitrary<string> = fc.stringMatching(/^\d{17}$/).chain((first17) =>
  fc
    .constantFrom(...'0123456789Xx'.split(''))
    .filter((c) => c.toUpperCase() !== idCardCheckCharacter(first17))
    .map((c) => `${first17}${c}`),
);

/** Text that, trimmed, is none of rules.md's six category spellings. */
export const notACategoryArbitrary: fc.Arbitrary<string> = fc
  .string()
  .filter((s) => !Object.hasOwn(categorySpellings, s.trim()));

/** Per field, values a valid record must never be credited with. */
export type InvalidCases<V> = ReadonlyArray<readonly [field: string, values: fc.Arbitrary<V>]>;

/**
 * One test per field: with that field set to any of its invalid values, the record is refused
 * and a problem names `fieldName(field)` (the platform's own name for it).
 */
export const itRefusesEachInvalidField = <V>(
  title: string,
  cases: InvalidCases<V>,
  resultWith: (field: string, value: V) => Result<unknown>,
  options: { readonly numRuns: number; readonly fieldName?: (field: string) => string },
): void => {
  it.each(cases.map(([field, values]) => [field, values] as const))(title, (field, values) => {
    fc.assert(
      fc.property(values, (value) => {
        const result = resultWith(field, value);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(options.fieldName?.(field) ?? field);
      }),
      { numRuns: options.numRuns },
    );
  });
};

/** A refusal explains itself: at least one problem, each with a message and, where `fieldNamed`, a field. */
export const expectExplainedRefusal = (result: Result<unknown>, fieldNamed: boolean): void => {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) {
    expect(problem.message.length).toBeGreaterThan(0);
    if (fieldNamed) expect(problem.field).not.toBe('');
  }
};

/** What the fuzz tests read of a version to check it against what was sent. */
export interface SentVersion {
  readonly kind: string;
  readonly recordId: string;
  readonly withdrawn?: boolean;
  readonly passed?: boolean;
  readonly hundredths?: number;
  readonly person?: { readonly idCardLast4: string };
}
