-- A count of the changes of each customer's incidents, kept by every write
-- in its own transaction (sqlstore/changes.go): a conditional read compares
-- it, and a cached page is good while it stands.
ALTER TABLE customers ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;
