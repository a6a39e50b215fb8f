import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Ties an execute request to a preview this process made: the preview answers with an HMAC of
 * what it showed (a key made at start-up, never sent), the execute request sends the shown plan
 * and that confirmation back. A plan the server never previewed, or one edited in between, does
 * not verify; a restart forgets the key, so a preview must then be made again.
 */
export class PlanConfirmation {
  private readonly key = randomBytes(32);

  sign(subject: unknown): string {
    return createHmac('sha256', this.key).update(canonicalJson(subject)).digest('base64url');
  }

  verify(subject: unknown, confirmation: string): boolean {
    const expected = Buffer.from(this.sign(subject));
    const given = Buffer.from(confirmation);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** JSON with object keys sorted, so that the same plan always signs the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
