-- A counter bumped by every write to the access registry (organisations, clients, conventions, oppositions), so
-- that a process caching the registry sees changes made by another one with one cheap read per request.
CREATE TABLE registry_state (
    id            INTEGER      PRIMARY KEY,
    generation    BIGINT       NOT NULL
);
INSERT INTO registry_state (id, generation) VALUES (1, 0);

-- Where an audit entry was first written down (the process journal and its line), so that a journal left by a
-- crashed process is replayed without appending an entry twice. Not part of the chained content.
ALTER TABLE audit_entry ADD COLUMN origin VARCHAR(100);
CREATE INDEX audit_entry_origin ON audit_entry (origin);
