-- History of poll cycles: raw points for recent hours, hourly roll-ups for weeks.
--
-- Write cost drives the layout. Names are stored once in small dictionary tables and the
-- per-cycle tables carry integer ids. Per-cycle tables are WITHOUT ROWID and keyed by
-- cycle first, so a cycle's rows are appended at the end of each b-tree (few dirty pages
-- per commit) and retention deletes whole key ranges. Reads for one entity join from
-- `cycle` and seek each cycle's key, which stays cheap without extra indexes.
-- No foreign keys: they would cost a lookup per inserted row; the store keeps ids consistent.

CREATE TABLE cluster (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE topic (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (cluster_id, name)
) STRICT;

CREATE TABLE consumer_group (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  UNIQUE (cluster_id, name)
) STRICT;

-- One row per poll cycle. Kept as long as the hourly roll-ups (a small row per cycle) so
-- reachability and errors can be looked back at; its raw children expire sooner.
CREATE TABLE cycle (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  offsets_at INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  reachable INTEGER NOT NULL,
  -- Partitions whose end offset was read: 0 means this cycle says nothing about end offsets.
  end_offsets INTEGER NOT NULL,
  error_count INTEGER NOT NULL,
  errors TEXT
) STRICT;
CREATE INDEX cycle_by_cluster_time ON cycle (cluster_id, at);

CREATE TABLE broker_stat (
  cycle_id INTEGER NOT NULL,
  broker_id INTEGER NOT NULL,
  up INTEGER NOT NULL,
  partitions INTEGER NOT NULL,
  leaders INTEGER NOT NULL,
  under_replicated INTEGER NOT NULL,
  log_dir_bytes INTEGER,
  bytes_in REAL,
  bytes_out REAL,
  messages_in REAL,
  PRIMARY KEY (cycle_id, broker_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE topic_stat (
  cycle_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  size_bytes INTEGER,
  message_count INTEGER,
  end_offset_sum INTEGER,
  produce_rate REAL,
  PRIMARY KEY (cycle_id, topic_id)
) STRICT, WITHOUT ROWID;

-- Time lags are whole milliseconds: an INTEGER takes 1-4 bytes where a REAL takes 8.
CREATE TABLE group_topic_lag (
  cycle_id INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  lag INTEGER,
  time_lag_ms INTEGER,
  committed_sum INTEGER NOT NULL,
  PRIMARY KEY (cycle_id, group_id, topic_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE group_partition_lag (
  cycle_id INTEGER NOT NULL,
  group_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  committed INTEGER,
  end_offset INTEGER,
  lag INTEGER,
  time_lag_ms INTEGER,
  PRIMARY KEY (cycle_id, group_id, topic_id, partition)
) STRICT, WITHOUT ROWID;

-- End-offset runs for time lag, as a checkpoint plus a log of changes since.
-- The log gets a row only when something happens to a partition's runs: its end offset
-- changed (with when the previous run was last seen, so no earlier row is ever updated),
-- it stopped or resumed being observed, or it disappeared (end_offset NULL: its history is
-- dropped, as the collector does). Keyed by cycle so a cycle's inserts are appends; the
-- cycle id also orders the replay. Maintenance folds the log into one checkpoint row per
-- partition and deletes the folded rows, so a restart reads a few thousand blobs and a short
-- log instead of every change ever made.
CREATE TABLE end_offset_log (
  cluster_id INTEGER NOT NULL,
  cycle_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  end_offset INTEGER,
  at INTEGER NOT NULL,
  prev_last_seen INTEGER,
  -- 1: observed at `at` and in every later cycle with end offsets until its next row.
  observed INTEGER NOT NULL,
  PRIMARY KEY (cluster_id, cycle_id, topic_id, partition)
) STRICT, WITHOUT ROWID;

CREATE TABLE end_offset_checkpoint (
  cluster_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  -- Log rows of this partition up to this cycle are folded into `runs`.
  through_cycle INTEGER NOT NULL,
  observed INTEGER NOT NULL,
  runs BLOB NOT NULL,
  PRIMARY KEY (cluster_id, topic_id, partition)
) STRICT; -- a rowid table: its rows hold blobs of up to a few KB, too big for WITHOUT ROWID

-- Operators look back at ISR changes for weeks, so they have their own retention.
CREATE TABLE isr_event (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL,
  cycle_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  partition INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('shrink', 'expand')),
  brokers TEXT NOT NULL,
  isr_before TEXT NOT NULL,
  isr_after TEXT NOT NULL
) STRICT;
CREATE INDEX isr_event_by_cluster_time ON isr_event (cluster_id, at);

-- Hourly roll-ups are written once an hour and read per entity, hence entity-first keys;
-- the hour index serves retention.
-- topic_id 0 holds the group's totals over all its topics.
CREATE TABLE lag_hour (
  group_id INTEGER NOT NULL,
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  avg_lag REAL,
  max_lag INTEGER,
  last_lag INTEGER,
  max_time_lag_ms INTEGER,
  last_committed INTEGER,
  consume_rate REAL,
  PRIMARY KEY (group_id, topic_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX lag_hour_by_hour ON lag_hour (hour);

CREATE TABLE topic_hour (
  topic_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  last_size_bytes INTEGER,
  last_message_count INTEGER,
  last_end_offset_sum INTEGER,
  avg_produce_rate REAL,
  max_produce_rate REAL,
  PRIMARY KEY (topic_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX topic_hour_by_hour ON topic_hour (hour);

CREATE TABLE broker_hour (
  cluster_id INTEGER NOT NULL,
  broker_id INTEGER NOT NULL,
  hour INTEGER NOT NULL,
  samples INTEGER NOT NULL,
  up_ratio REAL NOT NULL,
  last_partitions INTEGER,
  last_leaders INTEGER,
  max_under_replicated INTEGER,
  last_log_dir_bytes INTEGER,
  avg_bytes_in REAL,
  avg_bytes_out REAL,
  avg_messages_in REAL,
  PRIMARY KEY (cluster_id, broker_id, hour)
) STRICT, WITHOUT ROWID;
CREATE INDEX broker_hour_by_hour ON broker_hour (hour);

-- Maintenance progress per cluster: hours before rolled_until are rolled up; raw rows of
-- cycles before raw_from are gone (reads use the roll-ups there), and per-partition lag rows
-- of cycles before partition_raw_from.
CREATE TABLE history_state (
  cluster_id INTEGER PRIMARY KEY,
  rolled_until INTEGER NOT NULL,
  raw_from INTEGER NOT NULL,
  partition_raw_from INTEGER NOT NULL
) STRICT;
