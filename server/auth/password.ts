import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Self-describing, so the cost can be raised later without breaking stored hashes:
// scrypt$N$r$p$salt$hash, salt and hash in base64.
const N = 16_384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
// Bounds on the parameters read back, so a hostile config cannot make a login cost gigabytes.
const MAX_N = 1 << 20;
const MAX_RP = 64;

interface ScryptParams {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function derive(password: string, salt: Buffer, params: Omit<ScryptParams, 'salt' | 'hash'>, length: number) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFC'),
      salt,
      length,
      { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  if (password.length === 0) throw new Error('the password must not be empty');
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(password, salt, { N, r: R, p: P }, KEY_LENGTH);
  return ['scrypt', N, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** The parameters of a stored hash, or undefined when it is not one this code can check. */
export function parseHash(stored: string): ScryptParams | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64');
  const hash = Buffer.from(parts[5]!, 'base64');
  const powerOfTwo = Number.isInteger(n) && n > 1 && (n & (n - 1)) === 0;
  if (!powerOfTwo || n > MAX_N) return undefined;
  if (!Number.isInteger(r) || !Number.isInteger(p) || r < 1 || p < 1 || r > MAX_RP || p > MAX_RP)
    return undefined;
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N: n, r, p, salt, hash };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const params = parseHash(stored);
  if (!params) return false;
  const key = await derive(password, params.salt, params, params.hash.length);
  return timingSafeEqual(key, params.hash);
}
