// The compression codecs kafkajs lacks (it has gzip only), registered in kafkajs' codec table so
// that its record-batch decoder reads every batch Kafka can write. Kestrel only ever reads
// compressed batches, so each codec decompresses; compressing is refused.
import { createRequire } from 'node:module';
import { decompress as zstdDecompress } from 'fzstd';
import { decompressFrame as lz4DecompressFrame } from 'lz4-napi';

const require = createRequire(import.meta.url);
// snappyjs ships no types; this is the one function used.
const snappy = require('snappyjs') as { uncompress(data: Uint8Array, maxLength?: number): Uint8Array };
// Through require: Node's ESM loader cannot see these two among kafkajs' CommonJS exports.
const { CompressionCodecs, CompressionTypes } = require('kafkajs') as {
  CompressionCodecs: Record<number, () => unknown>;
  CompressionTypes: { Snappy: number; LZ4: number; ZSTD: number };
};

/** A batch's records never exceed the broker's message size limit; more is a corrupt or hostile batch. */
const MAX_DECOMPRESSED_CHUNK = 64 * 1024 * 1024;

// snappy-java's stream format (SnappyOutputStream), which Kafka's Java producer writes: a
// 16-byte header, then blocks each prefixed with its big-endian length.
const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_LENGTH = 16;

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Raw Snappy, or snappy-java's framed stream (what Kafka's Java clients write). */
export function decompressSnappy(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_LENGTH || !data.subarray(0, XERIAL_MAGIC.length).equals(XERIAL_MAGIC)) {
    return toBuffer(snappy.uncompress(data, MAX_DECOMPRESSED_CHUNK));
  }
  const blocks: Buffer[] = [];
  let at = XERIAL_HEADER_LENGTH;
  while (at < data.length) {
    if (at + 4 > data.length) throw new Error('Invalid snappy-java stream: truncated block length');
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length)
      throw new Error('Invalid snappy-java stream: truncated block');
    blocks.push(toBuffer(snappy.uncompress(data.subarray(at, at + length), MAX_DECOMPRESSED_CHUNK)));
    at += length;
  }
  return Buffer.concat(blocks);
}

/** The LZ4 frame format, which Kafka writes for record batches (magic v2). */
export function decompressLz4(data: Buffer): Promise<Buffer> {
  return lz4DecompressFrame(data);
}

/** Zstandard frames, also the streamed ones without a content size that Kafka's producer writes. */
export function decompressZstd(data: Buffer): Buffer {
  return toBuffer(zstdDecompress(data));
}

function readOnly(name: string, decompress: (data: Buffer) => Buffer | Promise<Buffer>) {
  return () => ({
    compress: async () => {
      throw new Error(`Kestrel reads ${name} batches but never writes them`);
    },
    decompress: async (data: Buffer) => decompress(data),
  });
}

let registered = false;

/** Idempotent; kafkajs' codec table is process-wide, so one call serves every client. */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  CompressionCodecs[CompressionTypes.Snappy] = readOnly('snappy', decompressSnappy);
  CompressionCodecs[CompressionTypes.LZ4] = readOnly('lz4', decompressLz4);
  CompressionCodecs[CompressionTypes.ZSTD] = readOnly('zstd', decompressZstd);
}
