import { createRequire } from 'node:module';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createDecoder, createEncoder, KAFKAJS_VERSION_WRITTEN_FOR, KafkaInternals } from './index.ts';

describe('kafkajs internals', () => {
  it('are the version this folder was written and checked against', () => {
    // On a kafkajs upgrade: re-check every reach listed in index.ts, then update the constant.
    const { version } = createRequire(import.meta.url)('kafkajs/package.json') as { version: string };
    expect(version).toBe(KAFKAJS_VERSION_WRITTEN_FOR);
  });

  it('still have the cluster factory on the Kafka client, and its Cluster the methods used (nothing is connected)', async () => {
    const kafka = new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING });
    const internals = new KafkaInternals(kafka);
    // The Cluster the private factory built: every method cluster.ts calls on it is there.
    const cluster = (internals as unknown as { cluster: Record<string, unknown> }).cluster;
    for (const method of [
      'connect',
      'disconnect',
      'refreshMetadata',
      'refreshMetadataIfNecessary',
      'getNodeIds',
      'findBroker',
    ])
      expect(typeof cluster[method], method).toBe('function');
    expect((cluster.brokerPool as { brokers?: unknown } | undefined)?.brokers).toBeTypeOf('object');
    // Nothing connected, so no broker is known yet, and disconnecting is harmless.
    expect((cluster.getNodeIds as () => string[])()).toEqual([]);
    await expect(internals.disconnect()).resolves.toBeUndefined();
  });

  it('say plainly when the cluster factory is gone (a kafkajs upgrade that moved it)', () => {
    const plain = {} as unknown as Kafka;
    expect(() => new KafkaInternals(plain)).toThrow(
      /kafkajs internals changed: no private:Kafka:createCluster/,
    );
  });

  it('still have an Encoder and Decoder with the methods codec.ts uses', () => {
    const encoder = createEncoder().writeInt16(7).writeUVarInt(300).writeUVarIntString('k').writeInt64(-2);
    const decoder = createDecoder(encoder.buffer);
    expect([
      decoder.readInt16(),
      decoder.readUVarInt(),
      decoder.readUVarIntString(),
      decoder.readInt64(),
    ]).toEqual([7, 300, 'k', -2n]);
  });
});
