-- Initial schema (SQLite). Times are INTEGER microseconds since the epoch, UTC.
-- Booleans are INTEGER 0/1. Keep in step with migrations/postgres/0001_init.sql.

CREATE TABLE customers (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE TABLE clients (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	customer_id TEXT REFERENCES customers (id),
	operator    INTEGER NOT NULL,
	scopes      TEXT NOT NULL, -- space-separated
	secret_hash TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	revoked_at  INTEGER
);
CREATE INDEX clients_customer ON clients (customer_id);

CREATE TABLE api_keys (
	id          TEXT PRIMARY KEY,
	prefix      TEXT NOT NULL,
	customer_id TEXT REFERENCES customers (id),
	operator    INTEGER NOT NULL,
	hash        TEXT NOT NULL UNIQUE,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL,
	revoked_at  INTEGER
);
CREATE INDEX api_keys_customer ON api_keys (customer_id);

CREATE TABLE tokens (
	hash       TEXT PRIMARY KEY,
	client_id  TEXT NOT NULL REFERENCES clients (id),
	scopes     TEXT NOT NULL,
	issued_at  INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX tokens_expires ON tokens (expires_at);
CREATE INDEX tokens_client ON tokens (client_id);

-- The last allocated incident sequence number; one row. Incrementing it inside
-- the creating transaction means a rolled-back creation leaves no gap.
CREATE TABLE id_counter (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	value INTEGER NOT NULL
);
INSERT INTO id_counter (id, value) VALUES (1, 0);

-- One narrow row per incident: every filterable scalar, nothing long. seq is
-- the rowid, so every index ends with it implicitly. A nested object is absent
-- when its first column is NULL (service_id, location_id, address_country,
-- contact_name, resolution_code).
CREATE TABLE incidents (
	seq                 INTEGER PRIMARY KEY,
	id                  TEXT NOT NULL UNIQUE,
	customer_id         TEXT NOT NULL REFERENCES customers (id),
	status              TEXT NOT NULL,
	impact              TEXT NOT NULL,
	urgency             TEXT NOT NULL,
	priority            TEXT NOT NULL,
	service_condition   TEXT NOT NULL,
	origin              TEXT NOT NULL,
	type                TEXT NOT NULL,
	is_escalated        INTEGER NOT NULL,
	customer_reference  TEXT,
	service_id          TEXT,
	service_name        TEXT,
	location_id         TEXT,
	location_name       TEXT,
	address_street      TEXT,
	address_postal_code TEXT,
	address_city        TEXT,
	address_country     TEXT,
	contact_name        TEXT,
	contact_email       TEXT,
	contact_phone       TEXT,
	resolution_code     TEXT,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	status_changed_at   INTEGER NOT NULL,
	resolved_at         INTEGER,
	closed_at           INTEGER,
	escalated_at        INTEGER,
	detected_at         INTEGER,
	sla_target          INTEGER NOT NULL,
	sla_frozen_seconds  INTEGER NOT NULL,
	sla_frozen_since    INTEGER,
	sla_deadline        INTEGER NOT NULL,
	-- resolution time, else start of the open freeze period: breached is
	-- COALESCE(sla_stopped_at, now) > sla_deadline.
	sla_stopped_at      INTEGER,
	version             INTEGER NOT NULL
);
-- Customers: default order, guide filter (country + priority), status and
-- priority filters and groupings. Operators: default order across customers.
CREATE INDEX incidents_customer_created ON incidents (customer_id, created_at);
CREATE INDEX incidents_customer_country_priority ON incidents (customer_id, address_country, priority, created_at);
CREATE INDEX incidents_customer_status ON incidents (customer_id, status, created_at);
CREATE INDEX incidents_customer_priority ON incidents (customer_id, priority, created_at);
CREATE INDEX incidents_created ON incidents (created_at);

-- Long texts, read only for the rows of a page.
CREATE TABLE incident_texts (
	incident_seq    INTEGER PRIMARY KEY REFERENCES incidents (seq),
	description     TEXT NOT NULL,
	resolution_text TEXT
);

CREATE TABLE freeze_periods (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_seq INTEGER NOT NULL REFERENCES incidents (seq),
	start_at     INTEGER NOT NULL,
	end_at       INTEGER,
	reason       TEXT NOT NULL,
	comment      TEXT NOT NULL,
	actor_type   TEXT NOT NULL,
	actor_name   TEXT NOT NULL
);
CREATE INDEX freeze_periods_incident ON freeze_periods (incident_seq, start_at);

CREATE TABLE history (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_seq INTEGER NOT NULL REFERENCES incidents (seq),
	at           INTEGER NOT NULL,
	actor_type   TEXT NOT NULL,
	actor_name   TEXT NOT NULL,
	field        TEXT NOT NULL,
	from_value   TEXT,
	to_value     TEXT,
	reason       TEXT NOT NULL
);
CREATE INDEX history_incident ON history (incident_seq, id);

-- A create request's Idempotency-Key. resource_seq is set in the same
-- transaction that claims the key.
CREATE TABLE idempotency_keys (
	client_id    TEXT NOT NULL,
	key          TEXT NOT NULL,
	request_hash TEXT NOT NULL,
	resource_seq INTEGER REFERENCES incidents (seq),
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (client_id, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
