-- Organisations, their API clients, conventions (as JSON documents with indexed columns), the audit log.
CREATE TABLE organisation (
    id            VARCHAR(64)  PRIMARY KEY,
    name          VARCHAR(300) NOT NULL,
    siren         VARCHAR(9),
    kind          VARCHAR(40)  NOT NULL,
    document_json TEXT         NOT NULL,
    created_at    VARCHAR(40)  NOT NULL
);

CREATE TABLE api_client (
    id            VARCHAR(64)  PRIMARY KEY,
    organisation  VARCHAR(64)  NOT NULL REFERENCES organisation (id),
    label         VARCHAR(300) NOT NULL,
    key_hash      VARCHAR(64)  NOT NULL UNIQUE,
    secret_hash   VARCHAR(200),
    daily_limit   BIGINT       NOT NULL,
    created_at    VARCHAR(40)  NOT NULL,
    revoked_at    VARCHAR(40)
);

CREATE TABLE convention (
    id            VARCHAR(64)  NOT NULL,
    version       INTEGER      NOT NULL,
    number        VARCHAR(100) NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    starts_on     VARCHAR(10),
    ends_on       VARCHAR(10),
    document_json TEXT         NOT NULL,
    secret_key    VARCHAR(100) NOT NULL,
    updated_at    VARCHAR(40)  NOT NULL,
    PRIMARY KEY (id, version)
);

CREATE TABLE audit_entry (
    seq           BIGINT       PRIMARY KEY,
    at            VARCHAR(40)  NOT NULL,
    entry_json    TEXT         NOT NULL,
    prev_hash     VARCHAR(64)  NOT NULL,
    hash          VARCHAR(64)  NOT NULL
);

CREATE TABLE audit_checkpoint (
    seq           BIGINT       PRIMARY KEY,
    hash          VARCHAR(64)  NOT NULL,
    mac           VARCHAR(64)  NOT NULL,
    at            VARCHAR(40)  NOT NULL
);

CREATE TABLE opposition (
    dataset_id    VARCHAR(200) NOT NULL,
    identifier_hash VARCHAR(64) NOT NULL,
    recorded_at   VARCHAR(40)  NOT NULL,
    PRIMARY KEY (dataset_id, identifier_hash)
);
