-- The organisation that holds a dataset (e.g. the rectorat for pupil files): only its convention managers may grant
-- access to it (validate, activate, amend, renew a convention whose scope includes it), besides the platform admin.
CREATE TABLE dataset_owner (
    dataset_id    VARCHAR(200) PRIMARY KEY,
    organisation  VARCHAR(200) NOT NULL,
    set_at        VARCHAR(40)  NOT NULL
);
