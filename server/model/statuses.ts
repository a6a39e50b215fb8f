// The value lists the API, the exporter, the alerts and the web UI all name: one list each, so
// a new value shows everywhere or fails to compile everywhere.

/** Burrow's evaluation of one partition of a group over the lag window. */
export const PARTITION_LAG_STATUSES = ['OK', 'WARN', 'STALL', 'STOP', 'REWIND'] as const;
export type PartitionLagStatus = (typeof PARTITION_LAG_STATUSES)[number];

/** A group's status: the worst of its partitions', as Burrow sums them up. */
export const GROUP_LAG_STATUSES = ['OK', 'WARN', 'ERR'] as const;
export type GroupLagStatus = (typeof GROUP_LAG_STATUSES)[number];

/** How urgent an alert or a finding is, least first. */
export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];
