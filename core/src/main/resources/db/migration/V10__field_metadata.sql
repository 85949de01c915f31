-- Metadata revisions of a dataset: labels, descriptions and units of its fields set by a producer
-- (geoeduc schema set-label / apply). Numbered per dataset; the published versions and their rows are untouched,
-- the store serves each version's schema with the revisions applied in order.
CREATE TABLE metadata_revision (
    dataset_id    VARCHAR(200) NOT NULL REFERENCES dataset (id),
    revision      INTEGER      NOT NULL,
    recorded_at   VARCHAR(40)  NOT NULL,
    author        VARCHAR(200) NOT NULL,
    origin        VARCHAR(500) NOT NULL,
    changes_json  TEXT         NOT NULL,
    PRIMARY KEY (dataset_id, revision)
);
