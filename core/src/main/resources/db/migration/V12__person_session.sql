-- Sessions of people signed in on the web pages (cookie geoeduc_session): only the SHA-256 of the random token is kept,
-- with the token that the session's forms must send back (CSRF). Signing out, a password change or disabling the
-- account deletes the rows; expired rows are deleted as they are met and when someone signs in.
CREATE TABLE person_session (
    token_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    user_id       VARCHAR(200) NOT NULL REFERENCES app_user (id),
    csrf          VARCHAR(64)  NOT NULL,
    created_at    VARCHAR(40)  NOT NULL,
    last_seen_at  VARCHAR(40)  NOT NULL
);
CREATE INDEX person_session_user ON person_session (user_id);
