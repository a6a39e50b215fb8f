// Which delivery failures can succeed if tried again, and which cannot. A retry is worth it when
// the far end was unreachable, slow, overloaded or throttling; it is not when the far end
// understood the request and refused it (bad token, forbidden, not found, a robot's security
// check): the same request will be refused the same way, retries only add noise, and the
// operator has to fix the configuration. Pure: no I/O.

/** `permanent`: not retried. `retryable`: retried with backoff, and the engine sends again later. */
export type FailureKind = 'permanent' | 'retryable';

/**
 * HTTP statuses: a 4xx is the receiver refusing this request, except 408 (request timeout),
 * 425 (too early) and 429 (too many requests), which say "later". A 5xx is the receiver's own
 * trouble, and anything else unexpected is not worth giving up on.
 */
export function httpStatusFailure(status: number): FailureKind {
  if (status === 408 || status === 425 || status === 429) return 'retryable';
  return status >= 400 && status < 500 ? 'permanent' : 'retryable';
}

/**
 * DingTalk custom robot errcodes in an HTTP 200 reply. 130101 ("send too fast, exceed 20 times
 * per minute") is its rate limit: the message is held, not failed (see dingtalk.ts). -1 is "system
 * busy" and unknown codes are retried. The permanent ones:
 *   300001  token is not exist (wrong or deleted robot)
 *   310000  a security setting refused the message: keywords not in content, sign not match,
 *           or the sender's IP is not in the robot's whitelist
 *   101002, 460101  message too long (the same message is too long again)
 *   40035   missing parameter (a malformed message)
 */
export const DINGTALK_RATE_LIMITED = 130101;
const DINGTALK_PERMANENT = new Set([300001, 310000, 101002, 460101, 40035]);

export function dingtalkErrcodeFailure(errcode: unknown): FailureKind {
  return typeof errcode === 'number' && DINGTALK_PERMANENT.has(errcode) ? 'permanent' : 'retryable';
}

/**
 * Feishu / Lark custom bot codes in an HTTP 200 reply: 19001 (incoming webhook access token
 * invalid) and 19021 (sign match fail or timestamp not within one hour: a retry signs with the
 * same secret and clock and fails alike). Other codes are retried.
 */
const FEISHU_PERMANENT = new Set([19001, 19021]);

export function feishuCodeFailure(code: unknown): FailureKind {
  return typeof code === 'number' && FEISHU_PERMANENT.has(code) ? 'permanent' : 'retryable';
}

/**
 * SMTP: a 5xx reply is a permanent negative completion (RFC 5321 §4.2.1: "the same request will
 * fail again"), e.g. 550 mailbox unavailable, 535 authentication failed; a 4xx is transient
 * (451, 421, 452). No reply code at all is a connection-level failure (refused, reset, DNS,
 * timeout): retryable.
 */
export function smtpFailure(responseCode: number | undefined): FailureKind {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600 ? 'permanent' : 'retryable';
}
