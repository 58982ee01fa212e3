-- Users of the web console and their sessions (PostgreSQL). Keep in step
-- with migrations/sqlite/0008_console_users.sql.

CREATE TABLE console_users (
	id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email         TEXT COLLATE "C" NOT NULL UNIQUE, -- lower case
	name          TEXT NOT NULL,
	customer_id   TEXT REFERENCES customers (id), -- NULL for the provider's users
	role          TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	disabled_at   BIGINT
);
CREATE INDEX console_users_customer ON console_users (customer_id);

-- A session is named by the SHA-256 of the secret its browser holds.
CREATE TABLE console_sessions (
	id_hash    TEXT COLLATE "C" PRIMARY KEY,
	user_id    BIGINT NOT NULL REFERENCES console_users (id),
	created_at BIGINT NOT NULL,
	expires_at BIGINT NOT NULL,
	address    TEXT NOT NULL,
	user_agent TEXT NOT NULL
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expiry ON console_sessions (expires_at);
