// The request/response contract of kafkajs' Connection#send, and the interfaces the protocol modules
// share. One of the reaches listed in index.ts.
import type { KafkaEncoder } from './codec.ts';

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
