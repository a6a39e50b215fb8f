import { type FailureKind, httpStatusFailure } from './failure.ts';
import { redactText } from './redact.ts';

// The one way a channel talks HTTP: POST a body with Node's fetch, honour the attempt's
// AbortSignal, read at most a few KiB of the reply, and fail with a message that names the
// target and the status but never a secret.

const MAX_REPLY_BYTES = 16 * 1024;
const MAX_EXCERPT = 200;

export interface PostRequest {
  url: string;
  /** How the target is named in errors, e.g. the origin only when the path holds a token. */
  target: string;
  body: string;
  headers?: Readonly<Record<string, string>>;
  signal: AbortSignal;
  /** Literal secrets to scrub from any error text (the reply may echo them). */
  secrets: readonly string[];
}

export interface Reply {
  status: number;
  text: string;
}

/** A failed attempt whose message is safe to log; `kind` says whether trying again can help. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: FailureKind = 'retryable',
  ) {
    super(message);
  }
}

/** POSTs and returns the reply; throws DeliveryError unless the status is 2xx. */
export async function post(request: PostRequest): Promise<Reply> {
  const fail = (what: string, kind: FailureKind = 'retryable'): never => {
    throw new DeliveryError(redactText(`POST ${request.target}: ${what}`, request.secrets), kind);
  };
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: request.signal,
      redirect: 'error',
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    return fail(networkCause(error));
  }
  const text = await readBounded(response, request.signal);
  if (response.status < 200 || response.status > 299) {
    return fail(
      `HTTP ${response.status}${text ? ` ${excerpt(text)}` : ''}`,
      httpStatusFailure(response.status),
    );
  }
  return { status: response.status, text };
}

/** The reply parsed as a JSON object; a DeliveryError naming the target otherwise. */
export function replyJson(
  reply: Reply,
  request: Pick<PostRequest, 'target' | 'secrets'>,
): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(reply.text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {}
  throw new DeliveryError(
    redactText(`POST ${request.target}: expected a JSON object, got ${excerpt(reply.text)}`, request.secrets),
  );
}

export function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT)}…` : flat;
}

async function readBounded(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_REPLY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  } finally {
    await reader.cancel().catch(() => {});
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_REPLY_BYTES));
}

/** fetch() says "fetch failed"; the useful part (ECONNREFUSED, ENOTFOUND…) is in its cause. */
function networkCause(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const code = cause?.code ?? '';
  const message = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
