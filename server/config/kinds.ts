import { z } from 'zod';
import { parseDuration } from './duration.ts';

// Field kinds shared by every config schema (the service's and the alert channels'). They live
// apart from schema.ts so a schema that schema.ts itself imports can use them without a cycle.

/** A non-empty secret: redacted everywhere, with a `<key>File` / `<ENV>_FILE` variant. */
export const secret = () => z.string().min(1).meta({ secret: true });

/** Milliseconds, written as a number or as "15s", "2m", "1h30m"; `allowZero` for e.g. `for: 0`. */
export const duration = (what: string, { allowZero = false } = {}) =>
  z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 0 || (ms === 0 && !allowZero)) {
      const examples = allowZero ? '"0", "30s", "5m"' : '"15s", "2m"';
      ctx.addIssue({ code: 'custom', message: `expected a ${what} like ${examples} or milliseconds` });
      return z.NEVER;
    }
    return ms;
  });
