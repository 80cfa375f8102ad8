/**
 * Requests as an OpenAPI document describes them: generated from its schemas (schema-arbitrary.ts),
 * and judged by it (Ajv on the document's own schemas), for the two-way contract test.
 * Parameters are text in a URL: a number parameter is read the way the document's description
 * says the hub reads it, decimal digits only (anything else stays text, which an integer
 * schema refuses).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { schemaArbitrary, type JsonSchema, type SchemaArbitraryOptions } from './schema-arbitrary.js';

interface Parameter {
  readonly in: 'path' | 'query';
  readonly name: string;
  readonly required?: boolean;
  readonly schema: JsonSchema;
}
interface Operation {
  readonly operationId: string;
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: JsonSchema }> };
  readonly responses: Record<string, unknown>;
}
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, JsonSchema> };
}

export interface DocumentedRequest {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export const urlOf = (request: DocumentedRequest): string => {
  const path = request.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(request.pathParams[name] ?? ''),
  );
  const query = new URLSearchParams(request.query).toString();
  return query === '' ? path : `${path}?${query}`;
};

export const operationsOf = (doc: OpenApiDocument): Array<{ method: string; path: string; operation: Operation }> =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );

const refResolver =
  (doc: OpenApiDocument) =>
  (ref: string): JsonSchema => {
    const name = ref.replace('#/components/schemas/', '');
    const schema = doc.components?.schemas?.[name];
    if (!schema) throw new Error(`the document has no ${ref}`);
    return schema;
  };

const jsonBodySchema = (operation: Operation): JsonSchema | undefined =>
  operation.requestBody?.content['application/json']?.schema;

export interface RequestArbitraryOptions extends Omit<SchemaArbitraryOptions, 'resolve'> {
  /**
   * Values of parameters (by name) that the hub holds records of, mixed in with the generated
   * ones, so a lookup or a replay also meets a record that exists (the request must still be one
   * the document allows: the judge checks every one).
   */
  readonly known?: Readonly<Record<string, readonly string[]>>;
}

/** Every request of one operation that the document allows. */
export const requestArbitrary = (
  doc: OpenApiDocument,
  method: string,
  path: string,
  options: RequestArbitraryOptions,
): fc.Arbitrary<DocumentedRequest> => {
  const operation = doc.paths[path]?.[method.toLowerCase()];
  if (!operation) throw new Error(`the document has no ${method} ${path}`);
  const full = { ...options, resolve: refResolver(doc) };
  const text = (parameter: Parameter) => {
    const generated = schemaArbitrary(parameter.schema, full).map(String);
    const known = options.known?.[parameter.name] ?? [];
    return known.length === 0 ? generated : fc.oneof(generated, fc.constantFrom(...known));
  };
  const ofPlace = (place: Parameter['in']) => {
    const parameters = (operation.parameters ?? []).filter((p) => p.in === place);
    const arbitraries = Object.fromEntries(parameters.map((p) => [p.name, text(p)]));
    return fc.record(arbitraries, {
      requiredKeys: parameters.filter((p) => p.required).map((p) => p.name),
    }) as fc.Arbitrary<Record<string, string>>;
  };
  const bodySchema = jsonBodySchema(operation);
  return fc
    .record({
      pathParams: ofPlace('path'),
      query: ofPlace('query'),
      body: bodySchema === undefined ? fc.constant(undefined) : schemaArbitrary(bodySchema, full),
    })
    .map((parts) => ({ operationId: operation.operationId, method, path, ...parts }));
};

/** Parameter text as the hub reads a number: decimal digits only. */
const parameterValue = (text: string, schema: JsonSchema): unknown => {
  const numeric =
    schema.type === 'integer' ||
    schema.type === 'number' ||
    (Array.isArray(schema.enum) && typeof schema.enum[0] === 'number');
  return numeric && /^[0-9]+$/.test(text) ? Number(text) : text;
};

type SchemaCheck = (schema: JsonSchema, value: unknown) => string[];

/** Ajv on the document's own schemas: what is wrong with a value, empty when the schema allows it. */
const schemaCheckOf = (
  doc: OpenApiDocument,
  formats: Readonly<Record<string, (value: string) => boolean>>,
): SchemaCheck => {
  // multipleOf in decimal arithmetic: by binary floating point 64.27 / 0.01 is 6427.000000000001, and Ajv would call it no multiple of 0.01.
  const ajv = new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 9 });
  addFormats.default(ajv);
  for (const [name, check] of Object.entries(formats)) ajv.addFormat(name, check);
  // Each schema is compiled with the document's components beside it, so its `#/components/...` refs resolve.
  const compiled = new Map<JsonSchema, ReturnType<typeof ajv.compile>>();
  return (schema, value) => {
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '/'} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`,
    );
  };
};

/**
 * Judges an answer by the document: what is wrong with its body for the schema the document
 * gives its status (a field it does not describe, one missing, a wrong type), empty when it
 * conforms. The schemas of the answers have `additionalProperties: false`, so a field the hub
 * returns and the document omits is wrong here.
 */
export const answerJudge = (doc: OpenApiDocument, formats: Readonly<Record<string, (value: string) => boolean>>) => {
  const check = schemaCheckOf(doc, formats);
  return (request: Pick<DocumentedRequest, 'method' | 'path'>, status: number, body: unknown): string[] => {
    const response = doc.paths[request.path]?.[request.method.toLowerCase()]?.responses[String(status)] as
      | { readonly content?: Record<string, { readonly schema: JsonSchema }> }
      | undefined;
    const schema = response?.content?.['application/json']?.schema;
    if (schema === undefined)
      return [`the document gives ${request.method} ${request.path} no JSON answer for ${status}`];
    return check(schema, body);
  };
};

/** Judges a request by the document: the names of the parameters and body that it says are wrong, empty when it allows it. */
export const documentJudge = (doc: OpenApiDocument, formats: Readonly<Record<string, (value: string) => boolean>>) => {
  const check = schemaCheckOf(doc, formats);
  const valid = (schema: JsonSchema, value: unknown): boolean => check(schema, value).length === 0;
  return (request: DocumentedRequest): string[] => {
    const operation = doc.paths[request.path]?.[request.method.toLowerCase()];
    if (!operation) throw new Error(`the document has no ${request.method} ${request.path}`);
    const wrong: string[] = [];
    for (const parameter of operation.parameters ?? []) {
      const given = parameter.in === 'path' ? request.pathParams : request.query;
      const text = given[parameter.name];
      if (
        text === undefined
          ? parameter.required === true
          : !valid(parameter.schema, parameterValue(text, parameter.schema))
      )
        wrong.push(parameter.name);
    }
    const bodySchema = jsonBodySchema(operation);
    if (bodySchema !== undefined && !valid(bodySchema, request.body)) wrong.push('body');
    return wrong;
  };
};
