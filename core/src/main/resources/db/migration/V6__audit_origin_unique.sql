-- An audit entry's origin (its process journal and line) is recorded once: a batch retried after a commit whose
-- outcome was unknown, or a journal replayed by two processes at once, cannot chain an entry twice.
-- An entry chained twice before this rule keeps its place in the chain (the origin is not hashed); the later copies
-- get a marked origin, so that the index can be unique.
UPDATE audit_entry SET origin = origin || '#double-' || seq
    WHERE origin IS NOT NULL AND seq > (SELECT MIN(a.seq) FROM audit_entry a WHERE a.origin = audit_entry.origin);
DROP INDEX audit_entry_origin;
CREATE UNIQUE INDEX audit_entry_origin ON audit_entry (origin);
