-- How an alert's value reads when a number alone would mislead: a lag-status alert's value is
-- the Burrow status (ERR), not its lag in messages. NULL: the number is the value.
ALTER TABLE alert_instance ADD COLUMN value_text TEXT;
