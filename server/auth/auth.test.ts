import { describe, expect, it } from 'vitest';
import { Authenticator } from './auth.ts';
import { hashPassword, parseHash, verifyPassword } from './password.ts';
import { FailureLimiter } from './rate-limit.ts';
import { basicCredentials, bearerToken, tokenMatches } from './token.ts';

const TOKEN = 'admin-token-0123456789abcdef';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('tokens and headers', () => {
  it('compares tokens exactly, whatever their lengths', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(`${TOKEN}x`, TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN.toUpperCase(), TOKEN)).toBe(false);
  });

  it('reads Bearer and Basic headers and nothing else', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(TOKEN)).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(basicCredentials(basic('ann', 'p:w'))).toEqual({ username: 'ann', password: 'p:w' });
    expect(basicCredentials('Basic !!!')).toBeUndefined();
    expect(basicCredentials(`Basic ${Buffer.from('nocolon').toString('base64')}`)).toBeUndefined();
  });
});

describe('scrypt password hashes', () => {
  it('hash in the self-describing format and verify only the right password', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse ', hash)).toBe(false);
    expect(await hashPassword('correct horse')).not.toBe(hash); // salted
  });

  it('refuse hashes that are malformed or would cost too much to check', () => {
    expect(parseHash('bcrypt$2b$10$abc')).toBeUndefined();
    expect(parseHash('scrypt$1000$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBeUndefined(); // not a power of 2
    expect(parseHash('scrypt$4194304$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toBeUndefined();
    expect(parseHash('scrypt$16384$8$1$AAAAAAAAAAA=$AAAAAAAAAAAAAAAAAAAAAA==')).toMatchObject({ N: 16384 });
  });
});

describe('Authenticator', () => {
  const request = (authorization?: string, ip = '10.0.0.1') => ({ ip, headers: { authorization } });

  it('refuses every admin action without a configured token', () => {
    const auth = new Authenticator({});
    expect(auth.admin(request(`Bearer ${TOKEN}`))).toMatchObject({
      ok: false,
      status: 403,
      error: 'admin_disabled',
    });
  });

  it('answers 401 without or with a wrong token, then 429 with Retry-After', () => {
    let now = 0;
    const limiter = new FailureLimiter({ maxFailures: 5, windowMs: 60_000, now: () => now });
    const auth = new Authenticator({ adminToken: TOKEN, limiter });
    expect(auth.admin(request())).toMatchObject({ status: 401, error: 'unauthorized' });
    for (let i = 0; i < 4; i++) expect(auth.admin(request('Bearer wrong'))).toMatchObject({ status: 401 });
    const limited = auth.admin(request(`Bearer ${TOKEN}`));
    expect(limited).toMatchObject({ ok: false, status: 429, headers: { 'retry-after': '60' } });
    expect(auth.admin(request(`Bearer ${TOKEN}`, '10.0.0.2'))).toEqual({ ok: true });
    now = 60_001;
    expect(auth.admin(request(`Bearer ${TOKEN}`))).toEqual({ ok: true });
  });

  it('lets reads through when no viewers are configured, and asks for Basic when they are', async () => {
    expect(await new Authenticator({}).viewer(request())).toEqual({ ok: true });
    const auth = new Authenticator({
      adminToken: TOKEN,
      viewers: [{ username: 'ann', passwordHash: await hashPassword('s3cret') }],
    });
    expect(await auth.viewer(request())).toMatchObject({
      status: 401,
      headers: { 'www-authenticate': expect.stringContaining('Basic') },
    });
    expect(await auth.viewer(request(basic('ann', 's3cret')))).toEqual({ ok: true });
    expect(await auth.viewer(request(basic('ann', 's3cret')))).toEqual({ ok: true }); // cached
    expect(await auth.viewer(request(`Bearer ${TOKEN}`))).toEqual({ ok: true });
    expect(await auth.viewer(request(basic('ann', 'wrong')))).toMatchObject({ status: 401 });
    expect(await auth.viewer(request(basic('bob', 's3cret')))).toMatchObject({ status: 401 });
  });

  it('shares the failure limit between viewer and admin attempts', async () => {
    const auth = new Authenticator({
      adminToken: TOKEN,
      viewers: [{ username: 'ann', passwordHash: await hashPassword('s3cret') }],
    });
    for (let i = 0; i < 3; i++) await auth.viewer(request(basic('ann', `guess-${i}`)));
    for (let i = 0; i < 2; i++) auth.admin(request('Bearer guess'));
    expect(await auth.viewer(request(basic('ann', 's3cret')))).toMatchObject({ status: 429 });
    expect(auth.admin(request(`Bearer ${TOKEN}`))).toMatchObject({ status: 429 });
  });

  it('does not let a locked-out client go on guessing the admin token on read routes', async () => {
    const auth = new Authenticator({
      adminToken: TOKEN,
      viewers: [{ username: 'ann', passwordHash: await hashPassword('s3cret') }],
    });
    for (let i = 0; i < 5; i++) await auth.viewer(request(`Bearer guess-${i}`));
    expect(await auth.viewer(request('Bearer another-guess'))).toMatchObject({ status: 429 });
    expect(await auth.viewer(request(`Bearer ${TOKEN}`))).toMatchObject({ status: 429 });
  });
});
