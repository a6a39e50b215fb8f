import { describe, expect, it } from 'vitest';
import { KEY_GENERATION, partitionKey, splitPartitionKey } from './keys.ts';

describe('partitionKey', () => {
  it('joins topic and partition with NUL, and splits back', () => {
    expect(partitionKey('orders', 3)).toBe('orders\u00003');
    expect(splitPartitionKey(partitionKey('a.b-c', 12))).toEqual({ topic: 'a.b-c', partition: 12 });
    // A topic name that looks like a number, and one that ends in digits.
    expect(splitPartitionKey(partitionKey('123', 0))).toEqual({ topic: '123', partition: 0 });
    expect(splitPartitionKey(partitionKey('t1', 11))).toEqual({ topic: 't1', partition: 11 });
    expect(partitionKey('orders', -1)).toBe('orders\u0000-1');
  });

  it('gives the same keys across the generations of its table', () => {
    const before = Array.from({ length: 50 }, (_, p) => partitionKey('kept', p));
    // Two generations of lookups of other keys: 'kept' leaves the table, 'gone' comes and goes.
    for (let i = 0; i <= 2 * KEY_GENERATION; i++) partitionKey(i % 2 ? 'gone' : 'other', i % 7);
    expect(Array.from({ length: 50 }, (_, p) => partitionKey('kept', p))).toEqual(before);
    expect(partitionKey('gone', 6)).toBe('gone\u00006');
  });
});
