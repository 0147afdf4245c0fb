import { errorFromResponse, invalidResponseError, networkError } from './api-error';
import type { TokenStore } from './token-storage';

export { ApiError, describeError, isApiError } from './api-error';

/** What the client needs from a response schema; every zod schema in `@dtwin/contracts` fits. */
export interface ResponseSchema<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Readonly<Record<string, QueryValue>>;
  /** Serialised as JSON. */
  body?: unknown;
  /**
   * Send the bearer token (default). Authenticated requests that get a 401 clear the token and
   * leave for the login page; `/api/login` and `/api/register` set this to false, so a wrong
   * password is shown where it was typed.
   */
  auth?: boolean;
  signal?: AbortSignal;
  /** Extra request headers, e.g. `If-Match`. */
  headers?: Readonly<Record<string, string>>;
  /** Receives the headers of a successful response, e.g. to keep its `ETag`. */
  onHeaders?: (headers: Headers) => void;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** With a schema the answer is validated and typed; without one it is `unknown` (or undefined on 204). */
export interface RequestFn {
  <T>(path: string, options: RequestOptions & { schema: ResponseSchema<T> }): Promise<T>;
  (path: string, options?: RequestOptions): Promise<unknown>;
}

export interface HttpClient {
  get: RequestFn;
  post: RequestFn;
  put: RequestFn;
  patch: RequestFn;
  delete: RequestFn;
  /** GET a file (report, export) with the token, reading it as it arrives so progress can be shown. */
  download(path: string, options?: DownloadOptions): Promise<DownloadedFile>;
  /** POST a file that is not JSON (a CSV to import) with the token; the answer is read as a file. */
  upload(path: string, options: UploadOptions): Promise<DownloadedFile>;
}

export interface UploadOptions {
  body: Blob | string;
  contentType: string;
  signal?: AbortSignal;
}

export interface DownloadOptions {
  query?: Readonly<Record<string, QueryValue>>;
  signal?: AbortSignal;
  /** The response headers, before the body arrives (e.g. a row count to show progress against). */
  onStart?: (headers: Headers) => void;
  /** Every chunk of the body as it arrives. */
  onChunk?: (chunk: Uint8Array) => void;
}

export interface DownloadedFile {
  blob: Blob;
  /** From `Content-Disposition` (the server names files), or null. */
  fileName: string | null;
}

export interface HttpClientOptions {
  tokens: TokenStore;
  /** Called after a 401 on an authenticated request, once the token is gone. */
  onUnauthorized: () => void;
  /** Prefix for every path; empty means same origin. */
  baseUrl?: string;
}

export function createHttpClient({ tokens, onUnauthorized, baseUrl = '' }: HttpClientOptions): HttpClient {
  async function send(
    method: Method,
    path: string,
    {
      query,
      body,
      auth = true,
      signal,
      schema,
      headers: extraHeaders,
      onHeaders,
    }: RequestOptions & { schema?: ResponseSchema<unknown> },
  ): Promise<unknown> {
    const headers = new Headers({ ...extraHeaders, Accept: 'application/json' });
    if (body !== undefined) headers.set('Content-Type', 'application/json');
    const token = auth ? tokens.get() : null;
    if (token) headers.set('Authorization', `Bearer ${token}`);

    let response: Response;
    let text: string;
    try {
      // `fetch` is looked up on every call so tests (and polyfills) can replace it.
      response = await fetch(baseUrl + path + queryString(query), {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw networkError();
    }

    const payload = parseJson(text);

    if (!response.ok) {
      const error = errorFromResponse(response.status, response.headers, payload.ok ? payload.value : null);
      if (response.status === 401 && auth) {
        tokens.clear();
        onUnauthorized();
      }
      throw error;
    }

    if (!payload.ok) throw invalidResponseError(response.status);
    onHeaders?.(response.headers);
    if (!schema) return payload.value;
    const parsed = schema.safeParse(payload.value);
    if (!parsed.success) {
      console.error(`Unexpected response from ${method} ${path}:`, parsed.error.message);
      throw invalidResponseError(response.status);
    }
    return parsed.data;
  }

  async function download(
    path: string,
    { query, signal, onStart, onChunk }: DownloadOptions = {},
  ): Promise<DownloadedFile> {
    const headers = new Headers();
    const token = tokens.get();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    const guard = async <T>(step: () => Promise<T>): Promise<T> => {
      try {
        return await step();
      } catch (error) {
        if (signal?.aborted) throw error;
        throw networkError();
      }
    };

    const response = await guard(() =>
      fetch(baseUrl + path + queryString(query), { headers, signal, credentials: 'same-origin' }),
    );
    if (!response.ok) {
      const payload = parseJson(await guard(() => response.text()));
      if (response.status === 401) {
        tokens.clear();
        onUnauthorized();
      }
      throw errorFromResponse(response.status, response.headers, payload.ok ? payload.value : null);
    }
    onStart?.(response.headers);
    const parts: Uint8Array[] = [];
    const reader = response.body?.getReader();
    for (;;) {
      const next = reader ? await guard(() => reader.read()) : { done: true as const, value: undefined };
      if (next.done) break;
      parts.push(next.value);
      onChunk?.(next.value);
    }
    const type = response.headers.get('Content-Type') ?? 'application/octet-stream';
    const disposition = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
    return { blob: new Blob(parts as BlobPart[], { type }), fileName: disposition?.[1] ?? null };
  }

  async function upload(path: string, { body, contentType, signal }: UploadOptions): Promise<DownloadedFile> {
    const headers = new Headers({ 'Content-Type': contentType });
    const token = tokens.get();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    let response: Response;
    let blob: Blob;
    try {
      response = await fetch(baseUrl + path, {
        method: 'POST',
        headers,
        body,
        signal,
        credentials: 'same-origin',
      });
      blob = await response.blob();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw networkError();
    }
    if (!response.ok) {
      const payload = parseJson(await blob.text());
      if (response.status === 401) {
        tokens.clear();
        onUnauthorized();
      }
      throw errorFromResponse(response.status, response.headers, payload.ok ? payload.value : null);
    }
    const disposition = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
    return { blob, fileName: disposition?.[1] ?? null };
  }

  const bind =
    (method: Method): RequestFn =>
    (path: string, options: RequestOptions & { schema?: ResponseSchema<unknown> } = {}) =>
      // The overloads of RequestFn tie the result type to the schema; send() does the checking.
      send(method, path, options) as Promise<never>;

  return {
    get: bind('GET'),
    post: bind('POST'),
    put: bind('PUT'),
    patch: bind('PATCH'),
    delete: bind('DELETE'),
    download,
    upload,
  };
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const encoded = params.toString();
  return encoded ? `?${encoded}` : '';
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
