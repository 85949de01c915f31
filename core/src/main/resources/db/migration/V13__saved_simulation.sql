-- Saved simulations of a re-sectorisation (/carte-scolaire/simulations/{id}): a draft (its edits, the pupils' source
-- and the capacities, as the simulation form's URL query) under a title, private to the organisation that saved it.
CREATE TABLE saved_simulation (
    id            VARCHAR(20)   NOT NULL PRIMARY KEY,
    title         VARCHAR(200)  NOT NULL,
    state         TEXT          NOT NULL,
    organisation  VARCHAR(200)  NOT NULL,
    created_at    VARCHAR(40)   NOT NULL
);
CREATE INDEX saved_simulation_organisation ON saved_simulation (organisation, created_at);
