-- Users of the web console and their sessions (SQLite). Keep in step with
-- migrations/postgres/0008_console_users.sql.

CREATE TABLE console_users (
	id            INTEGER PRIMARY KEY,
	email         TEXT NOT NULL UNIQUE, -- lower case
	name          TEXT NOT NULL,
	customer_id   TEXT REFERENCES customers (id), -- NULL for the provider's users
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	disabled_at   INTEGER
);
CREATE INDEX console_users_customer ON console_users (customer_id);

-- A session is named by the SHA-256 of the secret its browser holds.
CREATE TABLE console_sessions (
	id_hash    TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES console_users (id),
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	address    TEXT NOT NULL,
	user_agent TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
