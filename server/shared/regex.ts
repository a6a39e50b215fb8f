// Selector regexes, as the config writes them and the rules and matchers apply them.

/** A selector regex from the config, fully anchored like Alertmanager's and Prometheus' matchers. */
export function anchored(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}
