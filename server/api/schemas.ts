import { z } from 'zod';

/** Query strings arrive as strings; a repeated key arrives as an array and is refused. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const order = z.enum(['asc', 'desc']).default('asc');
const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);
const epochMs = z.coerce.number().int().min(0);

export const TOPIC_SORT_COLUMNS = [
  'name',
  'partitions',
  'replicationFactor',
  'sizeBytes',
  'messageCount',
  'produceRate',
  'underReplicated',
  'offline',
  'lag',
] as const;

export const GROUP_SORT_COLUMNS = ['id', 'state', 'members', 'status', 'lag', 'timeLagSeconds'] as const;

export const GROUP_STATES = [
  'Stable',
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Dead',
  'Unknown',
] as const;
export const GROUP_STATUSES = ['OK', 'WARN', 'ERR'] as const;

// Strict: a misspelt parameter is a 400, not a filter silently ignored.
export const TopicListQuery = z.strictObject({
  page,
  pageSize,
  sort: z.enum(TOPIC_SORT_COLUMNS).default('name'),
  order,
  q: z.string().max(256).optional(),
  underReplicated: flag.optional(),
  offline: flag.optional(),
  internal: flag.optional(),
});
export type TopicListQuery = z.infer<typeof TopicListQuery>;

export const GroupListQuery = z.strictObject({
  page,
  pageSize,
  sort: z.enum(GROUP_SORT_COLUMNS).default('id'),
  order,
  q: z.string().max(256).optional(),
  state: z.enum(GROUP_STATES).optional(),
  status: z.enum(GROUP_STATUSES).optional(),
});
export type GroupListQuery = z.infer<typeof GroupListQuery>;

export const IsrEventsQuery = z
  .strictObject({
    from: epochMs.optional(),
    to: epochMs.optional(),
    topic: z.string().min(1).max(249).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type IsrEventsQuery = z.infer<typeof IsrEventsQuery>;

export const LagHistoryQuery = z
  .strictObject({
    from: epochMs.optional(),
    to: epochMs.optional(),
    topic: z.string().min(1).max(249).optional(),
    points: z.coerce.number().int().min(2).max(2000).default(300),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'from must not be after to',
    path: ['from'],
  });
export type LagHistoryQuery = z.infer<typeof LagHistoryQuery>;

export const NoQuery = z.strictObject({});
