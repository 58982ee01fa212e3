-- Webhook subscriptions (spec §11.2), their delivery state and the log of
-- their delivery attempts. Keep in step with
-- migrations/sqlite/0011_subscriptions.sql.

-- A subscription belongs to a customer, or to the operator side when
-- customer_id is NULL. The secret signs deliveries, so it is kept as it is
-- (it cannot be hashed one way); it is never returned after creation.
-- The delivery state: after_cursor is the last event dealt with (delivered,
-- given up, or not matching the query); attempt counts the failed attempts
-- at the event after it, failing_since is the first of them and
-- next_attempt_at when to try again. replay_since skips older events while
-- a replay by time runs. lease_owner holds the subscription for one server
-- until lease_until. version changes with every change a subscriber makes,
-- so a server delivering notices it.
CREATE TABLE subscriptions (
	id              TEXT COLLATE "C" PRIMARY KEY,
	customer_id     TEXT COLLATE "C" REFERENCES customers (id),
	callback        TEXT NOT NULL,
	query           TEXT NOT NULL,
	status          TEXT NOT NULL,
	disabled_reason TEXT,
	secret          TEXT NOT NULL,
	created_at      BIGINT NOT NULL,
	updated_at      BIGINT NOT NULL,
	version         BIGINT NOT NULL DEFAULT 1,
	after_cursor    TEXT NOT NULL DEFAULT '',
	attempt         INTEGER NOT NULL DEFAULT 0,
	failing_since   BIGINT,
	next_attempt_at BIGINT,
	replay_since    BIGINT,
	lease_owner     TEXT,
	lease_until     BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_id);
CREATE INDEX subscriptions_lease ON subscriptions (status, lease_until);
CREATE INDEX subscriptions_lease_owner ON subscriptions (lease_owner);

-- How many subscriptions each owner has (owner: the customer id, '' for the
-- operator side): one upsert counts and bounds them, even when creations
-- race on several servers.
CREATE TABLE subscription_counts (
	owner TEXT COLLATE "C" PRIMARY KEY,
	n     INTEGER NOT NULL
);

-- Delivery attempts, newest last; pruned to the most recent of each
-- subscription.
CREATE TABLE deliveries (
	id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	subscription_id TEXT COLLATE "C" NOT NULL,
	event_id        TEXT NOT NULL,
	attempt         INTEGER NOT NULL,
	at              BIGINT NOT NULL,
	status_code     INTEGER,
	error           TEXT,
	duration_micros BIGINT NOT NULL
);
CREATE INDEX deliveries_subscription ON deliveries (subscription_id, id);
