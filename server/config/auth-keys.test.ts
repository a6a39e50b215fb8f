import { describe, expect, it } from 'vitest';
import { configSchema } from './schema.ts';

const HASH = `scrypt$16384$8$1$${'A'.repeat(22)}==$${'B'.repeat(43)}=`;
const issues = (input: unknown) => {
  const result = configSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('auth and cors keys', () => {
  it('are off by default: no viewers, no extra protected topics, no CORS origins', () => {
    const config = configSchema.parse({});
    expect(config.auth).toEqual({ viewers: [], protectedTopics: [] });
    expect(config.cors).toEqual({ origins: [] });
    expect(config.adminToken).toBeUndefined();
  });

  it('accept viewers with scrypt hashes, regexes and origins', () => {
    const config = configSchema.parse({
      auth: { viewers: [{ username: 'ops', passwordHash: HASH }], protectedTopics: '^prod-,^billing$' },
      cors: { origins: ['https://ops.example.com'] },
    });
    expect(config.auth.protectedTopics).toEqual(['^prod-', '^billing$']);
    expect(config.auth.viewers[0]!.username).toBe('ops');
  });

  it('name the bad key: plain-text passwords, duplicate users, bad regexes and origins', () => {
    expect(issues({ auth: { viewers: [{ username: 'ops', passwordHash: 'hunter2' }] } })).toEqual([
      'auth.viewers.0.passwordHash: expected a hash made by `kestrel hash-password` (scrypt$N$r$p$salt$hash)',
    ]);
    expect(
      issues({
        auth: {
          viewers: [
            { username: 'ops', passwordHash: HASH },
            { username: 'ops', passwordHash: HASH },
          ],
        },
      }),
    ).toEqual(['auth.viewers.1.username: duplicate user name']);
    expect(issues({ auth: { viewers: [{ username: 'a:b', passwordHash: HASH }] } })[0]).toMatch(
      /^auth\.viewers\.0\.username/,
    );
    expect(issues({ auth: { protectedTopics: ['('] } })).toEqual([
      'auth.protectedTopics.0: not a valid regular expression',
    ]);
    expect(issues({ cors: { origins: ['not a url'] } })[0]).toMatch(/^cors\.origins\.0/);
    expect(
      issues({ auth: { viewers: [{ username: 'ops', passwordHash: HASH, role: 'admin' }] } })[0],
    ).toMatch(/role/);
  });
});
