// The one place that reaches into kafkajs internals (written against kafkajs 2.2.4).
//
// kafkajs' public Admin has no way to send a request it does not implement, and it keeps its
// Cluster (brokers, connections, metadata) in a closure. The Kafka client object, however, keeps
// the factory that Admin, Producer and Consumer use to build their Cluster under a private
// symbol. Calling that factory gives a Cluster configured exactly like the Admin's — brokers,
// TLS, SASL, timeouts, retry, logger, socket factory — without restating any of it here. Through
// that Cluster we reach each Broker's connection pool and send hand-written requests on kafkajs'
// own sockets, authentication and request queue.
//
// Every reach, for whoever upgrades kafkajs (internals.test.ts fails on a version change on purpose):
//   - the Kafka client's `private:Kafka:createCluster` symbol and its options;
//   - Cluster: connect, disconnect, refreshMetadata(IfNecessary), getNodeIds, findBroker, brokerPool.brokers;
//   - Broker: connectionPool.send, isConnected, disconnect, apiVersions, offsetFetch;
//   - Connection#send's request/response contract (toKafkajsCall), including clientSideThrottleTime;
//   - src/protocol/encoder.js, decoder.js, error.js (errorCodes), src/network/instrumentationEvents.js.
import { createRequire } from 'node:module';
import type { Kafka } from 'kafkajs';

const require = createRequire(import.meta.url);

export const KAFKAJS_VERSION_WRITTEN_FOR = '2.2.4';

// ---- kafkajs' Encoder and Decoder (src/protocol/encoder.js, decoder.js) ----

export interface KafkaEncoder {
  writeInt8(value: number): KafkaEncoder;
  writeInt16(value: number): KafkaEncoder;
  writeInt32(value: number): KafkaEncoder;
  writeInt64(value: number | bigint | string): KafkaEncoder;
  writeBoolean(value: boolean): KafkaEncoder;
  writeString(value: string | null): KafkaEncoder;
  writeUVarInt(value: number): KafkaEncoder;
  writeUVarIntString(value: string | null): KafkaEncoder;
  writeBuffer(value: Buffer): KafkaEncoder;
  readonly buffer: Buffer;
}

export interface KafkaDecoder {
  offset: number;
  readonly buffer: Buffer;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readBoolean(): boolean;
  readString(): string | null;
  readUVarInt(): number;
  readUVarIntString(): string | null;
  readBytes(length: number): Buffer;
  forward(size: number): void;
}

type EncoderClass = new () => KafkaEncoder;
type DecoderClass = new (buffer: Buffer) => KafkaDecoder;

const Encoder = require('kafkajs/src/protocol/encoder') as EncoderClass;
const Decoder = require('kafkajs/src/protocol/decoder') as DecoderClass;

export function createEncoder(): KafkaEncoder {
  return new Encoder();
}

export function createDecoder(buffer: Buffer): KafkaDecoder {
  return new Decoder(buffer);
}

// ---- kafkajs' error table (src/protocol/error.js) ----

export interface KafkajsErrorCode {
  type: string;
  code: number;
  retriable: boolean;
  message: string;
}

const { errorCodes } = require('kafkajs/src/protocol/error') as { errorCodes: KafkajsErrorCode[] };

export function kafkajsErrorCode(code: number): KafkajsErrorCode | undefined {
  return errorCodes.find((e) => e.code === code);
}

// ---- the request/response contract of Connection#send (src/network/connection.js) ----

export interface KafkajsRequest {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  encode(): KafkaEncoder | Promise<KafkaEncoder>;
}

/** Connection#send decodes, pauses its queue for `clientSideThrottleTime` (KIP-219), then parses. */
export interface KafkajsDecoded<Result> {
  result: Result;
  clientSideThrottleTime: number | null;
}

export interface ProtocolCall<Result> {
  request: KafkajsRequest;
  response: {
    decode(rawData: Buffer): Promise<KafkajsDecoded<Result>>;
    parse(decoded: KafkajsDecoded<Result>): Promise<Result>;
  };
}

export interface CallSpec<Result> {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  /** The request after kafkajs' request header v1. */
  encode(): KafkaEncoder;
  /** The response after the correlation id. */
  decode(rawData: Buffer): Result;
  /** How long the broker asks the client to hold back (0 or null: not at all). */
  throttleTimeMs(result: Result): number | null;
}

export function toKafkajsCall<Result>(spec: CallSpec<Result>): ProtocolCall<Result> {
  return {
    request: { apiKey: spec.apiKey, apiVersion: spec.apiVersion, apiName: spec.apiName, encode: spec.encode },
    response: {
      decode: async (rawData) => {
        const result = spec.decode(rawData);
        return { result, clientSideThrottleTime: spec.throttleTimeMs(result) };
      },
      parse: async (decoded) => decoded.result,
    },
  };
}

/** A broker's supported version range per API key, from its own ApiVersions answer. */
export type ApiVersionTable = ReadonlyMap<number, { minVersion: number; maxVersion: number }>;

/** What kafkajs' own OffsetFetch (v1–v4) returns; used where a broker lacks the batched v8+. */
export interface LegacyTopicOffsets {
  topic: string;
  partitions: { partition: number; offset: string; metadata: string | null; errorCode: number }[];
}

/** One broker, as the hand-written requests see it. */
export interface BrokerConnection {
  readonly nodeId: number;
  /** Cached per connection pool: one ApiVersions request per broker, not per call. */
  apiVersions(): Promise<ApiVersionTable>;
  send<Result>(call: ProtocolCall<Result>): Promise<Result>;
  /** kafkajs' OffsetFetch for one group, all topics; throws kafkajs' error for any error code. */
  legacyOffsetFetch(groupId: string): Promise<LegacyTopicOffsets[]>;
}

/** What the cluster-wide functions need: KafkaInternals, or a fake in unit tests. */
export interface ClusterAccess {
  brokerIds(): Promise<number[]>;
  broker(nodeId: number): Promise<BrokerConnection>;
  withAnyBroker<T>(work: (broker: BrokerConnection) => Promise<T>): Promise<T>;
}

export interface RequestEvent {
  /** `host:port` */
  broker: string;
  apiKey: number;
  apiName: string;
  apiVersion: number;
  duration: number;
}

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
        `(server/kafka/protocol/internals.ts was written for kafkajs ${KAFKAJS_VERSION_WRITTEN_FOR})`,
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

// ---- kafkajs' own request encodings, with lenient parsing (src/protocol/requests) ----
//
// kafkajs' response parsers throw on the first error code anywhere in a response: one offline
// partition fails a whole Metadata answer, one moved partition a whole ListOffsets. A monitor
// must read those errors per partition instead, so these calls keep kafkajs' encoders and
// decoders and skip its parse.

/** The kafkajs request definitions Kestrel sends itself, with the arguments each takes. */
export interface KafkajsRequestArgs {
  Metadata: { topics: string[]; allowAutoTopicCreation: boolean };
  ListOffsets: {
    replicaId: number;
    isolationLevel: number;
    topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
  };
  ListGroups: Record<string, never>;
  DescribeGroups: { groupIds: string[] };
  DescribeConfigs: {
    resources: { type: number; name: string; configNames: string[] | null }[];
    includeSynonyms: boolean;
  };
  Fetch: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
    rackId: string;
  };
}

export type KafkajsApiName = keyof KafkajsRequestArgs;

interface KafkajsRequestDefinition {
  versions: string[];
  protocol(options: { version: number }): (args: object) => {
    request: KafkajsRequest;
    response: { decode(rawData: Buffer): Promise<object> };
  };
}

const { requests: kafkajsRequests } = require('kafkajs/src/protocol/requests') as {
  requests: Record<KafkajsApiName, KafkajsRequestDefinition>;
};
const kafkajsApiKeys = require('kafkajs/src/protocol/requests/apiKeys') as Record<KafkajsApiName, number>;

/**
 * Sends a request kafkajs implements, at the highest version both kafkajs and this broker
 * support, and returns kafkajs' decoded response with every error code left in place.
 */
export async function sendKafkajsRequest<Decoded>(
  broker: BrokerConnection,
  apiName: KafkajsApiName,
  args: KafkajsRequestArgs[typeof apiName],
): Promise<Decoded> {
  const definition = kafkajsRequests[apiName];
  const range = (await broker.apiVersions()).get(kafkajsApiKeys[apiName]);
  const versions = definition.versions
    .map(Number)
    .filter((v) => !range || (v >= range.minVersion && v <= range.maxVersion));
  if (versions.length === 0)
    throw new Error(`broker ${broker.nodeId} supports no ${apiName} version kafkajs knows`);
  const { request, response } = definition.protocol({ version: Math.max(...versions) })(args);
  // Connection#send reads clientSideThrottleTime from the decoded object, then calls parse.
  const call = { request, response: { decode: response.decode, parse: async (decoded: object) => decoded } };
  return broker.send(call as unknown as ProtocolCall<Decoded>);
}
