// The map keys the collector and its readers index partitions by. One definition, so the store's
// restore path and the collector cannot disagree on the format: NUL cannot occur in a topic or
// group name, so the parts never run into each other.

/**
 * Partition keys are interned: one flat string per partition, however many maps hold it. At
 * 100,000 partitions / 50,000 groups the maps hold about 1.1 million keys for 100,000
 * partitions, and a key built by concatenation is a ConsString (32 bytes pointing at its parts)
 * that V8 flattens into a second string the first time a Map hashes it. A property name is
 * internalized: V8 keeps one flat copy of it, which is what the table hands out.
 *
 * The table is generational so that it forgets topics that are gone: each generation is this
 * many lookups, and a topic not looked up in two generations is dropped from the table (maps
 * that hold its keys keep them).
 */
export const KEY_GENERATION = 4_000_000;
let current = new Map<string, string[]>();
let previous = new Map<string, string[]>();
let lookups = 0;

const internalized = (text: string): string => Object.keys({ [text]: 0 })[0]!;

export function partitionKey(topic: string, partition: number): string {
  if (!Number.isSafeInteger(partition) || partition < 0) return `${topic}\u0000${partition}`;
  if (++lookups > KEY_GENERATION) {
    previous = current;
    current = new Map();
    lookups = 0;
  }
  let keys = current.get(topic);
  if (!keys) {
    keys = previous.get(topic) ?? [];
    current.set(topic, keys);
  }
  let key = keys[partition];
  if (key === undefined) {
    key = internalized(`${topic}\u0000${partition}`);
    keys[partition] = key;
  }
  return key;
}

export const recordKey = (topic: string, partition: number, offset: number): string =>
  `${topic}\u0000${partition}\u0000${offset}`;

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
