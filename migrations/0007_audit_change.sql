-- What an admin action changed, as JSON: the state before and after (e.g. a partition's replicas
-- before and after a reassignment). NULL for actions without a before/after.
ALTER TABLE audit_log ADD COLUMN change_before TEXT;
ALTER TABLE audit_log ADD COLUMN change_after TEXT;
