-- People who use the platform (the admin API and its pages): each belongs to an organisation and holds roles.
-- Passwords are kept only as PBKDF2-HMAC-SHA256 hashes (pbkdf2$iterations$salt$hash).
CREATE TABLE app_user (
    id            VARCHAR(200) PRIMARY KEY,
    name          VARCHAR(300) NOT NULL,
    organisation  VARCHAR(64)  NOT NULL REFERENCES organisation (id),
    roles         VARCHAR(200) NOT NULL,
    password_hash VARCHAR(200) NOT NULL,
    created_at    VARCHAR(40)  NOT NULL,
    disabled_at   VARCHAR(40)
);
