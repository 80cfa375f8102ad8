/**
 * Mutations of a valid platform payload for the fuzzers: take one field (by path) away, or
 * put a value of the wrong kind in its place, and know which field was touched so the test can
 * ask that the error names it.
 */
import fc from 'fast-check';

export type Path = readonly (string | number)[];

/** Every property path of a JSON value, objects and arrays included (not the root). */
export const pathsOf = (value: unknown, prefix: Path = []): Path[] => {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, inner]) => [
      [...prefix, key],
      ...pathsOf(inner, [...prefix, key]),
    ]);
  }
  return [];
};

export const getAt = (value: unknown, path: Path): unknown =>
  path.reduce<unknown>((at, key) => (at as Record<string | number, unknown> | undefined)?.[key], value);

/** Marks a field to take away. */
export const remove = Symbol('remove');
/** A deep copy with the value at `path` replaced (or removed when `replacement` is `remove`). */
export const setAt = (value: unknown, path: Path, replacement: unknown): unknown => {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown> | null | undefined;
  const key = path[path.length - 1] as string | number;
  // An earlier mutation replaced the parent with something that holds no fields: nothing to change.
  if (parent === null || typeof parent !== 'object') return copy;
  if (replacement === remove) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else parent[key] = replacement;
  return copy;
};

export const dotted = (path: Path): string => path.map(String).join('.');

/** A value of a different JSON kind than `current` (so a schema that wants `current`'s kind must refuse it). */
export const otherKindArbitrary = (current: unknown): fc.Arbitrary<unknown> => {
  const kinds: Array<fc.Arbitrary<unknown>> = [];
  if (typeof current !== 'string') kinds.push(fc.string());
  if (typeof current !== 'number') kinds.push(fc.oneof(fc.integer(), fc.double({ noNaN: true })));
  if (typeof current !== 'boolean') kinds.push(fc.boolean());
  if (current !== null) kinds.push(fc.constant(null));
  if (!Array.isArray(current)) kinds.push(fc.array(fc.integer(), { maxLength: 3 }));
  if (current === null || typeof current !== 'object' || Array.isArray(current))
    kinds.push(fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }));
  return fc.oneof(...kinds);
};

/** Strings a platform might send by mistake or malice: empty, huge, control and odd Unicode characters, numbers as text. */
export const hostileStringArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uFEFF',
    '\u202E',
    'NaN',
    'Infinity',
    '-0',
    '1e309',
    '0x10',
    '１２',
    '1,5',
    '<script>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: text that looks like a template placeholder, sent as is
    '${x}',
    '../../etc/passwd',
    "'; DROP TABLE x; --",
  ),
  fc.string({ minLength: 250, maxLength: 2_000 }),
);

/** One of `paths` and a value of another kind than `valid` holds there, or (with `hostileText`) hostile text too. */
export const replacedFieldArbitrary = (
  valid: unknown,
  paths: readonly Path[],
  options: { readonly hostileText?: boolean } = {},
): fc.Arbitrary<readonly [Path, unknown]> =>
  fc
    .constantFrom(...paths)
    .chain((path) =>
      fc.tuple(
        fc.constant(path),
        options.hostileText
          ? fc.oneof(otherKindArbitrary(getAt(valid, path)), hostileStringArbitrary)
          : otherKindArbitrary(getAt(valid, path)),
      ),
    );

/** A change to a payload, applied to a copy. */
export type Mutation = (value: unknown) => unknown;

/**
 * One field of `valid` (one of `paths`) taken away, replaced by a value of another kind, or (one
 * of `textPaths`) replaced by hostile text: the three mutations every platform's payload gets.
 */
export const fieldMutationArbitrary = (
  valid: unknown,
  paths: readonly Path[],
  textPaths: readonly Path[] = paths,
): fc.Arbitrary<Mutation> =>
  fc.oneof(
    fc.constantFrom(...paths).map(
      (path): Mutation =>
        (value) =>
          setAt(value, path, remove),
    ),
    fc.constantFrom(...paths).chain((path) =>
      otherKindArbitrary(getAt(valid, path)).map(
        (other): Mutation =>
          (value) =>
            setAt(value, path, other),
      ),
    ),
    fc.tuple(fc.constantFrom(...textPaths), hostileStringArbitrary).map(
      ([path, text]): Mutation =>
        (value) =>
          setAt(value, path, text),
    ),
  );
