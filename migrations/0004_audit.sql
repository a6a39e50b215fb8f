-- One row per admin attempt, allowed or not: who (address, user agent), what (action,
-- target), and how it ended. Written before the answer is sent; never updated.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  client_address TEXT NOT NULL,
  user_agent TEXT,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  result TEXT NOT NULL,
  status INTEGER NOT NULL,
  message TEXT
) STRICT;
