-- Notes and attachments (SQLite). Keep in step with
-- migrations/postgres/0002_notes_attachments.sql.

-- Notes are immutable: rows are inserted, never updated or deleted.
-- Customers never read a row with internal = 1.
CREATE TABLE notes (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_seq INTEGER NOT NULL REFERENCES incidents (seq),
	text         TEXT NOT NULL,
	author_type  TEXT NOT NULL,
	author_name  TEXT NOT NULL,
	internal     INTEGER NOT NULL,
	created_at   INTEGER NOT NULL
);
CREATE INDEX notes_incident_created ON notes (incident_seq, created_at);

-- The metadata of uploaded files; the bytes are blobs named by sha256. An
-- attachment of an internal note is internal too.
CREATE TABLE attachments (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	incident_seq INTEGER NOT NULL REFERENCES incidents (seq),
	note_id      INTEGER REFERENCES notes (id),
	name         TEXT NOT NULL,
	mime_type    TEXT NOT NULL,
	size         INTEGER NOT NULL,
	sha256       TEXT NOT NULL,
	description  TEXT NOT NULL,
	author_type  TEXT NOT NULL,
	author_name  TEXT NOT NULL,
	created_at   INTEGER NOT NULL
);
CREATE INDEX attachments_incident ON attachments (incident_seq);
CREATE INDEX attachments_note ON attachments (note_id);
-- The blob sweep asks whether any row names a digest.
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Idempotency-Key of note and attachment creations: the key's row names
-- what the first request created.
ALTER TABLE idempotency_keys ADD COLUMN note_id INTEGER REFERENCES notes (id);
ALTER TABLE idempotency_keys ADD COLUMN attachment_id INTEGER REFERENCES attachments (id);
