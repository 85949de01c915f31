-- Saved and shared views of the map explorer (/vues/{id}): the explorer's URL state of one dataset under a title,
-- saved by an API client's organisation. Who may open one is decided when it is read, by the dataset's access.
CREATE TABLE saved_view (
    id            VARCHAR(20)   NOT NULL PRIMARY KEY,
    title         VARCHAR(200)  NOT NULL,
    description   VARCHAR(2000) NOT NULL,
    dataset_id    VARCHAR(200)  NOT NULL,
    state         VARCHAR(4000) NOT NULL,
    organisation  VARCHAR(200)  NOT NULL,
    created_at    VARCHAR(40)   NOT NULL
);
CREATE INDEX saved_view_created ON saved_view (created_at);
