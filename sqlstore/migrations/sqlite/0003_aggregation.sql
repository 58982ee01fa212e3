-- Aggregation (GET /aggregation): a customer's counts by status and priority,
-- and the SLA figures of those groups (breached count, mean time to restore),
-- read from this index alone, without visiting the rows. It also covers
-- sla.isBreached as a filter or a grouping. Keep in step with
-- migrations/postgres/0003_aggregation.sql.
CREATE INDEX incidents_customer_status_priority ON incidents (customer_id, status, priority,
	sla_deadline, sla_stopped_at, resolved_at, detected_at, created_at, sla_frozen_seconds);
-- Statistics of the new index in step with the others', so that the
-- planner weighs it right on a database that already holds incidents.
ANALYZE incidents_customer_status_priority;
