export { type BrokerNode, ClusterClient, type ClusterDescription } from './client.ts';
