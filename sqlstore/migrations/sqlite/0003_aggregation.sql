-- Aggregation (GET /aggregation): a customer's counts by status and priority,
-- and the SLA figures of those groups (breached count, mean time to restore),
-- read from this index alone, without visiting the rows. It also covers
-- sla.isBreached as a filter or a grouping. Keep in step with
-- migrations/postgres/0003_aggregation.sql.
CREATE INDEX incidents_customer_status_priority ON incidents (customer_id, status, priority,
	sla_deadline, sla_stopped_at, resolved_at, detected_at, created_at, sla_frozen_seconds);
-- Fresh statistics of every index of the table at once, so that the planner
-- weighs the new index against the others on a database that already holds
-- incidents. Statistics of this index alone would not do: SQLite reads the
-- key samples (sqlite_stat4) of an index that has them against the averages
-- of those that do not, and a large customer would then seem to have fewer
-- incidents in the older indexes than in this one. A few seconds on a
-- million incidents, once.
ANALYZE incidents;
