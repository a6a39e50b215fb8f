import { describe, expect, it } from 'vitest';
import { bytes, wire } from '../../../test/support/protocol-bytes.ts';
import { MalformedResponseError, Reader, Writer } from './codec.ts';

describe('Writer', () => {
  it('writes classic strings and arrays in non-flexible versions', () => {
    const w = new Writer(false);
    w.string('ab')
      .string(null)
      .array([7, 8], (w, n) => w.int32(n))
      .array(null, () => undefined)
      .taggedFields();
    expect(w.bytes).toEqual(
      bytes(
        wire.string('ab'),
        wire.string(null),
        wire.arrayLength(2),
        wire.int32(7),
        wire.int32(8),
        wire.arrayLength(null),
      ),
    );
  });

  it('writes compact strings, compact arrays and empty tagged fields in flexible versions', () => {
    const long = 'x'.repeat(200); // length+1 = 201 needs a two-byte varint
    const w = new Writer(true);
    w.string(long)
      .string(null)
      .array([], () => undefined)
      .array(null, () => undefined)
      .taggedFields();
    expect(w.bytes).toEqual(
      bytes(
        Buffer.from([0xc9, 0x01]),
        Buffer.from(long),
        wire.compactString(null),
        wire.compactArrayLength(0),
        wire.compactArrayLength(null),
        wire.tags(),
      ),
    );
  });

  it('writes int64 values beyond 32 bits and negative ones', () => {
    const w = new Writer(false);
    w.int64(5_000_000_000).int64(-1);
    expect(w.bytes).toEqual(bytes(wire.int64(5_000_000_000), wire.int64(-1)));
  });
});

describe('Reader', () => {
  it('reads what the protocol guide describes, in both encodings', () => {
    const classic = new Reader(
      bytes(
        wire.string('héllo'),
        wire.string(null),
        wire.arrayLength(null),
        wire.int64(-1),
        wire.int64(2 ** 40),
      ),
      false,
    );
    expect(classic.string()).toBe('héllo');
    expect(classic.nullableString()).toBeNull();
    expect(classic.array((r) => r.int32())).toEqual([]);
    expect(classic.int64()).toBe(-1);
    expect(classic.int64()).toBe(2 ** 40);
    classic.end();

    const compact = new Reader(
      bytes(
        wire.compactString('héllo'),
        wire.compactString(null),
        wire.compactArrayLength(2),
        wire.int8(1),
        wire.int8(2),
      ),
      true,
    );
    expect(compact.string()).toBe('héllo');
    expect(compact.nullableString()).toBeNull();
    expect(compact.array((r) => r.int8())).toEqual([1, 2]);
    compact.end();
  });

  it('skips tagged fields, sizes being plain lengths', () => {
    const big = Buffer.alloc(300, 7); // a size that needs a two-byte varint
    const reader = new Reader(
      bytes(wire.int32(1), wire.tags([0, Buffer.from([1, 2, 3])], [5, big]), wire.int32(2), wire.tags()),
      true,
    );
    expect(reader.struct((r) => r.int32())).toBe(1);
    expect(reader.struct((r) => r.int32())).toBe(2);
    reader.end();
  });

  it('reads UUIDs in Kafka text form and unsigned 16-bit ports', () => {
    const reader = new Reader(bytes(Buffer.alloc(16, 0), wire.int16(-25535)), true);
    expect(reader.uuid()).toBe('AAAAAAAAAAAAAAAAAAAAAA');
    expect(reader.uint16()).toBe(40001);
  });

  it('rejects leftovers, truncation and impossible lengths', () => {
    const leftover = new Reader(bytes(wire.int32(1), wire.int8(0)), false);
    leftover.int32();
    expect(() => leftover.end()).toThrow(MalformedResponseError);

    expect(() => new Reader(bytes(wire.compactString('abcdef').subarray(0, 3)), true).string()).toThrow(
      MalformedResponseError,
    );
    expect(() => new Reader(wire.arrayLength(1_000_000), false).array((r) => r.int8())).toThrow(/truncated/);
    expect(() => new Reader(wire.compactString(null), true).string()).toThrow(/non-nullable/);
  });
});
