import type { HistoryOptions } from '../../server/store/index.ts';
import type { SyntheticShape } from '../support/snapshot-fixtures.ts';

export const DURABILITY_SHAPE: SyntheticShape = { topics: 100, partitions: 4, groups: 60 };

/** Rows every cycle of DURABILITY_SHAPE writes, per table. */
export const ROWS_PER_CYCLE = {
  group_partition_lag: 60 * 4,
  group_topic_lag: 60,
  topic_stat: 100,
  broker_stat: 3,
} as const;

/** Fold the end-offset log often and in small steps, so kills land in folds too. */
export const DURABILITY_STORE_OPTIONS: Partial<HistoryOptions> = {
  endOffsetFoldMinRows: 0,
  endOffsetFoldRowsPerPartition: 2,
  maintenanceBatchRows: 300,
};
