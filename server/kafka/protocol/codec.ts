// Kafka wire types on top of kafkajs' Encoder/Decoder. kafkajs has the primitives and varints, but
// not what flexible versions (KIP-482) need: compact arrays of inline structs, compact nullable
// arrays, tagged-field sections and UUIDs. A Writer or Reader is made for one message version and
// picks the classic or compact encoding itself, so a message is written once for all versions.
import { createDecoder, createEncoder, type KafkaDecoder, type KafkaEncoder } from './kafkajs/index.ts';

export class Writer {
  readonly encoder: KafkaEncoder = createEncoder();

  constructor(readonly flexible: boolean) {}

  int8(value: number): this {
    this.encoder.writeInt8(value);
    return this;
  }

  int16(value: number): this {
    this.encoder.writeInt16(value);
    return this;
  }

  int32(value: number): this {
    this.encoder.writeInt32(value);
    return this;
  }

  int64(value: number | bigint): this {
    this.encoder.writeInt64(value);
    return this;
  }

  bool(value: boolean): this {
    this.encoder.writeBoolean(value);
    return this;
  }

  /** STRING / NULLABLE_STRING, or COMPACT_(NULLABLE_)STRING in flexible versions. */
  string(value: string | null): this {
    if (this.flexible) this.encoder.writeUVarIntString(value);
    else this.encoder.writeString(value);
    return this;
  }

  /** ARRAY / COMPACT_ARRAY; null only where the schema says nullable. */
  array<T>(items: readonly T[] | null, writeItem: (writer: this, item: T) => void): this {
    if (this.flexible) this.encoder.writeUVarInt(items === null ? 0 : items.length + 1);
    else this.encoder.writeInt32(items === null ? -1 : items.length);
    for (const item of items ?? []) writeItem(this, item);
    return this;
  }

  /** A nullable struct (flexible versions): -1 for null, 1 followed by the struct's fields. */
  nullableStruct<T>(value: T | null, writeFields: (writer: this, value: T) => void): this {
    if (value === null) return this.int8(-1);
    this.int8(1);
    writeFields(this, value);
    return this.taggedFields();
  }

  /** An empty tagged-field section (flexible versions end every struct with one). */
  taggedFields(): this {
    if (this.flexible) this.encoder.writeUVarInt(0);
    return this;
  }

  get bytes(): Buffer {
    return this.encoder.buffer;
  }
}

export class MalformedResponseError extends Error {
  override readonly name = 'MalformedResponseError';
}

export class Reader {
  private readonly decoder: KafkaDecoder;

  constructor(
    buffer: Buffer,
    readonly flexible: boolean,
  ) {
    this.decoder = createDecoder(buffer);
  }

  get remaining(): number {
    return this.decoder.buffer.length - this.decoder.offset;
  }

  int8(): number {
    return this.decoder.readInt8();
  }

  int16(): number {
    return this.decoder.readInt16();
  }

  int32(): number {
    return this.decoder.readInt32();
  }

  /**
   * As a JS number: offsets, sizes and timestamps stay far below 2^53 in practice, and numbers
   * keep the arithmetic on them (lag, rates) simple everywhere downstream.
   */
  int64(): number {
    return Number(this.decoder.readInt64());
  }

  uint16(): number {
    return this.decoder.readInt16() & 0xffff;
  }

  bool(): boolean {
    return this.decoder.readBoolean();
  }

  /** Kafka's own text form of a UUID: URL-safe base64 without padding. */
  uuid(): string {
    this.need(16);
    return this.decoder.readBytes(16).toString('base64url');
  }

  nullableString(): string | null {
    if (!this.flexible) return this.decoder.readString();
    const length = this.decoder.readUVarInt() - 1;
    if (length < 0) return null;
    this.need(length);
    return this.decoder.readBytes(length).toString('utf8');
  }

  string(): string {
    const value = this.nullableString();
    if (value === null) throw new MalformedResponseError('null where the schema has a non-nullable string');
    return value;
  }

  /** ARRAY / COMPACT_ARRAY of structs or primitives; a null array reads as empty. */
  array<T>(readItem: (reader: this) => T): T[] {
    const length = this.flexible ? this.decoder.readUVarInt() - 1 : this.decoder.readInt32();
    if (length < 0) return [];
    // Every element takes at least one byte: a larger count means we are reading garbage.
    this.need(length);
    const items = new Array<T>(length);
    for (let i = 0; i < length; i++) items[i] = readItem(this);
    return items;
  }

  /** A nullable array kept apart from an empty one, where the difference means something. */
  nullableArray<T>(readItem: (reader: this) => T): T[] | null {
    const length = this.flexible ? this.decoder.readUVarInt() - 1 : this.decoder.readInt32();
    if (length < 0) return null;
    this.need(length);
    const items = new Array<T>(length);
    for (let i = 0; i < length; i++) items[i] = readItem(this);
    return items;
  }

  /** A nullable struct: an int8 marker (-1 null, 1 present), then the struct. */
  nullableStruct<T>(readFields: (reader: this) => T): T | null {
    return this.int8() < 0 ? null : this.struct(readFields);
  }

  /** A struct: its fields, then (flexible versions) its tagged fields, which we do not use. */
  struct<T>(readFields: (reader: this) => T): T {
    const value = readFields(this);
    this.skipTaggedFields();
    return value;
  }

  skipTaggedFields(): void {
    if (!this.flexible) return;
    const count = this.decoder.readUVarInt();
    for (let i = 0; i < count; i++) {
      this.decoder.readUVarInt(); // tag
      // Unlike compact strings, a tagged field's size is the plain length (no +1).
      const size = this.decoder.readUVarInt();
      this.need(size);
      this.decoder.forward(size);
    }
  }

  /** Throws unless the whole buffer was read exactly: a misread schema must not pass silently. */
  end(): void {
    if (this.remaining !== 0) {
      throw new MalformedResponseError(
        `${this.remaining > 0 ? `${this.remaining} bytes left over` : `${-this.remaining} bytes missing`} ` +
          'after decoding the response',
      );
    }
  }

  private need(bytes: number): void {
    if (bytes > this.remaining) {
      throw new MalformedResponseError(`response truncated: need ${bytes} bytes, ${this.remaining} left`);
    }
  }
}
