/**
 * The console's calls to the operators API. The ops key lives in this tab's sessionStorage
 * only: it goes in the Authorization header, never in a URL or a cookie, and is forgotten when
 * the tab closes or the hub refuses it. Paths are relative to the page (`/ops/console`), so
 * the same page works under any stage prefix.
 */
const keyItem = 'hub.opsKey';

export const storedKey = (): string | null => sessionStorage.getItem(keyItem);
export const rememberKey = (key: string): void => sessionStorage.setItem(keyItem, key);
export const forgetKey = (): void => sessionStorage.removeItem(keyItem);

/** An answer that is not 2xx, with the hub's error message (`{ error: { code, message } }`). */
export class HubError extends Error {
  override readonly name = 'HubError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The key was refused (401): the console asks for it again. */
export const isUnauthorized = (error: unknown): boolean => error instanceof HubError && error.status === 401;

/** Dispatched on the document when the hub refuses the key in use: main.ts asks for it again. */
export const keyRefusedEvent = 'hub:key-refused';

const errorOf = (status: number, body: unknown): HubError => {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http-${status}`;
  const message = typeof error?.message === 'string' ? error.message : `the hub answered ${status}`;
  return new HubError(status, code, message);
};

/** Calls `path` (relative to /ops/) with the stored key; answers the JSON body of a 2xx. */
export const callHub = async <T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<T> => {
  const key = storedKey();
  if (key === null) throw new HubError(401, 'unauthorized', 'enter the ops key first');
  const response = await fetch(new URL(path, location.href), {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${key}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: 'omit',
    cache: 'no-store',
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON (a gateway's own answer): reported by status below
  }
  // A late answer to a key already replaced says nothing about the key in use now.
  if (response.status === 401 && storedKey() === key) document.dispatchEvent(new Event(keyRefusedEvent));
  if (!response.ok) throw errorOf(response.status, body);
  return body as T;
};

/** A query string from the values that are set. */
export const queryOf = (values: Readonly<Record<string, string | number | undefined>>): string => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values))
    if (value !== undefined && value !== '') query.set(name, String(value));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
};
