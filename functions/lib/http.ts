/**
 * HTTP plumbing for the API Gateway (payload v2) handlers: the hub's error format
 * (`{ error: { code, message, details } }`, hub-api.md), JSON answers, body limits.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ErrorResponse } from '../../shared/api/portal-schemas.js';
import { bodyBytesMax } from '../../shared/request-limits.js';
import { problemsFromZod, type FieldProblem } from '../../shared/result.js';

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: readonly FieldProblem[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const json = (
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(body),
});

/** The one place an error answer is made: typed by the schema both OpenAPI documents show (`Error`). */
export const problemResponse = (problem: HttpProblem): APIGatewayProxyStructuredResultV2 => {
  const body: ErrorResponse = {
    error: { code: problem.code, message: problem.message, details: [...problem.details] },
  };
  return json(problem.statusCode, body);
};

/** The raw body bytes as the sender signed them. */
export const rawBodyOf = (event: APIGatewayProxyEventV2): Buffer =>
  event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

export const assertBodySize = (raw: Buffer): void => {
  if (raw.length > bodyBytesMax)
    throw new HttpProblem(413, 'body-too-large', `body is ${raw.length} bytes; the limit is ${bodyBytesMax}`);
};

export const headerOf = (event: APIGatewayProxyEventV2, name: string): string | undefined => {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === lower) return value;
  return undefined;
};

/** Parses a JSON body against a schema, or a 400 naming every bad field. */
export const parseJsonBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> => {
  const raw = rawBodyOf(event);
  assertBodySize(raw);
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (cause) {
    throw new HttpProblem(400, 'invalid-json', 'body is not valid JSON', [], { cause });
  }
  return parseWith(schema, value, 'body');
};

export const parseWith = <S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const details = problemsFromZod(parsed.error);
  throw new HttpProblem(
    400,
    'invalid-request',
    `${what}: ${details.map((d) => `${d.field || what}: ${d.message}`).join('; ')}`,
    details,
  );
};
