-- A notification's outcome says more than sent or failed: "deferred" (held by a rate limit, e.g.
-- DingTalk's 20 a minute, for a merged summary) and, for a failure, whether it was permanent (the
-- far end refused it: a 403, a bad robot token; not retried) or retryable (retries ran out).
-- SQLite cannot change a CHECK constraint in place, so the table is rebuilt with its rows.
CREATE TABLE notification_log_v2 (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  receiver TEXT NOT NULL,
  channel TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('firing', 'resolved', 'test')),
  group_key TEXT NOT NULL,
  alerts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('sent', 'deferred', 'failed')),
  failure TEXT CHECK (failure IN ('permanent', 'retryable')),
  attempts INTEGER NOT NULL,
  error TEXT,
  CHECK ((status = 'failed') = (failure IS NOT NULL))
) STRICT;
-- Every failure before this version was retried until its retries ran out.
INSERT INTO notification_log_v2 (id, time, receiver, channel, kind, group_key, alerts, status, failure, attempts, error)
  SELECT id, time, receiver, channel, kind, group_key, alerts, status,
    CASE status WHEN 'failed' THEN 'retryable' END, attempts, error
  FROM notification_log;
DROP TABLE notification_log;
ALTER TABLE notification_log_v2 RENAME TO notification_log;
CREATE INDEX notification_log_by_time ON notification_log (time);
