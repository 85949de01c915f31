-- An audit entry's origin (its process journal and line) is recorded once: a batch retried after a commit whose
-- outcome was unknown, or a journal replayed by two processes at once, cannot chain an entry twice.
DROP INDEX audit_entry_origin;
CREATE UNIQUE INDEX audit_entry_origin ON audit_entry (origin);
