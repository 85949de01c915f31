-- Calls counted against daily quotas, per client (whatever credential it used: API key, OAuth2 token) or per address
-- for anonymous callers, shared by every server process on the store and kept across restarts.
CREATE TABLE quota_usage (
    counter  VARCHAR(300) NOT NULL,
    day      VARCHAR(10)  NOT NULL,
    used     BIGINT       NOT NULL,
    PRIMARY KEY (counter, day)
);
