// The message browser's query and answer.
import { z } from 'zod';

/** Epoch milliseconds, or an ISO 8601 date-time such as 2026-01-31T12:00:00Z. */
const instant = z
  .string()
  .max(64)
  .transform((value, ctx) => {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    if (!Number.isSafeInteger(ms) || ms < 0) {
      ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 date-time' });
      return z.NEVER;
    }
    return ms;
  });

const text = (what: string) => z.string().min(1, `${what} must not be empty`).max(1024);

export const MessagesQuery = z
  .strictObject({
    partitions: z
      .string()
      .max(4096)
      .regex(/^\d{1,6}(,\d{1,6})*$/, 'expected partition numbers separated by commas, e.g. 0,1,2')
      .transform((list) => list.split(',').map(Number))
      .optional()
      .meta({ description: 'Partitions to read, e.g. `0,1`; all when absent.' }),
    from: z
      .enum(['earliest', 'latest', 'offset', 'timestamp'])
      .default('latest')
      .meta({ description: 'Where reading starts: the log start, its end, `offset` or `timestamp`.' }),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .meta({ description: 'With from=offset: the first (forward) or last (backward) offset read.' }),
    timestamp: instant.optional().meta({
      description:
        'With from=timestamp: read from the first record at or after it (forward) or before it (backward).',
    }),
    direction: z.enum(['forward', 'backward']).optional().meta({
      description:
        'forward: oldest first; backward: newest first. Default: backward from latest, else forward.',
    }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(100)
      .meta({ description: 'Messages wanted; cut to the configured `browse.maxMessages`.' }),
    key: text('key').optional().meta({ description: 'Only keys containing this text (UTF-8 bytes).' }),
    value: text('value').optional().meta({ description: 'Only values containing this text (UTF-8 bytes).' }),
    header: text('header').optional().meta({ description: 'Only messages with a header of this name.' }),
    headerValue: z
      .string()
      .max(1024)
      .optional()
      .meta({ description: 'With header: only when that header has exactly this value.' }),
    since: instant.optional().meta({ description: 'Only messages with a timestamp at or after it.' }),
    until: instant.optional().meta({ description: 'Only messages with a timestamp at or before it.' }),
    transactions: z.enum(['committed', 'all']).default('committed').meta({
      description: 'committed: as a read_committed consumer; all: aborted records and markers too.',
    }),
    maxValueBytes: z.coerce
      .number()
      .int()
      .min(16)
      .max(1024 * 1024)
      .default(16 * 1024)
      .meta({ description: 'Longer keys, values and headers are cut to this many bytes.' }),
  })
  .superRefine((q, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (q.from === 'offset' && q.offset === undefined) issue('offset', 'from=offset needs an offset');
    if (q.from !== 'offset' && q.offset !== undefined)
      issue('offset', 'offset is only used with from=offset');
    if (q.from === 'timestamp' && q.timestamp === undefined)
      issue('timestamp', 'from=timestamp needs a timestamp');
    if (q.from !== 'timestamp' && q.timestamp !== undefined)
      issue('timestamp', 'timestamp is only used with from=timestamp');
    if (q.from === 'latest' && q.direction === 'forward')
      issue('direction', 'nothing comes after the latest message: read backward from latest');
    if (q.from === 'earliest' && q.direction === 'backward')
      issue('direction', 'nothing comes before the earliest message: read forward from earliest');
    if (q.headerValue !== undefined && q.header === undefined)
      issue('headerValue', 'headerValue needs header');
    if (q.since !== undefined && q.until !== undefined && q.since > q.until)
      issue('since', 'since must not be after until');
  });
export type MessagesQuery = z.output<typeof MessagesQuery>;

const int = z.number().int();
const nullableInt = int.nullable();

export const BytesView = z
  .object({
    format: z.enum(['text', 'json', 'binary']),
    text: z.string().nullable().meta({ description: 'The UTF-8 text; null for binary.' }),
    pretty: z.string().nullable().meta({ description: 'Indented JSON, when the text is JSON.' }),
    hex: z.string().nullable().meta({ description: 'The bytes shown, for binary.' }),
    base64: z.string().nullable().meta({ description: 'The bytes shown, for binary.' }),
    size: int.meta({ description: 'Bytes of the whole value.' }),
    truncated: z.boolean().meta({ description: 'Only the first maxValueBytes are shown.' }),
  })
  .meta({ id: 'BytesView' });

export const Message = z.object({
  partition: int,
  offset: int,
  timestamp: int,
  timestampType: z.enum(['CreateTime', 'LogAppendTime']),
  key: BytesView.nullable(),
  value: BytesView.nullable(),
  headers: z.array(z.object({ key: z.string(), value: BytesView.nullable() })),
  sizes: z.object({ key: int, value: int, headers: int }),
  transactional: z.boolean(),
  control: z
    .enum(['commit', 'abort'])
    .nullable()
    .meta({ description: 'A transaction marker (transactions=all).' }),
});

export const MessagesPage = z.object({
  cluster: z.string(),
  topic: z.string(),
  direction: z.enum(['forward', 'backward']),
  transactions: z.enum(['committed', 'all']),
  limit: int.meta({ description: 'The limit applied (the one asked for, or the configured cap).' }),
  limitCapped: z.boolean().meta({ description: 'The limit asked for was above `browse.maxMessages`.' }),
  stoppedBy: z.enum(['limit', 'end', 'bytes', 'timeout']).meta({
    description:
      'Why reading stopped: enough messages, nothing more to read, `browse.maxBytes`, or `browse.timeout`.',
  }),
  scanned: int.meta({ description: 'Records read from Kafka, matching or not.' }),
  bytes: int.meta({ description: 'Bytes of the keys, values and headers returned.' }),
  partitions: z.array(
    z.object({
      partition: int,
      startOffset: int,
      endOffset: int,
      firstOffset: nullableInt,
      lastOffset: nullableInt,
      error: z.string().nullable(),
    }),
  ),
  messages: z.array(Message),
});

// The wire shapes, inferred from the schemas above: the views build them, the web reads them.
export type BytesView = z.output<typeof BytesView>;
export type MessageView = z.output<typeof Message>;
export type MessagesPage = z.output<typeof MessagesPage>;
