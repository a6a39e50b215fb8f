// zod building blocks of the `alerts` config section (durations that may be 0, selectors).
import { z } from 'zod';
import { parseDuration } from '../server/config/duration.ts';

/** "30s", "5m", "0" or milliseconds; 0 is allowed (e.g. `for: 0` fires at once). */
export const duration = (what: string) =>
  z.union([z.number().int().nonnegative(), z.string()]).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < 0) {
      ctx.addIssue({ code: 'custom', message: `expected a ${what} like "0", "30s", "5m" or milliseconds` });
      return z.NEVER;
    }
    return ms;
  });

/** A regex, matched against the whole name (anchored). */
export const selector = (what: string) =>
  z
    .string()
    .refine(
      (source) => {
        try {
          new RegExp(`^(?:${source})$`);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    )
    .default('.*')
    .meta({ description: `Regex on the whole ${what} name; default all.` });

export const severitySchema = z.enum(['info', 'warning', 'critical']);
