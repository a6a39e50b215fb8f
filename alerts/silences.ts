import { randomUUID } from 'node:crypto';
import type { Labels, Matcher, NewSilence, SilenceView } from './api.ts';
import { SilenceInputError } from './api.ts';
import { type CompiledMatcher, compileMatcher, matchesAll } from './matchers.ts';

/** A stored silence; its status follows from the clock. */
export interface Silence {
  id: string;
  matchers: Matcher[];
  startsAt: number;
  endsAt: number;
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

/** Checks a new silence as Alertmanager does; throws SilenceInputError naming what is wrong. */
export function newSilence(input: NewSilence, now: number): Silence {
  if (input.matchers.length === 0) throw new SilenceInputError('a silence needs at least one matcher');
  const compiled = input.matchers.map((matcher) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(matcher.name))
      throw new SilenceInputError(`matcher name "${matcher.name}" is not a label name`);
    try {
      return compileMatcher(matcher);
    } catch (error) {
      throw new SilenceInputError((error as Error).message);
    }
  });
  // A silence that matches every alert (e.g. only `x=""` or `x=~".*"`) would mute everything by accident.
  if (compiled.every((m) => m.matches({}))) {
    throw new SilenceInputError('at least one matcher must not match the empty string');
  }
  const startsAt = input.startsAt ?? now;
  if (!Number.isFinite(startsAt) || !Number.isFinite(input.endsAt))
    throw new SilenceInputError('startsAt and endsAt must be epoch milliseconds');
  if (input.endsAt <= startsAt) throw new SilenceInputError('endsAt must be after startsAt');
  if (input.endsAt <= now) throw new SilenceInputError('endsAt is in the past');
  if (!input.createdBy.trim()) throw new SilenceInputError('createdBy is required');
  if (!input.comment.trim()) throw new SilenceInputError('comment is required');
  return {
    id: randomUUID(),
    matchers: input.matchers.map((m) => ({
      name: m.name,
      value: m.value,
      isRegex: m.isRegex,
      isEqual: m.isEqual,
    })),
    startsAt,
    endsAt: input.endsAt,
    createdBy: input.createdBy,
    comment: input.comment,
    createdAt: now,
    updatedAt: now,
  };
}

function silenceStatus(silence: Silence, now: number): SilenceView['status'] {
  if (now >= silence.endsAt) return 'expired';
  return now < silence.startsAt ? 'pending' : 'active';
}

export function silenceView(silence: Silence, now: number): SilenceView {
  return { ...silence, status: silenceStatus(silence, now) };
}

/** Expiring ends it now (a pending one ends before it starts); an expired one stays as it is. */
export function expire(silence: Silence, now: number): Silence {
  if (silenceStatus(silence, now) === 'expired') return silence;
  return { ...silence, startsAt: Math.min(silence.startsAt, now), endsAt: now, updatedAt: now };
}

/** The active silences, compiled once per evaluation. */
export class SilenceSet {
  private readonly active: { silence: Silence; matchers: CompiledMatcher[] }[];

  constructor(silences: readonly Silence[], now: number) {
    this.active = silences
      .filter((s) => silenceStatus(s, now) === 'active')
      .map((silence) => ({ silence, matchers: silence.matchers.map(compileMatcher) }));
  }

  /** Ids of the active silences muting an alert with these labels. */
  mutedBy(labels: Labels): string[] {
    return this.active.filter((a) => matchesAll(a.matchers, labels)).map((a) => a.silence.id);
  }

  isMuted(labels: Labels): boolean {
    return this.active.some((a) => matchesAll(a.matchers, labels));
  }
}
