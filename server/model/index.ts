// The Kafka vocabulary every folder shares: the adapter (server/kafka) returns it, the
// collector builds the snapshot from it, the API, store, metrics, alerts and web read it.
// It imports nothing of Kestrel's, so any folder may import it.
export * from './brokers.ts';
export * from './errors.ts';
export * from './groups.ts';
export * from './keys.ts';
export * from './metadata.ts';
export * from './statuses.ts';
export * from './topics.ts';
