-- Several millésimes of a référentiel side by side (the COG changes every 1 January: the 2018 communes of a join beside
-- the 2024 ones): a row is keyed by its millésime too. A row loaded without a millésime keeps an empty one ('', read back
-- as "millésime non renseigné"): nothing recorded it elsewhere, and the key needs a value.
CREATE TABLE referentiel_millesime (
    kind      VARCHAR(40)  NOT NULL,
    millesime VARCHAR(20)  NOT NULL,
    scope     VARCHAR(40)  NOT NULL,
    code      VARCHAR(20)  NOT NULL,
    name      VARCHAR(200),
    geometry  ${BLOB},
    PRIMARY KEY (kind, millesime, code)
);
INSERT INTO referentiel_millesime (kind, millesime, scope, code, name, geometry)
    SELECT kind, COALESCE(millesime, ''), scope, code, name, geometry FROM referentiel;
DROP TABLE referentiel;
ALTER TABLE referentiel_millesime RENAME TO referentiel;
CREATE INDEX referentiel_scope ON referentiel (kind, scope, millesime);
