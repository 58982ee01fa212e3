-- Notes and attachments (PostgreSQL). Keep in step with
-- migrations/sqlite/0002_notes_attachments.sql.

-- Notes are immutable: rows are inserted, never updated or deleted.
-- Customers never read a row with internal = TRUE.
CREATE TABLE notes (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	incident_seq BIGINT NOT NULL REFERENCES incidents (seq),
	text         TEXT COLLATE "C" NOT NULL,
	author_type  TEXT COLLATE "C" NOT NULL,
	author_name  TEXT COLLATE "C" NOT NULL,
	internal     BOOLEAN NOT NULL,
	created_at   BIGINT NOT NULL
);
CREATE INDEX notes_incident_created ON notes (incident_seq, created_at);

-- The metadata of uploaded files; the bytes are blobs named by sha256. An
-- attachment of an internal note is internal too.
CREATE TABLE attachments (
	id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	incident_seq BIGINT NOT NULL REFERENCES incidents (seq),
	note_id      BIGINT REFERENCES notes (id),
	name         TEXT NOT NULL,
	mime_type    TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT COLLATE "C" NOT NULL,
	description  TEXT NOT NULL,
	author_type  TEXT NOT NULL,
	author_name  TEXT NOT NULL,
	created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_incident ON attachments (incident_seq);
CREATE INDEX attachments_note ON attachments (note_id);
-- The blob sweep asks whether any row names a digest.
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Idempotency-Key of note and attachment creations: the key's row names
-- what the first request created.
ALTER TABLE idempotency_keys ADD COLUMN note_id BIGINT REFERENCES notes (id);
ALTER TABLE idempotency_keys ADD COLUMN attachment_id BIGINT REFERENCES attachments (id);
