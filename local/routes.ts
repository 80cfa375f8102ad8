/**
 * The topology's HTTP routes, matched as API Gateway HTTP APIs match them: method and path,
 * `{name}` takes one whole path segment, and a literal segment wins over a parameter.
 */
import { functionNames, functions, type FunctionName, type RouteDef } from '../infra/topology.js';

export interface Route {
  readonly functionName: FunctionName;
  readonly method: RouteDef['method'];
  readonly path: string;
  /** `POST /webhooks/hnu`, as in the event's routeKey. */
  readonly routeKey: string;
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly route: Route;
  readonly pathParameters: Record<string, string>;
}

const parameterName = (segment: string): string | undefined => /^\{([^{}]+)\}$/.exec(segment)?.[1];

const splitPath = (path: string): string[] => path.split('/').slice(1);

export const topologyRoutes = (): Route[] =>
  functionNames.flatMap((functionName) =>
    functions[functionName].routes.map((route) => ({
      functionName,
      method: route.method,
      path: route.path,
      routeKey: `${route.method} ${route.path}`,
      segments: splitPath(route.path),
    })),
  );

/** Literal segments first, position by position: `/a/b` before `/a/{x}`. */
const specificity = (route: Route): string =>
  route.segments.map((segment) => (parameterName(segment) === undefined ? '0' : '1')).join('');

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Malformed percent-encoding: this segment matches no parameter.
    return undefined;
  }
};

/** `rawPath` is the path as sent (still percent-encoded); parameters are decoded. */
export const matchRoute = (routes: readonly Route[], method: string, rawPath: string): RouteMatch | undefined => {
  const segments = splitPath(rawPath);
  const candidates = routes
    .filter((route) => route.method === method && route.segments.length === segments.length)
    .sort((a, b) => specificity(a).localeCompare(specificity(b)));
  for (const route of candidates) {
    const pathParameters: Record<string, string> = {};
    const matches = route.segments.every((pattern, i) => {
      const actual = segments[i] ?? '';
      const name = parameterName(pattern);
      if (name === undefined) return pattern === actual;
      const value = decode(actual);
      if (value === undefined || value === '') return false;
      pathParameters[name] = value;
      return true;
    });
    if (matches) return { route, pathParameters };
  }
  return undefined;
};
