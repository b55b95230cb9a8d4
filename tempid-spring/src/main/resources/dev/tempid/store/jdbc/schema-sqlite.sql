CREATE TABLE IF NOT EXISTS tempid_uses (
	id VARCHAR(64) NOT NULL PRIMARY KEY,
	used INT NOT NULL,
	revoked SMALLINT NOT NULL,
	expires_at BIGINT NOT NULL,
	detail VARCHAR(200)
);
CREATE INDEX IF NOT EXISTS tempid_uses_expires_at_idx ON tempid_uses (expires_at);
