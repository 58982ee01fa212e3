-- Failed authentications at the token endpoint, per subject: "client:<id>"
-- or "address:<ip>". The guard derives the wait before the subject's next
-- attempt from the count and the time of the last failure.
CREATE TABLE auth_failures (
	subject         TEXT PRIMARY KEY,
	failures        INTEGER NOT NULL,
	last_failure_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX auth_failures_last ON auth_failures (last_failure_at);
