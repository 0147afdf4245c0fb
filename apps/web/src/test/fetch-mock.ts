import { vi } from 'vitest';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The parsed JSON body, if any. */
  body: unknown;
}

export interface Reply {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fixed reply, a function of the request, or `'network-error'` to make fetch reject. */
export type Route = Reply | 'network-error' | ((request: RecordedRequest) => Reply | Promise<Reply>);

/**
 * Replaces `fetch` with a fake server answering `"METHOD /path"` routes (the query string is not
 * part of the key). Unknown routes answer 501 so a test sees it in the page. The server itself
 * is tested separately; these tests are about what the page does with its answers.
 */
export function mockApi(routes: Record<string, Route>) {
  const requests: RecordedRequest[] = [];

  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input), 'http://localhost');
    const request: RecordedRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(request);

    const route = routes[`${request.method} ${request.path}`];
    if (route === 'network-error') throw new TypeError('Failed to fetch');
    const reply: Reply = !route
      ? {
          status: 501,
          body: { error: { code: 'internal', message: `no mock for ${request.method} ${request.path}` } },
        }
      : typeof route === 'function'
        ? await route(request)
        : route;
    const status = reply.status ?? 200;
    const text = status === 204 || reply.body === undefined ? null : JSON.stringify(reply.body);
    return new Response(text, {
      status,
      headers: { ...(text === null ? {} : { 'Content-Type': 'application/json' }), ...reply.headers },
    });
  });

  vi.stubGlobal('fetch', fetchMock);

  return {
    requests,
    /** Requests to one route, oldest first. */
    calls: (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path),
  };
}

export function errorReply(
  status: number,
  code: string,
  message: string,
  fields?: Record<string, string>,
): Reply {
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}
