import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  requestBody,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { incrementalAlterConfigsMessage, incrementalAlterConfigsOn } from './throttle-config-changes.ts';

// Byte vectors written field by field from IncrementalAlterConfigs{Request,Response}.json
// (Kafka 4.4.0's clients jar) with test-support's independent builders.
const resources = [
  {
    type: 'broker' as const,
    name: '2',
    changes: [
      { name: 'leader.replication.throttled.rate', value: '10000' },
      { name: 'follower.replication.throttled.rate', value: null },
    ],
  },
];

describe('IncrementalAlterConfigs (replication throttles)', () => {
  it('encodes SET and DELETE in v0 and v1', async () => {
    expect(await requestBody(incrementalAlterConfigsMessage(0, resources))).toEqual(
      bytes(
        wire.arrayLength(1),
        wire.int8(4),
        wire.string('2'),
        wire.arrayLength(2),
        wire.string('leader.replication.throttled.rate'),
        wire.int8(0),
        wire.string('10000'),
        wire.string('follower.replication.throttled.rate'),
        wire.int8(1),
        wire.string(null),
        wire.bool(false),
      ),
    );
    expect(await requestBody(incrementalAlterConfigsMessage(1, resources))).toEqual(
      bytes(
        wire.tags(),
        wire.compactArrayLength(1),
        wire.int8(4),
        wire.compactString('2'),
        wire.compactArrayLength(2),
        wire.compactString('leader.replication.throttled.rate'),
        wire.int8(0),
        wire.compactString('10000'),
        wire.tags(),
        wire.compactString('follower.replication.throttled.rate'),
        wire.int8(1),
        wire.compactString(null),
        wire.tags(),
        wire.tags(),
        wire.bool(false),
        wire.tags(),
      ),
    );
  });

  const response = (code: number, message: string | null) =>
    bytes(
      wire.int32(0),
      wire.compactArrayLength(1),
      wire.int16(code),
      wire.compactString(message),
      wire.int8(4),
      wire.compactString('2'),
      wire.tags(),
      wire.tags(),
    );

  it('resolves when every resource was changed, and names Kafka’s refusal otherwise', async () => {
    const ok = fakeBroker({ versions: { 44: [0, 1] }, answer: () => withHeaderTags(response(0, null)) });
    await expect(incrementalAlterConfigsOn(ok, resources)).resolves.toBeUndefined();
    const refused = fakeBroker({
      versions: { 44: [0, 1] },
      answer: () => withHeaderTags(response(40, 'Invalid value -5 for configuration')),
    });
    await expect(incrementalAlterConfigsOn(refused, resources)).rejects.toThrow(
      'IncrementalAlterConfigs of 2 failed: INVALID_CONFIG (40): Invalid value -5 for configuration',
    );
  });
});
