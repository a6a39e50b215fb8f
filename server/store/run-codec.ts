/**
 * Compact bytes for EndOffsetRuns ([offset, firstSeen, lastSeen, ...]). Successive values
 * are close (offsets grow, times follow each other), so deltas as zig-zag varints take
 * 2-4 bytes where doubles take 8. Anything that is not a safe integer falls back to doubles.
 */
const VARINT = 1;
const FLOAT64 = 2;
/** Keeps zig-zag values below 2^53, where doubles still count exactly. */
const MAX_DELTA = 2 ** 51;

export function encodeRuns(runs: readonly number[]): Buffer {
  const deltas = toDeltas(runs);
  if (!deltas) {
    const bytes = Buffer.alloc(1 + runs.length * 8);
    bytes[0] = FLOAT64;
    for (let i = 0; i < runs.length; i++) bytes.writeDoubleLE(runs[i]!, 1 + i * 8);
    return bytes;
  }
  const out: number[] = [VARINT];
  for (const delta of deltas) {
    let z = delta >= 0 ? delta * 2 : -delta * 2 - 1;
    while (z >= 128) {
      out.push((z % 128) + 128);
      z = Math.floor(z / 128);
    }
    out.push(z);
  }
  return Buffer.from(out);
}

export function decodeRuns(bytes: Uint8Array): number[] {
  if (bytes[0] === FLOAT64) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Array.from({ length: (bytes.length - 1) / 8 }, (_, i) => view.getFloat64(1 + i * 8, true));
  }
  if (bytes[0] !== VARINT) throw new Error(`unknown end-offset runs encoding ${bytes[0]}`);
  const runs: number[] = [];
  let previous = 0;
  for (let i = 1; i < bytes.length; ) {
    let z = 0;
    let scale = 1;
    let byte: number;
    do {
      byte = bytes[i++]!;
      z += (byte % 128) * scale;
      scale *= 128;
    } while (byte >= 128);
    const delta = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    // Offsets follow offsets; a first-seen follows the previous last-seen; a last-seen its first-seen.
    const base = runs.length % 3 === 0 ? (runs[runs.length - 3] ?? 0) : previous;
    previous = base + delta;
    runs.push(previous);
  }
  return runs;
}

function toDeltas(runs: readonly number[]): number[] | undefined {
  const deltas: number[] = [];
  let previous = 0;
  for (let i = 0; i < runs.length; i++) {
    const value = runs[i]!;
    const base = i % 3 === 0 ? (i >= 3 ? runs[i - 3]! : 0) : previous;
    const delta = value - base;
    if (!Number.isSafeInteger(value) || !Number.isSafeInteger(delta) || Math.abs(delta) >= MAX_DELTA)
      return undefined;
    deltas.push(delta);
    previous = value;
  }
  return deltas;
}
