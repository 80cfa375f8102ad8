/**
 * A small fuzzer: fast-check arbitraries of the values a JSON Schema (an OpenAPI document's)
 * allows, read from the document alone. A keyword it does not know is an error, so no
 * constraint of the document is silently left out; a `format` with no generator given is an
 * error too (pattern-only strings are generated from their pattern).
 */
import fc from 'fast-check';

export type JsonSchema = Readonly<Record<string, unknown>>;

export interface SchemaArbitraryOptions {
  /** The schema a `$ref` names. */
  readonly resolve: (ref: string) => JsonSchema;
  /** Generators for formats a pattern does not say all of. */
  readonly formats: Readonly<Record<string, fc.Arbitrary<string>>>;
  /** Longest array generated, whatever maxItems allows (requests stay small). */
  readonly itemsMax: number;
}

/** Keywords that only describe. */
const annotations = new Set(['description', 'example', 'examples', 'default', 'title', 'id']);
const understood = new Set([
  '$ref',
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
]);
/** Formats whose every constraint the schema's pattern also states (zod writes both). */
const formatsSaidByPattern = new Set(['date-time']);

const decimalsOf = (step: number): number => (String(step).split('.')[1] ?? '').length;

const numberArbitrary = (schema: JsonSchema): fc.Arbitrary<number> => {
  const step = (schema.multipleOf as number | undefined) ?? (schema.type === 'integer' ? 1 : undefined);
  if (step === undefined) throw new Error(`a number without multipleOf is not generated: ${JSON.stringify(schema)}`);
  const lowest =
    (schema.minimum as number | undefined) ??
    ((schema.exclusiveMinimum as number | undefined) === undefined ? -1e6 : (schema.exclusiveMinimum as number) + step);
  const highest =
    (schema.maximum as number | undefined) ??
    ((schema.exclusiveMaximum as number | undefined) === undefined ? 1e6 : (schema.exclusiveMaximum as number) - step);
  const decimals = decimalsOf(step);
  // Multiples of the step written as a decimal would be (0.57, not 57 * 0.01 = 0.5700000000000001).
  return fc
    .integer({ min: Math.ceil(lowest / step), max: Math.floor(highest / step) })
    .map((k) => Number((k * step).toFixed(decimals)));
};

const stringArbitrary = (schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<string> => {
  const format = schema.format as string | undefined;
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = (schema.maxLength as number | undefined) ?? 512;
  const fits = (value: string) => value.length >= minLength && value.length <= maxLength;
  if (format !== undefined && !formatsSaidByPattern.has(format)) {
    const generator = options.formats[format];
    if (!generator) throw new Error(`no generator for format ${format}`);
    return generator;
  }
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern as string)).filter(fits);
  if (format !== undefined) throw new Error(`format ${format} without its pattern`);
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
};

const objectArbitrary = (
  schema: JsonSchema,
  options: SchemaArbitraryOptions,
): fc.Arbitrary<Record<string, unknown>> => {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const arbitraries = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [name, schemaArbitrary(property, options)]),
  );
  return fc.record(arbitraries, { requiredKeys: (schema.required as string[] | undefined) ?? [] }) as fc.Arbitrary<
    Record<string, unknown>
  >;
};

export const schemaArbitrary = (schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> => {
  const unknown = Object.keys(schema).filter((key) => !understood.has(key) && !annotations.has(key));
  if (unknown.length > 0) throw new Error(`keywords the fuzzer does not know: ${unknown.join(', ')}`);
  if (typeof schema.$ref === 'string') return schemaArbitrary(options.resolve(schema.$ref), options);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return stringArbitrary(schema, options);
    case 'integer':
    case 'number':
      return numberArbitrary(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(
        minLength,
        Math.min((schema.maxItems as number | undefined) ?? options.itemsMax, options.itemsMax),
      );
      return fc.array(schemaArbitrary(schema.items as JsonSchema, options), { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, options);
    default:
      throw new Error(`type the fuzzer does not know: ${JSON.stringify(schema.type)}`);
  }
};
