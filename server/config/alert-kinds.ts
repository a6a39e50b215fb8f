// zod building blocks of the `alerts` config section (durations that may be 0, selectors).
import { z } from 'zod';
import { SEVERITIES } from '../model/index.ts';
import { anchored } from '../shared/regex.ts';
import { duration as durationOf } from './kinds.ts';

/** "30s", "5m", "0" or milliseconds; 0 is allowed (e.g. `for: 0` fires at once). */
export const duration = (what: string) => durationOf(what, { allowZero: true });

/** A regex, matched against the whole name (anchored). */
export const selector = (what: string) =>
  z
    .string()
    .refine(
      (source) => {
        try {
          anchored(source);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'not a valid regular expression' },
    )
    .default('.*')
    .meta({ description: `Regex on the whole ${what} name; default all.` });

export const severitySchema = z.enum(SEVERITIES);
