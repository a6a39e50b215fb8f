// The message browser's route: reading messages is its own permission (browse.*), bounded in
// messages, bytes, time and concurrent requests, and every attempt leaves an audit row.
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../auth/auth.ts';
import {
  type BrowseQuery,
  BrowseRefusal,
  type BrowseResult,
  UnknownTopicError,
} from '../kafka/messages/index.ts';
import { type Api, errors } from './api-instance.ts';
import { ApiError } from './errors.ts';
import { knownCluster } from './lookup.ts';
import { viewMessage } from './message-view.ts';
import { MessagesPage, MessagesQuery } from './messages-schemas.ts';
import { TopicParams } from './schemas.ts';
import type { ApiSource } from './source.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on the message browser's route: every answer, refusals too, is audited. */
    browse?: boolean;
  }
}

const ACTION = 'messages.browse';

/** What the audit row says about one browse, filled in as the request goes. */
interface BrowseNote {
  who: string;
  summary?: string;
}

export function messagesRoutes(api: Api, source: ApiSource, auth: Authenticator): void {
  const notes = new WeakMap<FastifyRequest, BrowseNote>();
  const now = source.now ?? Date.now;
  let active = 0;

  api.addHook('onSend', async (request, reply, payload) => {
    if (!request.routeOptions.config.browse || !source.audit) return payload;
    const note = notes.get(request) ?? { who: 'unauthenticated' };
    const status = reply.statusCode;
    const params = (request.params ?? {}) as { cluster?: unknown; topic?: unknown };
    try {
      source.audit.record({
        time: now(),
        clientAddress: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        action: ACTION,
        target: `${String(params.cluster)}/${String(params.topic)}`,
        result:
          status < 400 ? 'ok' : status === 401 || status === 403 || status === 429 ? 'denied' : 'failed',
        status,
        message: status < 400 ? `${note.who}: ${note.summary ?? ''}` : `${note.who}: ${errorText(payload)}`,
      });
    } catch (error) {
      request.log.error({ err: error, action: ACTION }, 'could not write the audit row');
    }
    return payload;
  });

  api.get(
    '/clusters/:cluster/topics/:topic/messages',
    {
      config: { browse: true },
      schema: {
        tags: ['messages'],
        summary: "Read a topic's messages (needs the browse permission; audited)",
        description:
          'From the earliest, the latest, an offset or a timestamp, forward or backward, with filters. ' +
          'Bounded by browse.maxMessages, browse.maxBytes and browse.timeout; `stoppedBy` says which ended it.',
        security: [{ adminToken: [] }, { viewer: [] }],
        params: TopicParams,
        querystring: MessagesQuery,
        response: { 200: MessagesPage, ...errors(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const note: BrowseNote = { who: 'unauthenticated' };
      notes.set(request, note);
      const config = source.browse;
      if (!config?.enabled)
        throw new ApiError(403, 'browse_disabled', 'reading messages is turned off (browse.enabled)');
      const outcome = await auth.browser(request, config.viewers);
      if (!outcome.ok) throw new ApiError(outcome.status, outcome.error, outcome.message, outcome.headers);
      note.who = outcome.who;

      const { cluster, topic } = request.params;
      knownCluster(source, cluster);
      const browser = source.browser?.(cluster);
      if (!browser) throw new ApiError(503, 'browse_unavailable', 'the message browser is not available');
      if (active >= config.maxConcurrent) {
        throw new ApiError(
          429,
          'browse_busy',
          `${config.maxConcurrent} message reads are under way (browse.maxConcurrent); retry shortly`,
          { 'retry-after': '1' },
        );
      }
      const q = request.query;
      const query = browseQuery(topic, q, config.maxMessages, config.maxBytes, Date.now() + config.timeout);
      active++;
      let result: BrowseResult;
      try {
        result = await browser.read(query);
      } catch (error) {
        throw refusal(error);
      } finally {
        active--;
      }
      note.summary = summary(query, result, q.limit > config.maxMessages);
      return {
        cluster,
        topic,
        direction: query.direction,
        transactions: query.transactions,
        limit: query.limit,
        limitCapped: q.limit > config.maxMessages,
        stoppedBy: result.stoppedBy,
        scanned: result.scanned,
        bytes: result.bytes,
        partitions: result.partitions,
        messages: result.records.map((r) => viewMessage(r, q.maxValueBytes)),
      };
    },
  );
}

function browseQuery(
  topic: string,
  q: MessagesQuery,
  maxMessages: number,
  maxBytes: number,
  deadline: number,
): BrowseQuery {
  const from: BrowseQuery['from'] =
    q.from === 'offset'
      ? { kind: 'offset', offset: q.offset ?? 0 }
      : q.from === 'timestamp'
        ? { kind: 'timestamp', timestamp: q.timestamp ?? 0 }
        : { kind: q.from };
  return {
    topic,
    partitions: q.partitions,
    from,
    direction: q.direction ?? (q.from === 'latest' ? 'backward' : 'forward'),
    limit: Math.min(q.limit, maxMessages),
    filter: {
      keyContains: q.key,
      valueContains: q.value,
      header: q.header === undefined ? undefined : { key: q.header, value: q.headerValue },
      since: q.since,
      until: q.until,
    },
    transactions: q.transactions,
    maxBytes,
    deadline,
  };
}

function refusal(error: unknown): unknown {
  if (error instanceof UnknownTopicError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof BrowseRefusal)
    return new ApiError(error.kind === 'unknown_partition' ? 404 : 400, error.kind, error.message);
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(503, 'kafka_unavailable', `Kafka did not answer: ${message}`);
}

/** Who read what: partitions, the offsets returned, how it started, how many and why it ended. */
function summary(query: BrowseQuery, result: BrowseResult, capped: boolean): string {
  const from = query.from;
  const start =
    from.kind === 'offset'
      ? `offset ${from.offset}`
      : from.kind === 'timestamp'
        ? `timestamp ${new Date(from.timestamp).toISOString()}`
        : from.kind;
  const read = result.partitions
    .filter((p) => p.firstOffset !== null)
    .map((p) => `${p.partition}:${p.firstOffset}-${p.lastOffset}`)
    .join(' ');
  const filters = Object.entries(query.filter)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => k);
  return [
    `${result.records.length} messages`,
    `partitions ${result.partitions.map((p) => p.partition).join(',')}`,
    `offsets ${read || 'none'}`,
    `from ${start} ${query.direction}`,
    `limit ${query.limit}${capped ? ' (capped)' : ''}`,
    query.transactions === 'all' ? 'transactions all' : 'read_committed',
    filters.length > 0 ? `filters ${filters.join(',')}` : 'no filter',
    `stopped by ${result.stoppedBy}`,
  ].join('; ');
}

function errorText(payload: unknown): string {
  if (typeof payload !== 'string') return 'error';
  try {
    const body = JSON.parse(payload) as { error?: unknown; message?: unknown };
    return `${String(body.error)}: ${String(body.message)}`;
  } catch {
    return 'error';
  }
}
