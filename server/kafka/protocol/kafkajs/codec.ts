// kafkajs' Encoder, Decoder and error-code table. One of the reaches listed in index.ts.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

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
