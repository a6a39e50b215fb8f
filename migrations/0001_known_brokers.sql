-- Brokers ever seen per cluster, so a broker that disappears is reported down,
-- even across a restart of Kestrel.
CREATE TABLE known_broker (
  cluster TEXT NOT NULL,
  broker_id INTEGER NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  rack TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  PRIMARY KEY (cluster, broker_id)
) STRICT;
