export { ClusterClient } from './client.ts';
export { type JmxCounters, scrapeBrokerJmx } from './jmx.ts';
