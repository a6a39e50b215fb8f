// The columns the lists sort by. Free of zod and of any runtime import, so the web UI can
// import these values too and both sides always agree.

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
  'maxGroupLag',
] as const;
export type TopicSortColumn = (typeof TOPIC_SORT_COLUMNS)[number];

export const GROUP_SORT_COLUMNS = [
  'id',
  'type',
  'state',
  'members',
  'status',
  'lag',
  'timeLagSeconds',
] as const;
export type GroupSortColumn = (typeof GROUP_SORT_COLUMNS)[number];
