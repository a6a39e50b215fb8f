// The map keys the collector and its readers index partitions by. One definition, so the store's
// restore path and the collector cannot disagree on the format: NUL cannot occur in a topic or
// group name, so the parts never run into each other.

export const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
export const recordKey = (topic: string, partition: number, offset: number): string =>
  `${topic}\u0000${partition}\u0000${offset}`;

export function splitPartitionKey(key: string): { topic: string; partition: number } {
  const at = key.lastIndexOf('\u0000');
  return { topic: key.slice(0, at), partition: Number(key.slice(at + 1)) };
}
