// Helpers for this folder's unit tests: byte builders that do not share code with codec.ts (so a
// test cannot agree with a bug in it), and a broker that answers from fixtures.
import { type ApiMessage, toProtocolCall } from '../../server/kafka/protocol/call.ts';
import type {
  ApiVersionTable,
  BrokerConnection,
  ClusterAccess,
  LegacyTopicOffsets,
  ProtocolCall,
} from '../../server/kafka/protocol/kafkajs/index.ts';

export function hex(text: string): Buffer {
  return Buffer.from(text.replace(/\s+/g, ''), 'hex');
}

export function bytes(...parts: Buffer[]): Buffer {
  return Buffer.concat(parts);
}

/** Kafka wire primitives, written straight from the protocol guide's type descriptions. */
export const wire = {
  int8: (n: number) => Buffer.from([n & 0xff]),
  int16: (n: number) => {
    const b = Buffer.alloc(2);
    b.writeInt16BE(n);
    return b;
  },
  int32: (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  },
  int64: (n: number | bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(n));
    return b;
  },
  bool: (v: boolean) => Buffer.from([v ? 1 : 0]),
  uvarint: (n: number) => {
    const out: number[] = [];
    let rest = n;
    while (rest >= 0x80) {
      out.push((rest & 0x7f) | 0x80);
      rest = Math.floor(rest / 128);
    }
    out.push(rest);
    return Buffer.from(out);
  },
  string: (s: string | null) =>
    s === null ? wire.int16(-1) : bytes(wire.int16(Buffer.byteLength(s)), Buffer.from(s)),
  compactString: (s: string | null) =>
    s === null ? wire.uvarint(0) : bytes(wire.uvarint(Buffer.byteLength(s) + 1), Buffer.from(s)),
  /** ARRAY length prefix; null for a null array. */
  arrayLength: (n: number | null) => wire.int32(n ?? -1),
  /** COMPACT_ARRAY length prefix (N+1, 0 for null). */
  compactArrayLength: (n: number | null) => wire.uvarint(n === null ? 0 : n + 1),
  /** A tagged-field section: count, then tag, size, bytes for each. */
  tags: (...fields: [tag: number, data: Buffer][]) =>
    bytes(
      wire.uvarint(fields.length),
      ...fields.map(([tag, data]) => bytes(wire.uvarint(tag), wire.uvarint(data.length), data)),
    ),
};

/** The bytes kafkajs would send after its request header v1. */
export async function requestBody<Result>(message: ApiMessage<Result>): Promise<Buffer> {
  return (await toProtocolCall(message).request.encode()).buffer;
}

/** Runs response bytes (everything after the correlation id) through decode and parse, as Connection#send does. */
export async function respond<Result>(message: ApiMessage<Result>, rawData: Buffer): Promise<Result> {
  const { response } = toProtocolCall(message);
  return response.parse(await response.decode(rawData));
}

/** An empty response header v1 tagged-field section followed by a body. */
export function withHeaderTags(body: Buffer): Buffer {
  return bytes(wire.uvarint(0), body);
}

export interface SentRequest {
  apiKey: number;
  apiVersion: number;
  body: Buffer;
}

export interface FakeBrokerOptions {
  nodeId?: number;
  /** apiKey → [min, max] */
  versions: Record<number, [number, number]>;
  /** Raw response data (after the correlation id) for a request. */
  answer?: (request: SentRequest) => Buffer;
  legacyOffsetFetch?: (groupId: string) => Promise<LegacyTopicOffsets[]>;
}

export type FakeBroker = BrokerConnection & { sent: SentRequest[]; legacyFetches: string[] };

export function fakeBroker(options: FakeBrokerOptions): FakeBroker {
  const versions: ApiVersionTable = new Map(
    Object.entries(options.versions).map(([key, [minVersion, maxVersion]]) => [
      Number(key),
      { minVersion, maxVersion },
    ]),
  );
  const broker: FakeBroker = {
    nodeId: options.nodeId ?? 1,
    sent: [],
    legacyFetches: [],
    apiVersions: async () => versions,
    send: async <Result>(call: ProtocolCall<Result>): Promise<Result> => {
      const { apiKey, apiVersion } = call.request;
      const sent = { apiKey, apiVersion, body: (await call.request.encode()).buffer };
      broker.sent.push(sent);
      if (!options.answer)
        throw new Error(`fake broker ${broker.nodeId} got an unexpected request ${apiKey}`);
      return call.response.parse(await call.response.decode(options.answer(sent)));
    },
    legacyOffsetFetch: async (groupId) => {
      broker.legacyFetches.push(groupId);
      if (!options.legacyOffsetFetch) throw new Error('unexpected legacy OffsetFetch');
      return options.legacyOffsetFetch(groupId);
    },
  };
  return broker;
}

export function fakeCluster(brokers: FakeBroker[]): ClusterAccess {
  const byId = new Map(brokers.map((b) => [b.nodeId, b]));
  return {
    brokerIds: async () => [...byId.keys()],
    broker: async (nodeId) => {
      const broker = byId.get(nodeId);
      if (broker === undefined) throw new Error(`no broker ${nodeId}`);
      return broker;
    },
    withAnyBroker: (work) => work(brokers[0]!),
  };
}
