// How a record's bytes are shown: UTF-8 text, with pretty JSON beside it when the text parses,
// else hex and base64. Long values are cut to a byte budget and say so with their full size.
// Every field is plain data for the UI to put in text nodes; nothing here is ever HTML.
import type { BrowsedRecord } from '../kafka/messages/index.ts';
import type { BytesView, MessageView } from './messages-schemas.ts';

export type { BytesView, MessageView };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text with no control characters but tab, newline and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Drops a multi-byte UTF-8 character cut at the end, so a cut text still decodes. */
function withoutCutCharacter(bytes: Buffer): Buffer {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

function asText(bytes: Buffer, truncated: boolean): string | null {
  try {
    const text = utf8.decode(truncated ? withoutCutCharacter(bytes) : bytes);
    return CONTROL.test(text) ? null : text;
  } catch {
    return null;
  }
}

function asJson(text: string): string | null {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

export function viewBytes(bytes: Buffer | null, maxBytes: number): BytesView | null {
  if (bytes === null) return null;
  const truncated = bytes.length > maxBytes;
  const shown = truncated ? bytes.subarray(0, maxBytes) : bytes;
  const text = asText(shown, truncated);
  if (text !== null) {
    const pretty = truncated ? null : asJson(text);
    return {
      format: pretty ? 'json' : 'text',
      text,
      pretty,
      hex: null,
      base64: null,
      size: bytes.length,
      truncated,
    };
  }
  return {
    format: 'binary',
    text: null,
    pretty: null,
    hex: shown.toString('hex'),
    base64: shown.toString('base64'),
    size: bytes.length,
    truncated,
  };
}

export function viewMessage(record: BrowsedRecord, maxValueBytes: number): MessageView {
  const headers = record.headers.map((h) => ({ key: h.key, value: viewBytes(h.value, maxValueBytes) }));
  return {
    partition: record.partition,
    offset: record.offset,
    timestamp: record.timestamp,
    timestampType: record.timestampType,
    key: viewBytes(record.key, maxValueBytes),
    value: viewBytes(record.value, maxValueBytes),
    headers,
    sizes: {
      key: record.key?.length ?? 0,
      value: record.value?.length ?? 0,
      headers: record.headers.reduce((sum, h) => sum + Buffer.byteLength(h.key) + (h.value?.length ?? 0), 0),
    },
    transactional: record.transactional,
    control: record.control,
  };
}
