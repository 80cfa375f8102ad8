/**
 * API Gateway HTTP API (payload format 2.0) in both directions: an incoming request as the
 * event a Lambda function receives, and the function's result as the HTTP response API Gateway
 * would send.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { localAccountId } from './aws-local.js';
import type { RouteMatch } from './routes.js';

export interface IncomingRequest {
  readonly method: string;
  /** The request target as sent: path and query string, percent-encoded. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly receivedAt: Date;
}

export const splitUrl = (url: string): { rawPath: string; rawQueryString: string } => {
  const mark = url.indexOf('?');
  return mark === -1
    ? { rawPath: url, rawQueryString: '' }
    : { rawPath: url.slice(0, mark), rawQueryString: url.slice(mark + 1) };
};

/** Header names lower-cased; repeated headers joined with commas, as API Gateway does. Cookies go to `cookies`. */
const eventHeaders = (headers: IncomingHttpHeaders): { headers: Record<string, string>; cookies: string[] } => {
  const out: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'cookie') {
      for (const line of Array.isArray(value) ? value : [value])
        cookies.push(
          ...line
            .split(';')
            .map((c) => c.trim())
            .filter((c) => c !== ''),
        );
      continue;
    }
    out[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return { headers: out, cookies };
};

const decodeQueryPart = (part: string): string => {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    // Malformed percent-encoding is passed on as sent, as API Gateway does.
    return part;
  }
};

/** Decoded values; a repeated name gives its values joined with commas. */
const queryParameters = (rawQueryString: string): Record<string, string> | undefined => {
  if (rawQueryString === '') return undefined;
  const out: Record<string, string> = {};
  for (const pair of rawQueryString.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryPart(equals === -1 ? pair : pair.slice(0, equals));
    const value = equals === -1 ? '' : decodeQueryPart(pair.slice(equals + 1));
    out[name] = name in out ? `${out[name]},${value}` : value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

/**
 * The body as text when its bytes are UTF-8 (re-encoding gives the very same bytes, so a
 * signature over the raw body still matches); otherwise base64 with isBase64Encoded.
 */
const eventBody = (raw: Buffer): { body?: string; isBase64Encoded: boolean } => {
  if (raw.length === 0) return { isBase64Encoded: false };
  const text = raw.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(raw)) return { body: text, isBase64Encoded: false };
  return { body: raw.toString('base64'), isBase64Encoded: true };
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
/** `12/Mar/2020:19:03:58 +0000`, API Gateway's requestContext.time. */
const requestTime = (at: Date): string =>
  `${two(at.getUTCDate())}/${months[at.getUTCMonth()]}/${at.getUTCFullYear()}:${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} +0000`;

export const toApiGatewayEvent = (request: IncomingRequest, match: RouteMatch): APIGatewayProxyEventV2 => {
  const { rawPath, rawQueryString } = splitUrl(request.url);
  const { headers, cookies } = eventHeaders(request.headers);
  const queryStringParameters = queryParameters(rawQueryString);
  const host = headers.host ?? 'localhost';
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: match.pathParameters } : {}),
    requestContext: {
      accountId: localAccountId,
      apiId: 'local',
      domainName: host,
      domainPrefix: host.split('.')[0] ?? host,
      http: {
        method: request.method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: match.route.routeKey,
      stage: '$default',
      time: requestTime(request.receivedAt),
      timeEpoch: request.receivedAt.getTime(),
    },
    ...eventBody(request.body),
  };
};

export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

export const gatewayError = (statusCode: number, message: string): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  cookies: [],
  body: Buffer.from(JSON.stringify({ message })),
});

const isStructured = (result: unknown): result is APIGatewayProxyStructuredResultV2 =>
  typeof result === 'object' && result !== null && 'statusCode' in result;

/**
 * A structured result (`statusCode`, `headers`, `cookies`, `body`, `isBase64Encoded`) as it is;
 * anything else is the 2.0 shorthand: 200, `application/json`, a string as the body and any
 * other value as its JSON. A malformed result is API Gateway's 500.
 */
export const toHttpAnswer = (result: unknown): HttpAnswer => {
  if (!isStructured(result)) {
    const body = result === undefined ? '' : typeof result === 'string' ? result : JSON.stringify(result);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      cookies: [],
      body: Buffer.from(body ?? '', 'utf8'),
    };
  }
  const statusCode = Number(result.statusCode);
  if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return gatewayError(500, 'Internal Server Error');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const body =
    result.body === undefined
      ? Buffer.alloc(0)
      : Buffer.from(String(result.body), result.isBase64Encoded ? 'base64' : 'utf8');
  return { statusCode, headers, cookies: result.cookies ?? [], body };
};
