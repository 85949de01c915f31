-- Portable SQL (SQLite and PostgreSQL): text, integer/bigint, blob/bytea is the only per-dialect word.
CREATE TABLE dataset (
    id              VARCHAR(200) PRIMARY KEY,
    access_level    VARCHAR(20)  NOT NULL,
    definition_json TEXT         NOT NULL,
    created_at      VARCHAR(40)  NOT NULL,
    updated_at      VARCHAR(40)  NOT NULL
);

CREATE TABLE batch (
    id          VARCHAR(64)  PRIMARY KEY,
    dataset_id  VARCHAR(200) NOT NULL,
    started_at  VARCHAR(40)  NOT NULL,
    host        VARCHAR(200) NOT NULL,
    pid         BIGINT       NOT NULL
);

CREATE TABLE record_block (
    batch_id   VARCHAR(64) NOT NULL,
    block_no   INTEGER     NOT NULL,
    row_count  INTEGER     NOT NULL,
    payload    ${BLOB}     NOT NULL,
    PRIMARY KEY (batch_id, block_no)
);

CREATE TABLE dataset_version (
    dataset_id    VARCHAR(200) NOT NULL REFERENCES dataset (id),
    version       INTEGER      NOT NULL,
    published_at  VARCHAR(40)  NOT NULL,
    row_count     BIGINT       NOT NULL,
    batch_id      VARCHAR(64)  NOT NULL,
    schema_json   TEXT         NOT NULL,
    lineage_json  TEXT         NOT NULL,
    quality_json  TEXT         NOT NULL,
    PRIMARY KEY (dataset_id, version)
);

CREATE TABLE referentiel (
    kind      VARCHAR(40)  NOT NULL,
    scope     VARCHAR(40)  NOT NULL,
    code      VARCHAR(20)  NOT NULL,
    name      VARCHAR(200),
    millesime VARCHAR(20),
    geometry  ${BLOB},
    PRIMARY KEY (kind, code)
);

CREATE TABLE commune_event (
    seq          INTEGER     NOT NULL PRIMARY KEY,
    mod          INTEGER     NOT NULL,
    date_eff     VARCHAR(10) NOT NULL,
    typecom_av   VARCHAR(8)  NOT NULL,
    com_av       VARCHAR(5)  NOT NULL,
    libelle_av   VARCHAR(200),
    typecom_ap   VARCHAR(8)  NOT NULL,
    com_ap       VARCHAR(5)  NOT NULL,
    libelle_ap   VARCHAR(200)
);
CREATE INDEX commune_event_av ON commune_event (com_av);
