-- Counters of incidents by customer, status, priority and country (NULL
-- stored as ''), kept exact by every write in its own transaction
-- (sqlstore/counts.go): the exact count of a listing and the aggregations
-- whose filters and groups use only these attributes read a few of these
-- rows instead of an index entry per incident. resolved and
-- restore_seconds are the mean time to restore's figures, which depend on
-- the stored row only: the RESOLVED and CLOSED incidents with a resolution
-- time, and the sum of their positive times to restore (aggregate.go).
-- Keep in step with migrations/postgres/0005_incident_counts.sql.
CREATE TABLE incident_counts (
	customer_id     TEXT NOT NULL,
	status          TEXT NOT NULL,
	priority        TEXT NOT NULL,
	address_country TEXT NOT NULL,
	incidents       INTEGER NOT NULL,
	resolved        INTEGER NOT NULL,
	restore_seconds INTEGER NOT NULL,
	PRIMARY KEY (customer_id, status, priority, address_country)
) WITHOUT ROWID;

INSERT INTO incident_counts (customer_id, status, priority, address_country, incidents, resolved, restore_seconds)
SELECT i.customer_id, i.status, i.priority, COALESCE(i.address_country, ''), count(*),
	SUM(CASE WHEN i.status IN ('RESOLVED', 'CLOSED') AND i.resolved_at IS NOT NULL THEN 1 ELSE 0 END),
	SUM(CASE WHEN i.status IN ('RESOLVED', 'CLOSED') AND i.resolved_at IS NOT NULL
		AND (i.resolved_at - COALESCE(i.detected_at, i.created_at)) / 1000000 - i.sla_frozen_seconds > 0
		THEN (i.resolved_at - COALESCE(i.detected_at, i.created_at)) / 1000000 - i.sla_frozen_seconds ELSE 0 END)
FROM incidents i
GROUP BY i.customer_id, i.status, i.priority, COALESCE(i.address_country, '');
