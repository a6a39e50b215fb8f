// KafkaInternals: kafkajs' private Cluster factory and the Broker objects behind it. One of the
// reaches listed in index.ts.
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';
import type {
  ApiVersionTable,
  BrokerConnection,
  ClusterAccess,
  LegacyTopicOffsets,
  ProtocolCall,
  RequestEvent,
} from './contract.ts';
import { KAFKAJS_VERSION_WRITTEN_FOR } from './version.ts';

const require = createRequire(import.meta.url);

// ---- the internal objects, typed by what this file uses ----

interface InternalConnectionPool {
  host: string;
  port: number;
  send<Result>(call: ProtocolCall<Result>): Promise<Result>;
}

interface InternalBroker {
  nodeId: number | string | null;
  connectionPool: InternalConnectionPool;
  isConnected(): boolean;
  disconnect(): Promise<void>;
  apiVersions(): Promise<Record<string, { minVersion: number; maxVersion: number }>>;
  offsetFetch(request: { groupId: string; topics: [] }): Promise<{ responses: LegacyTopicOffsets[] }>;
}

interface InternalCluster {
  brokerPool: { brokers: Record<string, InternalBroker | undefined> };
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  refreshMetadata(): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  getNodeIds(): string[];
  findBroker(options: { nodeId: number }): Promise<InternalBroker>;
}

interface ClusterFactoryOptions {
  metadataMaxAge: number;
  allowAutoTopicCreation: boolean;
  instrumentationEmitter: { emit(eventName: string, payload: unknown): void };
}

type ClusterFactory = (options: ClusterFactoryOptions) => InternalCluster;

const { NETWORK_REQUEST } = require('kafkajs/src/network/instrumentationEvents') as {
  NETWORK_REQUEST: string;
};
const CREATE_CLUSTER_SYMBOL = 'private:Kafka:createCluster';

function clusterFactoryOf(kafka: Kafka): ClusterFactory {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER_SYMBOL);
  const factory = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function') {
    throw new Error(
      `kafkajs internals changed: no ${CREATE_CLUSTER_SYMBOL} on the Kafka client ` +
        `(server/kafka/protocol/kafkajs/ was written for kafkajs ${KAFKAJS_VERSION_WRITTEN_FOR})`,
    );
  }
  return factory as ClusterFactory;
}

/** Connection-level failures after which another broker may still answer. */
export function isConnectionFailure(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return (
    name === 'KafkaJSConnectionError' ||
    name === 'KafkaJSConnectionClosedError' ||
    name === 'KafkaJSRequestTimeoutError' ||
    name === 'KafkaJSBrokerNotFound' ||
    name === 'KafkaJSLockTimeout'
  );
}

export interface KafkaInternalsOptions {
  /**
   * How long the broker list is trusted. kafkajs refreshes it with an all-topics Metadata
   * request, which is heavy on big clusters, so not on every call (default 30 s).
   */
  metadataMaxAgeMs?: number;
}

/** kafkajs' Cluster for one Kafka client, with the handful of operations the protocol modules need. */
export class KafkaInternals implements ClusterAccess {
  private readonly cluster: InternalCluster;
  private readonly requestListeners = new Set<(event: RequestEvent) => void>();
  private readonly versionCache = new WeakMap<InternalConnectionPool, Promise<ApiVersionTable>>();

  constructor(kafka: Kafka, options: KafkaInternalsOptions = {}) {
    this.cluster = clusterFactoryOf(kafka)({
      metadataMaxAge: options.metadataMaxAgeMs ?? 30_000,
      allowAutoTopicCreation: false,
      // kafkajs only ever calls emit(); this is all of its emitter that it uses.
      instrumentationEmitter: { emit: (eventName, payload) => this.emit(eventName, payload) },
    });
  }

  async connect(): Promise<void> {
    await this.cluster.connect();
  }

  async disconnect(): Promise<void> {
    await this.cluster.disconnect();
  }

  /** Node ids of the brokers in the (possibly cached) metadata. */
  async brokerIds(): Promise<number[]> {
    await this.cluster.connect();
    await this.cluster.refreshMetadataIfNecessary();
    return this.cluster
      .getNodeIds()
      .map(Number)
      .sort((a, b) => a - b);
  }

  async broker(nodeId: number): Promise<BrokerConnection> {
    await this.cluster.connect();
    await this.cluster.refreshMetadataIfNecessary();
    let broker: InternalBroker;
    try {
      broker = await this.cluster.findBroker({ nodeId });
    } catch (error) {
      // A broker that joined since the cached metadata: findBroker refreshed it, so once more.
      if ((error as { name?: unknown }).name !== 'KafkaJSBrokerNotFound') throw error;
      broker = await this.cluster.findBroker({ nodeId });
    }
    return this.wrap(broker, nodeId);
  }

  /**
   * Runs `work` on one broker, trying the others (connected ones first) while the failure is
   * about the connection: for requests any broker can answer.
   */
  async withAnyBroker<T>(work: (broker: BrokerConnection) => Promise<T>): Promise<T> {
    const ids = await this.brokerIds();
    const pool = this.cluster.brokerPool.brokers;
    const connectedFirst = [...ids].sort(
      (a, b) => Number(pool[b]?.isConnected() ?? false) - Number(pool[a]?.isConnected() ?? false),
    );
    let lastError: unknown = new Error('No brokers in the metadata');
    for (const nodeId of connectedFirst) {
      try {
        return await work(await this.broker(nodeId));
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        lastError = error;
      }
    }
    // Every known broker failed: the metadata may be stale, so the next call starts afresh.
    await this.cluster.refreshMetadata().catch(() => undefined);
    throw lastError;
  }

  /** Called once per request kafkajs completes on this cluster's connections (tests count them). */
  onRequest(listener: (event: RequestEvent) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  private emit(eventName: string, payload: unknown): void {
    if (eventName !== NETWORK_REQUEST || this.requestListeners.size === 0) return;
    const event = payload as RequestEvent;
    for (const listener of this.requestListeners) listener(event);
  }

  private wrap(broker: InternalBroker, nodeId: number): BrokerConnection {
    const pool = broker.connectionPool;
    return {
      nodeId,
      apiVersions: () => {
        let cached = this.versionCache.get(pool);
        if (cached === undefined) {
          // kafkajs shares the seed broker's versions with every broker (broker.versions), which is
          // wrong during a rolling upgrade; ask each broker itself instead.
          cached = broker.apiVersions().then(toVersionTable);
          cached.catch(() => this.versionCache.delete(pool));
          this.versionCache.set(pool, cached);
        }
        return cached;
      },
      send: async (call) => {
        try {
          return await pool.send(call);
        } catch (error) {
          // As kafkajs' Broker does: a closed connection is reopened on the next request. The broker
          // may have been restarted with another Kafka version, so its versions are asked again too.
          if ((error as { name?: unknown }).name === 'KafkaJSConnectionClosedError') {
            this.versionCache.delete(pool);
            await broker.disconnect();
          }
          throw error;
        }
      },
      legacyOffsetFetch: async (groupId) => (await broker.offsetFetch({ groupId, topics: [] })).responses,
    };
  }
}

function toVersionTable(raw: Record<string, { minVersion: number; maxVersion: number }>): ApiVersionTable {
  return new Map(
    Object.entries(raw).map(([apiKey, range]) => [
      Number(apiKey),
      { minVersion: range.minVersion, maxVersion: range.maxVersion },
    ]),
  );
}
