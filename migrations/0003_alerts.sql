-- Alerting state, so a restart of Kestrel neither re-sends a notification nor forgets to
-- resolve an alert. Labels, annotations and matchers are JSON objects.

-- Alert instances that are pending or firing now (one row per fingerprint).
CREATE TABLE alert_instance (
  fingerprint TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  cluster TEXT NOT NULL,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  severity TEXT NOT NULL,
  value REAL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'firing')),
  active_at INTEGER NOT NULL,
  fired_at INTEGER,
  last_seen_at INTEGER NOT NULL
) STRICT;

-- Firing episodes: one row from the moment an alert fires; resolved_at is set when it stops.
CREATE TABLE alert_history (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  cluster TEXT NOT NULL,
  severity TEXT NOT NULL,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  fired_at INTEGER NOT NULL,
  resolved_at INTEGER
) STRICT;
CREATE INDEX alert_history_by_time ON alert_history (fired_at);
CREATE INDEX alert_history_open ON alert_history (fingerprint) WHERE resolved_at IS NULL;

CREATE TABLE silence (
  id TEXT PRIMARY KEY,
  matchers TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  comment TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- Per receiver and alert group: what it was last told (the grouping state, as JSON).
CREATE TABLE alert_group (
  group_key TEXT PRIMARY KEY,
  receiver TEXT NOT NULL,
  state TEXT NOT NULL
) STRICT;

-- Every delivery to every channel: one row per notification and channel.
CREATE TABLE notification_log (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  receiver TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('firing', 'resolved', 'test')),
  group_key TEXT NOT NULL,
  alerts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
  attempts INTEGER NOT NULL,
  error TEXT
) STRICT;
CREATE INDEX notification_log_by_time ON notification_log (time);
