import { Counter, Registry, type RegistryContentType } from 'prom-client';
import type { TextFormat } from './exposition.ts';

// Every place Kestrel reaches past prom-client's public surface, in one file. prom-client
// renders OpenMetrics only for a whole registry switched to that content type, and by renaming
// each counter family in place (dropping `_total`, which it adds back to the samples). Kestrel
// serves both formats from one registry, so it switches and renames around each family's
// render and undoes both right after; renders are serialized, so none sees the switch.

/** The prom-client version this adapter was written and checked against (see its test). */
export const PROM_CLIENT_VERSION_WRITTEN_FOR = '15.1.3';

export const CONTENT_TYPES: Record<TextFormat, RegistryContentType> = {
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

/** The metrics registered on `registry`, in registration order (prom-client keeps them by name). */
export function registeredMetrics(registry: Registry): object[] {
  return registry.getMetricsAsArray();
}

/** One prom-client metric family as text in `format`, without a trailing newline. */
export async function renderPromClientMetric(
  registry: Registry,
  metric: object,
  format: TextFormat,
): Promise<string> {
  const name = (metric as unknown as { name: string }).name;
  if (format === 'prometheus') return registry.getSingleMetricAsString(name);
  // Typed for one content type (what metrics may register on), switched for this render only.
  const switchable = registry as unknown as Registry<RegistryContentType>;
  const renamable = metric as unknown as { name: string };
  switchable.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  if (metric instanceof Counter) renamable.name = name.replace(/_total$/, '');
  try {
    return await registry.getSingleMetricAsString(name);
  } finally {
    renamable.name = name;
    switchable.setContentType(Registry.PROMETHEUS_CONTENT_TYPE);
  }
}
