-- Alert ingestion: integrations, their keys, and the state of each alert.
-- Keep in step with migrations/sqlite/0007_alerts.sql.

-- An integration maps an alerting tool to a customer and default attributes.
CREATE TABLE integrations (
	id          TEXT COLLATE "C" PRIMARY KEY,
	name        TEXT NOT NULL,
	customer_id TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	service_id  TEXT,
	location_id TEXT,
	severities  TEXT NOT NULL, -- overrides of the severity mapping: "critical=S1/U1,…"
	created_at  BIGINT NOT NULL,
	revoked_at  BIGINT
);
CREATE INDEX integrations_customer ON integrations (customer_id);

-- Integration keys, kept as the SHA-256 of the key.
CREATE TABLE integration_keys (
	id             TEXT COLLATE "C" PRIMARY KEY,
	integration_id TEXT COLLATE "C" NOT NULL REFERENCES integrations (id),
	prefix         TEXT NOT NULL,
	hash           TEXT COLLATE "C" NOT NULL UNIQUE,
	created_at     BIGINT NOT NULL,
	revoked_at     BIGINT
);
CREATE INDEX integration_keys_integration ON integration_keys (integration_id);

-- One row per alert of an integration (Alertmanager's fingerprint,
-- PagerDuty's dedup_key): the incident it opened last. The primary key makes
-- concurrent deliveries of one alert wait for each other, whatever server
-- receives them: the row is claimed first in the transaction that opens the
-- incident, and incident_id is NULL only inside that transaction.
CREATE TABLE alert_states (
	integration_id TEXT COLLATE "C" NOT NULL REFERENCES integrations (id),
	dedup_key      TEXT COLLATE "C" NOT NULL,
	incident_id    TEXT COLLATE "C" REFERENCES incidents (id),
	firing         BOOLEAN NOT NULL,
	starts_at      BIGINT NOT NULL,
	resolved_at    BIGINT,
	PRIMARY KEY (integration_id, dedup_key)
);
