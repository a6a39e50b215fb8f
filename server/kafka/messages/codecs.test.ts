import { createRequire } from 'node:module';
import { compressFrameSync } from 'lz4-napi';
import { describe, expect, it } from 'vitest';
import { decompressLz4, decompressSnappy, decompressZstd, registerCompressionCodecs } from './codecs.ts';

const require = createRequire(import.meta.url);
const snappy = require('snappyjs') as { compress(data: Uint8Array): Uint8Array };
const lookupCodec = (
  require('kafkajs/src/protocol/message/compression') as {
    lookupCodecByAttributes(attributes: number): { decompress(data: Buffer): Promise<Buffer> } | null;
  }
).lookupCodecByAttributes;

const TEXT = 'kestrel reads zstd, kestrel reads zstd, kestrel reads zstd';

function xerialFrame(blocks: Buffer[]): Buffer {
  const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
  const parts = blocks.map((block) => {
    const compressed = Buffer.from(snappy.compress(block));
    const length = Buffer.alloc(4);
    length.writeInt32BE(compressed.length);
    return Buffer.concat([length, compressed]);
  });
  return Buffer.concat([header, ...parts]);
}

describe('compression codecs', () => {
  it('reads raw snappy and snappy-java streams of several blocks', () => {
    expect(decompressSnappy(Buffer.from(snappy.compress(Buffer.from(TEXT)))).toString()).toBe(TEXT);
    const framed = xerialFrame([Buffer.from('first block, '), Buffer.from('second block')]);
    expect(decompressSnappy(framed).toString()).toBe('first block, second block');
    expect(() => decompressSnappy(framed.subarray(0, framed.length - 3))).toThrow(/truncated/);
  });

  it('reads LZ4 frames', async () => {
    expect((await decompressLz4(compressFrameSync(Buffer.from(TEXT)))).toString()).toBe(TEXT);
  });

  it('reads a streamed zstd frame without a content size (as `zstd --no-content-size` writes it)', () => {
    const frame = Buffer.from(
      '28b52ffd0458d50000a06b65737472656c207265616473207a7374642c200100de3399ee8086e0',
      'hex',
    );
    expect(decompressZstd(frame).toString()).toBe(TEXT);
  });

  it('are what kafkajs finds for a batch compressed with snappy, lz4 or zstd', async () => {
    registerCompressionCodecs();
    const SNAPPY = 2;
    const LZ4 = 3;
    const ZSTD = 4;
    expect((await lookupCodec(SNAPPY)!.decompress(xerialFrame([Buffer.from(TEXT)]))).toString()).toBe(TEXT);
    expect((await lookupCodec(LZ4)!.decompress(compressFrameSync(Buffer.from(TEXT)))).toString()).toBe(TEXT);
    expect(lookupCodec(ZSTD)).not.toBeNull();
  });
});
