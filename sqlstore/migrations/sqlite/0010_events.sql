-- The outbox (spec §11): every change's events, written in the change's
-- transaction (sqlstore/events.go), numbered just before it commits in
-- commit order: on PostgreSQL from event_counter.value, locked until the
-- commit; on SQLite after the last event, under its single writer. A
-- reader following seq misses and repeats nothing; a rolled-back
-- transaction gives its numbers back, so the only gaps are the events
-- purged, up to event_counter.purged.
CREATE TABLE event_counter (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	value  BIGINT NOT NULL,
	purged BIGINT NOT NULL
);
INSERT INTO event_counter (id, value, purged) VALUES (1, 0, 0);

CREATE TABLE events (
	seq            INTEGER PRIMARY KEY, -- the rowid: a row inserted without it gets the last seq + 1
	event_id       TEXT NOT NULL,
	event_type     TEXT NOT NULL,
	at             BIGINT NOT NULL,
	customer_id    TEXT NOT NULL,
	incident_id    TEXT NOT NULL,
	correlation_id TEXT NOT NULL,
	internal       BOOLEAN NOT NULL,
	body           TEXT NOT NULL
);
-- A customer's feed: its events in seq order.
CREATE INDEX events_customer ON events (customer_id, seq);

-- The incidents whose repair clock passed its GTR deadline and whose
-- breach event was written: each is reported once.
CREATE TABLE sla_breaches (
	incident_seq BIGINT PRIMARY KEY,
	at           BIGINT NOT NULL
);
-- The SLA breach job reads the deadlines passed recently.
CREATE INDEX incidents_sla_deadline ON incidents (sla_deadline);
