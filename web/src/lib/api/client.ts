/** A failed API call: the server's `{error, message}` when it sent one, else what went wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /**
   * Shown to the user verbatim (as text): the server's message, which names what went wrong;
   * its machine code (`not_found:`) is for programs, not for the reader.
   */
  get text(): string {
    return this.message;
  }
}

export const API_BASE = '/api/v1';

/** Where the API is: same origin in the browser ('' = relative); tests point it at a loopback server. */
export const apiOrigin = { value: '' };

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  /** The admin token, sent as `Authorization: Bearer`; never in the URL. */
  token?: string;
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** `/clusters/a b/topics` from segments, each one encoded. */
export function apiPath(...segments: (string | number)[]): string {
  return segments.map((s) => `/${encodeURIComponent(String(s))}`).join('');
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(`${apiOrigin.value}${API_BASE}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new ApiError(0, 'network', `Kestrel did not answer: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say); reported below with the status.
  }
  if (!response.ok) {
    const err = body as { error?: unknown; message?: unknown } | null;
    throw new ApiError(
      response.status,
      typeof err?.error === 'string' ? err.error : `http_${response.status}`,
      typeof err?.message === 'string' ? err.message : `HTTP ${response.status} ${response.statusText}`,
    );
  }
  return body as T;
}
