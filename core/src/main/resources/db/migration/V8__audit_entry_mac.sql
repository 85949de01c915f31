-- Every audit entry carries hex(HMAC-SHA-256(audit key, "entry:" + seq + ":" + hash)), the key being audit.key of the
-- data directory, outside the database. Entries chained before this version keep a NULL mac: they are covered by the
-- chain (and, once a signed entry follows them, by that entry's MAC through its prev_hash).
ALTER TABLE audit_entry ADD COLUMN mac VARCHAR(64);
