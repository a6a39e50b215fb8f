import { anchored } from '../server/shared/regex.ts';
import type { Labels, Matcher } from './api.ts';

/** Alertmanager's matcher semantics: regexes are fully anchored, a missing label is "". */
export interface CompiledMatcher {
  matches(labels: Labels): boolean;
}

/** Throws a SyntaxError naming the matcher when its regex does not compile. */
export function compileMatcher(matcher: Matcher): CompiledMatcher {
  let test: (value: string) => boolean;
  if (matcher.isRegex) {
    let regex: RegExp;
    try {
      regex = anchored(matcher.value);
    } catch (error) {
      throw new SyntaxError(`matcher ${matcher.name}: invalid regex: ${(error as Error).message}`);
    }
    test = (value) => regex.test(value);
  } else {
    test = (value) => value === matcher.value;
  }
  return { matches: (labels) => test(labels[matcher.name] ?? '') === matcher.isEqual };
}

export function matchesAll(matchers: readonly CompiledMatcher[], labels: Labels): boolean {
  return matchers.every((m) => m.matches(labels));
}
