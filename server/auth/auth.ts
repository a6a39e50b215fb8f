import { createHash } from 'node:crypto';
import type { ViewerConfig } from '../config/index.ts';
import { verifyPassword } from './password.ts';
import { FailureLimiter } from './rate-limit.ts';
import { basicCredentials, bearerToken, tokenMatches } from './token.ts';

export interface AuthOptions {
  /** Absent: every admin action is refused with 403. */
  adminToken?: string;
  /** Empty: reads need no credentials. */
  viewers?: readonly ViewerConfig[];
  /** Shared by admin and viewer failures; tests inject one with their own clock. */
  limiter?: FailureLimiter;
}

export interface AuthRequest {
  ip: string;
  headers: { authorization?: string | undefined };
}

export type AuthOutcome =
  | { ok: true }
  | { ok: false; status: 401 | 403 | 429; error: string; message: string; headers: Record<string, string> };

/** Who is reading messages: "admin" or "viewer <name>", for the audit log. */
export type BrowserOutcome = { ok: true; who: string } | Extract<AuthOutcome, { ok: false }>;

const DEFAULT_FAILURE_LIMIT = { maxFailures: 5, windowMs: 60_000 };
const BASIC_CHALLENGE = { 'www-authenticate': 'Basic realm="Kestrel", charset="UTF-8"' };
const BEARER_CHALLENGE = { 'www-authenticate': 'Bearer realm="Kestrel admin"' };
// Checked when the user name is unknown, so an unknown name costs as much as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
const VERIFIED_TTL_MS = 5 * 60_000;
const MAX_VERIFIED = 1000;

/**
 * Admin token and viewer password checks. Failures of either kind count against the client
 * address, and a client over the limit is refused before its credentials are even looked at.
 */
export class Authenticator {
  readonly limiter: FailureLimiter;
  private readonly viewers: ReadonlyMap<string, string>;
  /** Digests of credentials verified recently: scrypt is slow on purpose, the UI asks often. */
  private readonly verified = new Map<string, number>();

  constructor(private readonly options: AuthOptions) {
    this.limiter = options.limiter ?? new FailureLimiter(DEFAULT_FAILURE_LIMIT);
    this.viewers = new Map((options.viewers ?? []).map((v) => [v.username, v.passwordHash]));
  }

  get adminEnabled(): boolean {
    return this.options.adminToken !== undefined;
  }

  get viewerAuth(): boolean {
    return this.viewers.size > 0;
  }

  admin(request: AuthRequest): AuthOutcome {
    const expected = this.options.adminToken;
    if (expected === undefined) {
      return refuse(403, 'admin_disabled', 'admin actions are disabled', {});
    }
    const limited = this.limited(request.ip);
    if (limited) return limited;
    const token = bearerToken(request.headers.authorization);
    if (token === undefined) {
      this.limiter.recordFailure(request.ip);
      return refuse(
        401,
        'unauthorized',
        'admin actions need an "Authorization: Bearer <token>" header',
        BEARER_CHALLENGE,
      );
    }
    if (!tokenMatches(token, expected)) {
      this.limiter.recordFailure(request.ip);
      return refuse(401, 'unauthorized', 'the admin token is wrong', BEARER_CHALLENGE);
    }
    return { ok: true };
  }

  async viewer(request: AuthRequest): Promise<AuthOutcome> {
    if (!this.viewerAuth) return { ok: true };
    // The limit comes before every check, the admin token's too: otherwise a locked-out client
    // could go on guessing the token on read routes, a 200 instead of a 429 telling it when it hit.
    const limited = this.limited(request.ip);
    if (limited) return limited;
    const expected = this.options.adminToken;
    const token = bearerToken(request.headers.authorization);
    if (expected !== undefined && token !== undefined && tokenMatches(token, expected)) return { ok: true };
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials && (await this.passwordMatches(credentials.username, credentials.password))) {
      return { ok: true };
    }
    if (credentials || token !== undefined) this.limiter.recordFailure(request.ip);
    return refuse(401, 'unauthorized', 'sign in with a viewer user name and password', BASIC_CHALLENGE);
  }

  /**
   * Reading messages (they can hold personal data): the admin token, or a signed-in viewer when
   * `viewersMayBrowse`. Without viewers configured, reads are open but browsing still is not.
   */
  async browser(request: AuthRequest, viewersMayBrowse: boolean): Promise<BrowserOutcome> {
    const limited = this.limited(request.ip);
    if (limited) return limited;
    const expected = this.options.adminToken;
    const token = bearerToken(request.headers.authorization);
    if (token !== undefined) {
      if (expected !== undefined && tokenMatches(token, expected)) return { ok: true, who: 'admin' };
      this.limiter.recordFailure(request.ip);
      return refuse(401, 'unauthorized', 'the admin token is wrong', BEARER_CHALLENGE);
    }
    const credentials = basicCredentials(request.headers.authorization);
    if (credentials && this.viewerAuth) {
      if (!(await this.passwordMatches(credentials.username, credentials.password))) {
        this.limiter.recordFailure(request.ip);
        return refuse(401, 'unauthorized', 'sign in with a viewer user name and password', BASIC_CHALLENGE);
      }
      if (viewersMayBrowse) return { ok: true, who: `viewer ${credentials.username}` };
      return refuse(
        403,
        'browse_forbidden',
        'viewers may not read messages (browse.viewers is off); use the admin token',
        {},
      );
    }
    const viewersToo = viewersMayBrowse && this.viewerAuth;
    return refuse(
      401,
      'unauthorized',
      viewersToo
        ? 'reading messages needs a signed-in viewer or the admin token'
        : 'reading messages needs an "Authorization: Bearer <admin token>" header',
      viewersToo ? BASIC_CHALLENGE : BEARER_CHALLENGE,
    );
  }

  private limited(ip: string): Extract<AuthOutcome, { ok: false }> | undefined {
    const retryAfter = this.limiter.retryAfterSeconds(ip);
    if (retryAfter === 0) return undefined;
    return refuse(429, 'rate_limited', `too many failed attempts; retry in ${retryAfter} s`, {
      'retry-after': String(retryAfter),
    });
  }

  private async passwordMatches(username: string, password: string): Promise<boolean> {
    const key = createHash('sha256').update(`${username}\u0000${password}`).digest('base64');
    const until = this.verified.get(key);
    if (until !== undefined && until > Date.now()) return true;
    const stored = this.viewers.get(username);
    const ok = await verifyPassword(password, stored ?? DUMMY_HASH);
    if (!ok || stored === undefined) return false;
    if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
    this.verified.set(key, Date.now() + VERIFIED_TTL_MS);
    return true;
  }
}

function refuse(
  status: 401 | 403 | 429,
  error: string,
  message: string,
  headers: Record<string, string>,
): Extract<AuthOutcome, { ok: false }> {
  return { ok: false, status, error, message, headers };
}
