-- Initial schema (PostgreSQL). Times are BIGINT microseconds since the epoch,
-- UTC. Text columns use the "C" collation so that comparisons and ordering are
-- bytewise, as on SQLite, whatever the database's default collation.
-- Keep in step with migrations/sqlite/0001_init.sql.

CREATE TABLE customers (
	id         TEXT COLLATE "C" PRIMARY KEY,
	name       TEXT COLLATE "C" NOT NULL,
	created_at BIGINT NOT NULL
);

CREATE TABLE clients (
	id          TEXT COLLATE "C" PRIMARY KEY,
	name        TEXT NOT NULL,
	customer_id TEXT COLLATE "C" REFERENCES customers (id),
	operator    BOOLEAN NOT NULL,
	scopes      TEXT NOT NULL, -- space-separated
	secret_hash TEXT NOT NULL,
	created_at  BIGINT NOT NULL,
	revoked_at  BIGINT
);
CREATE INDEX clients_customer ON clients (customer_id);

CREATE TABLE api_keys (
	id          TEXT COLLATE "C" PRIMARY KEY,
	prefix      TEXT NOT NULL,
	customer_id TEXT COLLATE "C" REFERENCES customers (id),
	operator    BOOLEAN NOT NULL,
	hash        TEXT COLLATE "C" NOT NULL UNIQUE,
	created_at  BIGINT NOT NULL,
	expires_at  BIGINT NOT NULL,
	revoked_at  BIGINT
);
CREATE INDEX api_keys_customer ON api_keys (customer_id);

CREATE TABLE tokens (
	hash       TEXT COLLATE "C" PRIMARY KEY,
	client_id  TEXT COLLATE "C" NOT NULL REFERENCES clients (id),
	scopes     TEXT NOT NULL,
	issued_at  BIGINT NOT NULL,
	expires_at BIGINT NOT NULL
);
CREATE INDEX tokens_expires ON tokens (expires_at);
CREATE INDEX tokens_client ON tokens (client_id);

-- The last allocated incident sequence number; one row. Not a SEQUENCE: a
-- sequence keeps the numbers of rolled-back creations, this row does not.
CREATE TABLE id_counter (
	id    INTEGER PRIMARY KEY CHECK (id = 1),
	value BIGINT NOT NULL
);
INSERT INTO id_counter (id, value) VALUES (1, 0);

-- One narrow row per incident: every filterable scalar, nothing long. A nested
-- object is absent when its first column is NULL (service_id, location_id,
-- address_country, contact_name, resolution_code).
CREATE TABLE incidents (
	seq                 BIGINT PRIMARY KEY,
	id                  TEXT COLLATE "C" NOT NULL UNIQUE,
	customer_id         TEXT COLLATE "C" NOT NULL REFERENCES customers (id),
	status              TEXT COLLATE "C" NOT NULL,
	impact              TEXT COLLATE "C" NOT NULL,
	urgency             TEXT COLLATE "C" NOT NULL,
	priority            TEXT COLLATE "C" NOT NULL,
	service_condition   TEXT COLLATE "C" NOT NULL,
	origin              TEXT COLLATE "C" NOT NULL,
	type                TEXT COLLATE "C" NOT NULL,
	is_escalated        BOOLEAN NOT NULL,
	customer_reference  TEXT COLLATE "C",
	service_id          TEXT COLLATE "C",
	service_name        TEXT COLLATE "C",
	location_id         TEXT COLLATE "C",
	location_name       TEXT COLLATE "C",
	address_street      TEXT COLLATE "C",
	address_postal_code TEXT COLLATE "C",
	address_city        TEXT COLLATE "C",
	address_country     TEXT COLLATE "C",
	contact_name        TEXT COLLATE "C",
	contact_email       TEXT COLLATE "C",
	contact_phone       TEXT COLLATE "C",
	resolution_code     TEXT COLLATE "C",
	created_at          BIGINT NOT NULL,
	updated_at          BIGINT NOT NULL,
	status_changed_at   BIGINT NOT NULL,
	resolved_at         BIGINT,
	closed_at           BIGINT,
	escalated_at        BIGINT,
	detected_at         BIGINT,
	sla_target          BIGINT NOT NULL,
	sla_frozen_seconds  BIGINT NOT NULL,
	sla_frozen_since    BIGINT,
	sla_deadline        BIGINT NOT NULL,
	-- resolution time, else start of the open freeze period: breached is
	-- COALESCE(sla_stopped_at, now) > sla_deadline.
	sla_stopped_at      BIGINT,
	version             BIGINT NOT NULL
);
-- Customers: default order, guide filter (country + priority), status and
-- priority filters and groupings. Operators: default order across customers.
-- Each ends with seq, the final tiebreaker of every order.
CREATE INDEX incidents_customer_created ON incidents (customer_id, created_at, seq);
CREATE INDEX incidents_customer_country_priority ON incidents (customer_id, address_country, priority, created_at, seq);
CREATE INDEX incidents_customer_status ON incidents (customer_id, status, created_at, seq);
CREATE INDEX incidents_customer_priority ON incidents (customer_id, priority, created_at, seq);
CREATE INDEX incidents_created ON incidents (created_at, seq);

-- Long texts, read only for the rows of a page.
CREATE TABLE incident_texts (
	incident_seq    BIGINT PRIMARY KEY REFERENCES incidents (seq),
	description     TEXT COLLATE "C" NOT NULL,
	resolution_text TEXT COLLATE "C"
);

CREATE TABLE freeze_periods (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	incident_seq BIGINT NOT NULL REFERENCES incidents (seq),
	start_at     BIGINT NOT NULL,
	end_at       BIGINT,
	reason       TEXT NOT NULL,
	comment      TEXT NOT NULL,
	actor_type   TEXT NOT NULL,
	actor_name   TEXT NOT NULL
);
CREATE INDEX freeze_periods_incident ON freeze_periods (incident_seq, start_at);

CREATE TABLE history (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	incident_seq BIGINT NOT NULL REFERENCES incidents (seq),
	at           BIGINT NOT NULL,
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
	client_id    TEXT COLLATE "C" NOT NULL,
	key          TEXT COLLATE "C" NOT NULL,
	request_hash TEXT NOT NULL,
	resource_seq BIGINT REFERENCES incidents (seq),
	created_at   BIGINT NOT NULL,
	PRIMARY KEY (client_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
