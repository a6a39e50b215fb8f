import { z } from 'zod';
import { GROUP_LAG_STATUSES, GROUP_STATES, GROUP_TYPES } from '../model/index.ts';
import { GROUP_SORT_COLUMNS, TOPIC_SORT_COLUMNS } from './columns.ts';

/** Query strings arrive as strings; a repeated key arrives as an array and is refused. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const order = z.enum(['asc', 'desc']).default('asc');
const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(50);
const epochMs = z.coerce.number().int().min(0);
const points = z.coerce.number().int().min(2).max(2000).default(300);
const limit = z.coerce.number().int().min(1).max(1000).default(100);

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

export const GroupListQuery = z.strictObject({
  page,
  pageSize,
  sort: z.enum(GROUP_SORT_COLUMNS).default('id'),
  order,
  q: z.string().max(256).optional(),
  type: z.enum(GROUP_TYPES).optional(),
  state: z.enum(GROUP_STATES).optional(),
  status: z.enum(GROUP_LAG_STATUSES).optional(),
});

// Time ranges in epoch milliseconds; either end may be left out (lookup.ts fills it in).
const range = {
  from: epochMs.optional(),
  to: epochMs.optional(),
};
/** Charts "since the first data point": a new install has minutes of history, not an hour. */
const fromFirst = flag
  .optional()
  .meta({ description: 'Start at the cluster’s first recorded point (or `from`, if later).' });
const fromNotAfterTo = (q: { from?: number; to?: number }) =>
  q.from === undefined || q.to === undefined || q.from <= q.to;
const fromNotAfterToIssue = { message: 'from must not be after to', path: ['from'] };

export const IsrEventsQuery = z
  .strictObject({
    ...range,
    topic: z.string().min(1).max(249).optional(),
    limit,
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const LagHistoryQuery = z
  .strictObject({
    ...range,
    topic: z.string().min(1).max(249).optional(),
    points,
    fromFirst,
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const NoQuery = z.strictObject({});

export const SeriesQuery = z
  .strictObject({ ...range, points, fromFirst })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const AuditQuery = z.strictObject({
  limit,
  before: z.coerce.number().int().min(1).optional(),
});

export const AlertsQuery = z.strictObject({
  state: z.enum(['pending', 'firing']).optional(),
  cluster: z.string().min(1).max(64).optional(),
});

export const AlertHistoryQuery = z
  .strictObject({
    ...range,
    limit,
    cluster: z.string().min(1).max(64).optional(),
  })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

export const NotificationsQuery = z
  .strictObject({ ...range, limit })
  .refine(fromNotAfterTo, fromNotAfterToIssue);

// Path parameters. Names read from Kafka may hold any character (group ids do), so the read
// routes only bound their length; a cluster name is what the config allows.
const clusterName = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a configured cluster name');
const anyName = z.string().min(1).max(1024);

/** What Kafka accepts as a topic name (kafka.common.internals.Topic.validate). */
export const topicName = z
  .string()
  .min(1, 'topic name must not be empty')
  .max(249, 'topic name must be at most 249 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'topic name may only contain letters, digits, ".", "_" and "-"')
  .refine((name) => name !== '.' && name !== '..', 'topic name must not be "." or ".."');

export const ClusterParams = z.strictObject({ cluster: clusterName });
export const TopicParams = z.strictObject({ cluster: clusterName, topic: anyName });
export const GroupParams = z.strictObject({ cluster: clusterName, group: anyName });
export const BrokerParams = z.strictObject({ cluster: clusterName, id: z.coerce.number().int().min(0) });
export const AdminTopicParams = z.strictObject({ cluster: clusterName, topic: topicName });
export const SilenceParams = z.strictObject({ id: z.string().min(1).max(128) });
export const ReceiverParams = z.strictObject({ name: z.string().min(1).max(256) });

// Bodies are strict: an unknown field is a 400, never silently dropped.
const configValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
export const CreateTopicBody = z.strictObject({
  name: topicName,
  partitions: z.number().int().min(1).max(100_000),
  replicationFactor: z.number().int().min(1).max(32),
  configs: z
    .record(
      z.string().regex(/^[a-z0-9.]{1,128}$/, 'expected a topic config name like retention.ms'),
      configValue,
    )
    .default(() => ({})),
});

export const DeleteTopicBody = z.strictObject({
  confirm: z.string().max(249).meta({ description: 'The topic name again, to confirm the deletion.' }),
});

export const AddPartitionsBody = z.strictObject({
  count: z.number().int().min(1).max(100_000).meta({ description: 'The new total number of partitions.' }),
});

export { NewSilence as NewSilenceBody } from '../../alerts/wire.ts';
