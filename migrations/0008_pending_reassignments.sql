-- Reassignments Kestrel started and has not yet seen finish, with the replication throttle it
-- set for them (JSON, NULL: none). Kept so that a restart still removes the throttle at the end.
CREATE TABLE pending_reassignment (
  cluster TEXT NOT NULL,
  topic TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  throttle TEXT,
  PRIMARY KEY (cluster, topic)
) STRICT;
