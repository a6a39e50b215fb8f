// Turns a message definition into the { request, response } pair kafkajs' Connection#send takes.
import { MalformedResponseError, Reader, Writer } from './codec.ts';
import {
  type ApiVersionTable,
  type BrokerConnection,
  type ProtocolCall,
  toKafkajsCall,
} from './kafkajs/index.ts';

export interface ApiMessage<Result> {
  apiKey: number;
  apiName: string;
  version: number;
  /** Whether this version uses the compact encodings and tagged fields (request header v2). */
  flexible: boolean;
  /** Writes the request body's fields; header and top-level tagged fields are added around them. */
  write(writer: Writer): void;
  /** Reads the response body's fields; header and top-level tagged fields are skipped around them. */
  read(reader: Reader): Result;
  /** KIP-219: brokers answer first and expect the client to hold back for this long. */
  throttleTimeMs?(result: Result): number;
}

const API_VERSIONS_KEY = 18;

export function toProtocolCall<Result>(message: ApiMessage<Result>): ProtocolCall<Result> {
  return toKafkajsCall({
    apiKey: message.apiKey,
    apiVersion: message.version,
    apiName: message.apiName,
    encode: () => {
      const writer = new Writer(message.flexible);
      // kafkajs writes request header v1 (key, version, correlation id, client id); header v2 adds
      // a tagged-field section right after it, i.e. at the start of what we hand kafkajs...
      writer.taggedFields();
      message.write(writer);
      // ...and the request body, a struct like any other, ends with its own.
      writer.taggedFields();
      return writer.encoder;
    },
    decode: (rawData) => decodeBody(message, rawData),
    throttleTimeMs: (result) => message.throttleTimeMs?.(result) ?? null,
  });
}

/** Reads a response body as kafkajs hands it over: everything after the correlation id. */
export function decodeBody<Result>(message: ApiMessage<Result>, rawData: Buffer): Result {
  const reader = new Reader(rawData, message.flexible);
  try {
    // Response header v1 ends with tagged fields; ApiVersions always answers with header v0 so
    // that a client can read it before knowing what the broker supports.
    if (message.flexible && message.apiKey !== API_VERSIONS_KEY) reader.skipTaggedFields();
    const result = reader.struct(() => message.read(reader));
    reader.end();
    return result;
  } catch (error) {
    if (error instanceof MalformedResponseError) {
      throw new MalformedResponseError(`${message.apiName} v${message.version}: ${error.message}`);
    }
    // Buffer reads past the end throw RangeError: same cause, same error.
    if (error instanceof RangeError) {
      throw new MalformedResponseError(`${message.apiName} v${message.version}: response truncated`);
    }
    throw error;
  }
}

export function send<Result>(broker: BrokerConnection, message: ApiMessage<Result>): Promise<Result> {
  return broker.send(toProtocolCall(message));
}

/**
 * The highest version both sides speak, or null when the broker does not have the API or only
 * versions we do not implement.
 */
export function pickVersion(
  versions: ApiVersionTable,
  apiKey: number,
  ours: { min: number; max: number },
): number | null {
  const theirs = versions.get(apiKey);
  if (theirs === undefined) return null;
  const version = Math.min(ours.max, theirs.maxVersion);
  return version >= Math.max(ours.min, theirs.minVersion) ? version : null;
}
